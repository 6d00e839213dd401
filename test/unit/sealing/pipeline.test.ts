// The happy paths: a pledged sector walks every sealing state to Proving; a deal sector packs
// two pieces with an alignment pad and a filler and its CommD is the pieces' CommD.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readdirSync } from 'node:fs'
import { randomBytes } from 'node:crypto'
import { generateUnsealedCid, pieceCommitmentOf } from '../../../src/core/piece/index.js'
import { sectorId } from '../../../src/core/sector/index.js'
import { actorId, dealId } from '../../../src/core/types.js'
import { DevVerifier, readPiece } from '../../../src/proofs/index.js'
import type { PieceDealInfo } from '../../../src/api/sealing.js'
import { type Harness, MINER, dealProposal, harness, until } from './fakes.js'

const kinds = (h: Harness, n: number): Promise<string[]> => h.service.SectorsStatus(n as never, false).then((s) => s.Log.map((l) => l.Kind.replace('event;sealing.', '')))

describe('pledged sector', () => {
  let h: Harness
  before(async () => { h = await harness() })
  after(async () => { await h.close() })

  test('walks every state to Proving and finalizes', async () => {
    const id = await h.service.PledgeSector()
    assert.equal(id.miner, 1000n)
    const n = id.number
    await until(h, [n], 'Proving')
    assert.deepEqual(await kinds(h, n), [
      'SectorStartCC', 'SectorPacked', 'SectorTicket', 'SectorPreCommit1', 'SectorPreCommit2', 'SectorPreCommitted',
      'SectorPreCommitLanded', 'SectorSeedReady', 'SectorCommitted', 'SectorCommitSubmitted', 'SectorProving', 'SectorFinalized'
    ])
    const info = await h.service.SectorsStatus(n, true)
    assert.equal(info.State, 'Proving')
    assert.equal(info.Pieces.length, 1, 'one 2 KiB filler')
    assert.equal(info.Pieces[0]!.DealInfo, null)
    assert.equal(info.CommD?.toString(), generateUnsealedCid(2048, []).toString())
    assert.ok(info.PreCommitMsg !== null && info.CommitMsg !== null)
    assert.ok(info.Ticket.Value !== null && info.Seed.Value !== null && info.Proof !== null)
    assert.equal(info.InitialPledge, 5000n, 'on-chain info when asked')
    const ok = new DevVerifier().verifySeal({
      sealProof: 5, sectorId: sectorId(actorId(1000n), n), randomness: info.Ticket.Value!, interactiveRandomness: info.Seed.Value!,
      proof: info.Proof!, sealedCid: info.CommR!, unsealedCid: info.CommD!
    })
    assert.equal(ok, true, 'the proof verifies')
    // A CC sector keeps no unsealed copy, and the cache loses tree-d.
    assert.equal(existsSync(h.storage.path(sectorId(actorId(1000n), n), 1)), false)
    assert.ok(readdirSync(h.storage.path(sectorId(actorId(1000n), n), 4)).length > 0)
    const pc = h.chain.pushes(28, n)
    assert.equal(pc.length, 1)
    assert.equal(pc[0]!.from, 't0101', 'PreCommit from the worker when no control address is configured')
    assert.deepEqual(await h.service.SectorsSummary(), { Proving: 1 })
    assert.deepEqual(await h.service.SectorsListInStates(['Proving']), [n])
  })
})

describe('deal sector', () => {
  let h: Harness
  before(async () => { h = await harness() })
  after(async () => { await h.close() })

  test('packs two pieces with pads and fillers; CommD matches the pieces', async () => {
    const a = randomBytes(254)
    const b = randomBytes(508)
    const ca = pieceCommitmentOf(a)
    const cb = pieceCommitmentOf(b)
    h.chain.deals.set(1, dealProposal(ca.pieceCid, 256))
    h.chain.deals.set(2, dealProposal(cb.pieceCid, 512))
    const deal = (id: number, pieceCid: typeof ca.pieceCid, size: number): PieceDealInfo => ({
      PublishCid: null, DealID: dealId(id), DealProposal: dealProposal(pieceCid, size),
      DealSchedule: { StartEpoch: 5000 as never, EndEpoch: 600_000 as never }, KeepUnsealed: true
    })
    const stream = async function * (bytes: Uint8Array): AsyncIterable<Uint8Array> { yield bytes.subarray(0, 100); yield bytes.subarray(100) }
    const ra = await h.service.SectorAddPieceToAny(254, { kind: 'stream', stream: stream(a) }, deal(1, ca.pieceCid, 256))
    const rb = await h.service.SectorAddPieceToAny(508, { kind: 'stream', stream: stream(b) }, deal(2, cb.pieceCid, 512))
    assert.equal(ra.Sector, rb.Sector, 'both pieces in one sector')
    assert.equal(ra.Offset, 0)
    assert.equal(rb.Offset, 512, 'aligned to its own size after a 256-byte pad')
    const n = ra.Sector
    assert.equal((await h.service.SectorsStatus(n, false)).State, 'WaitDeals')
    await h.service.SectorStartSealing(n)
    await until(h, [n], 'Proving')
    const info = await h.service.SectorsStatus(n, false)
    assert.deepEqual(info.Pieces.map((p) => [p.Piece.Size, p.DealInfo?.DealID ?? null]), [[256, 1], [256, null], [512, 2], [1024, null]])
    assert.deepEqual(info.Deals, [1, 2])
    const expected = generateUnsealedCid(2048, [{ size: 256, pieceCid: ca.pieceCid }, { size: 512, pieceCid: cb.pieceCid }])
    assert.equal(info.CommD?.toString(), expected.toString())
    assert.equal(h.chain.precommits.size, 0)
    assert.deepEqual(h.chain.sectors.get(n)?.DealIDs, [1, 2])
    // The unsealed copy is kept (the deal asked) and reads back the piece.
    const unsealed = h.storage.path(sectorId(actorId(1000n), n), 1)
    const chunks: Uint8Array[] = []
    for await (const c of readPiece({ unsealedPath: unsealed, offset: 508, size: 508 })) chunks.push(c)
    assert.deepEqual(Buffer.concat(chunks), Buffer.from(b))
    assert.deepEqual(await h.service.SectorsRefs(), { 1: [{ SectorID: n, Offset: 0, Size: 254 }], 2: [{ SectorID: n, Offset: 512, Size: 508 }] })
  })

  test('refuses a deal starting too soon and a piece larger than the sector', async () => {
    const info: PieceDealInfo = {
      PublishCid: null, DealID: dealId(9), DealProposal: null, DealSchedule: { StartEpoch: 1005 as never, EndEpoch: 9000 as never }, KeepUnsealed: false
    }
    await assert.rejects(h.service.SectorAddPieceToAny(254, { kind: 'null', size: 254 }, info), /start epoch 1005/)
    await assert.rejects(h.service.SectorAddPieceToAny(4064, { kind: 'null', size: 4064 }, info), /cannot fit into a sector/)
    await assert.rejects(h.service.SectorAddPieceToAny(100, { kind: 'null', size: 100 }, info), /100/)
    assert.equal(MINER.toString(), 't01000')
  })
})
