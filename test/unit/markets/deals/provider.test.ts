import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { CID } from 'multiformats/cid'
import { type ClientDealProposal, publishStorageDealsReturnCbor } from '../../../../src/chain/actors/builtin/market/types.js'
import { BitField } from '../../../../src/core/bitfield/index.js'
import { encodeCbor } from '../../../../src/core/cbor/index.js'
import { generateKey, SigType, sign } from '../../../../src/core/crypto/index.js'
import { type Message, type SignedMessage, signedMessageCid } from '../../../../src/core/message/index.js'
import { pieceCommitmentOf } from '../../../../src/core/piece/index.js'
import type { DealId } from '../../../../src/core/types.js'
import type { StoredAsk } from '../../../../src/markets/ask/stored-ask.js'
import type { ProviderDeal } from '../../../../src/markets/deals/deal.js'
import type { DealSealer } from '../../../../src/markets/deals/executor.js'
import { DealProvider, type DealProviderChain } from '../../../../src/markets/deals/provider.js'
import { type DealParams, signedProposalCid, uuidString } from '../../../../src/protocols/index.js'
import { openSqliteDatastore, type SqliteDatastore } from '../../../../src/repo/datastore.js'
import type { MinerConfig } from '../../../../src/repo/index.js'
import { BLOCK_DELAY, CLIENT_KEY, carFile, fakeValidationChain, MINER, minerConfig, proposal, quietLog, signed, WORKER } from './fixtures.js'

interface AddPieceCall { size: number, dealId: number, keepUnsealed: boolean }

let datastore: SqliteDatastore
let staging: string
let work: string
let config: MinerConfig
let addPiece: AddPieceCall[]
let providers: DealProvider[]

function fakeChain (): DealProviderChain {
  const { chain } = fakeValidationChain()
  const byCid = new Map<string, Message>()
  return {
    ...chain,
    StateMinerInfo: async () => ({ Worker: WORKER }),
    MpoolPushMessage: async (msg: Message) => {
      const sm: SignedMessage = { Message: msg, Signature: { type: SigType.Secp256k1, data: new Uint8Array(65).fill(1) } }
      byCid.set(signedMessageCid(sm).toString(), msg)
      return sm
    },
    StateWaitMsg: async (cid: CID) => ({
      Message: cid,
      Receipt: { ExitCode: 0, Return: encodeCbor(publishStorageDealsReturnCbor, { IDs: [42] as DealId[], ValidDeals: BitField.fromArray([0]) }), GasUsed: 0n, EventsRoot: null },
      ReturnDec: null,
      TipSet: null,
      Height: 110
    }),
    ChainGetMessage: async (cid: CID) => byCid.get(cid.toString()),
    StateMarketStorageDeal: async () => { throw new Error('deal not found') }
  } as unknown as DealProviderChain
}

/** A sealer that records AddPiece calls and never finishes them (until the deal's signal aborts). */
const sealer: DealSealer = {
  SectorAddPieceToAny: async (size: unknown, _data: unknown, info: { DealID: number, KeepUnsealed: boolean }, opts?: { signal?: AbortSignal }) => {
    addPiece.push({ size: Number(size), dealId: Number(info.DealID), keepUnsealed: info.KeepUnsealed })
    return await new Promise((_resolve, reject) => {
      opts?.signal?.addEventListener('abort', () => { reject(new Error('aborted')) }, { once: true })
    })
  },
  SectorsStatus: async (n: unknown) => ({ State: 'PreCommit1', Pieces: handedOff.get(Number(n)) ?? [] }),
  SectorsList: async () => [...handedOff.keys()]
} as unknown as DealSealer

/** What the fake sealer already holds: sector → pieces (deal ID, padded size). */
const handedOff = new Map<number, Array<{ Piece: { Size: number }, DealInfo: { DealID: number } | null }>>()

function provider (): DealProvider {
  const p = new DealProvider({
    chain: fakeChain(),
    sealer,
    datastore,
    ask: { get: () => undefined } as unknown as StoredAsk,
    config: () => config,
    log: quietLog()
  }, { miner: MINER, stagingDir: staging, blockDelaySecs: BLOCK_DELAY })
  providers.push(p)
  p.start()
  return p
}

function uuid (): Uint8Array {
  return Uint8Array.from(randomBytes(16))
}

async function params (change: Partial<DealParams> = {}, cdp: ClientDealProposal = signed(proposal())): Promise<DealParams> {
  return {
    DealUUID: uuid(),
    IsOffline: true,
    ClientDealProposal: cdp,
    DealDataRoot: (await carFile(10)).root,
    Transfer: { Type: '', ClientID: '', Params: new Uint8Array(0), Size: 0 },
    RemoveUnsealedCopy: false,
    SkipIPNIAnnounce: false,
    ...change
  }
}

async function until<T> (what: string, f: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = f()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

beforeEach(() => {
  datastore = openSqliteDatastore(':memory:')
  work = mkdtempSync(join(tmpdir(), 'nelumbo-deal-provider-'))
  staging = join(work, 'deal-staging')
  config = minerConfig()
  addPiece = []
  providers = []
})

afterEach(async () => {
  for (const p of providers) await p.stop()
  datastore.close()
  rmSync(work, { recursive: true, force: true })
})

describe('DealProvider: proposals', () => {
  test('accepts a valid offline deal and stores it at Accepted', async () => {
    const p = provider()
    const dp = await params()
    assert.deepEqual(await p.propose(dp, 'client-peer'), { Accepted: true, Message: '' })
    const deals = p.list()
    assert.equal(deals.length, 1)
    const d = deals[0]!
    assert.equal(uuidString(d.DealUUID), uuidString(dp.DealUUID))
    assert.equal(d.Checkpoint, 'Accepted')
    assert.equal(d.Error, '')
    assert.equal(d.IsOffline, true)
    assert.equal(d.ClientPeerID, 'client-peer')
    assert.equal(d.InboundFilePath, '')
    assert.equal(d.KeepUnsealed, true)
    assert.equal(d.PublishCid, null)
    assert.ok(d.SignedProposalCid.equals(await signedProposalCid(dp.ClientDealProposal)))
    assert.ok(d.DealDataRoot.equals(dp.DealDataRoot))
    assert.ok(Math.abs(d.CreatedAt - Date.now()) < 5000)
    // The offline deal waits for its data: still Accepted a little later.
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.equal(p.list()[0]!.Checkpoint, 'Accepted')
  })

  test('RemoveUnsealedCopy makes KeepUnsealed false', async () => {
    const p = provider()
    assert.equal((await p.propose(await params({ RemoveUnsealedCopy: true }), 'peer')).Accepted, true)
    assert.equal(p.list()[0]!.KeepUnsealed, false)
  })

  test('an identical proposal is refused', async () => {
    const p = provider()
    const first = await params()
    assert.equal((await p.propose(first, 'peer')).Accepted, true)
    const at = new Date(p.list()[0]!.CreatedAt).toISOString()
    const again = await params({}, first.ClientDealProposal)
    assert.deepEqual(await p.propose(again, 'peer'),
      { Accepted: false, Message: `deal proposal is identical to deal ${uuidString(first.DealUUID)} (proposed at ${at})` })
    assert.equal(p.list().length, 1)
  })

  test('identical proposals sent at once: one accepted', async () => {
    const p = provider()
    const cdp = signed(proposal())
    const rs = await Promise.all([p.propose(await params({}, cdp), 'a'), p.propose(await params({}, cdp), 'b')])
    assert.deepEqual(rs.map((r) => r.Accepted), [true, false])
    assert.equal(p.list().length, 1)
  })

  test('the same UUID with a different proposal is refused', async () => {
    const p = provider()
    const first = await params()
    assert.equal((await p.propose(first, 'peer')).Accepted, true)
    const at = new Date(p.list()[0]!.CreatedAt).toISOString()
    const other = await params({ DealUUID: first.DealUUID }, signed(proposal({ Label: 'another deal' })))
    assert.deepEqual(await p.propose(other, 'peer'),
      { Accepted: false, Message: `deal has the same uuid as deal ${uuidString(first.DealUUID)} (proposed at ${at})` })
    assert.equal(p.list().length, 1)
  })

  test('a validation failure is refused and nothing is stored', async () => {
    const p = provider()
    const bad = await params({}, signed(proposal(), generateKey('secp256k1')))
    assert.deepEqual(await p.propose(bad, 'peer'), { Accepted: false, Message: 'failed validation: invalid signature' })
    assert.deepEqual(p.list(), [])
  })

  test('a filter refusal is refused and nothing is stored', async () => {
    config = minerConfig({ ConsiderOfflineStorageDeals: false })
    const p = provider()
    assert.deepEqual(await p.propose(await params(), 'peer'), { Accepted: false, Message: 'miner is not accepting offline storage deals' })
    assert.deepEqual(p.list(), [])
  })

  test('an online deal with an unknown transfer type is refused', async () => {
    const p = provider()
    const dp = await params({ IsOffline: false, Transfer: { Type: 'graphsync', ClientID: '', Params: new Uint8Array(0), Size: 10 } })
    assert.deepEqual(await p.propose(dp, 'peer'),
      { Accepted: false, Message: 'server error: get deal transfer host: cannot parse params for unrecognized transfer type \'graphsync\'' })
    assert.deepEqual(p.list(), [])
  })
})

describe('DealProvider: status', () => {
  test('the client\'s signature over the UUID gets the deal\'s status', async () => {
    const p = provider()
    const dp = await params()
    await p.propose(dp, 'peer')
    const r = await p.status({ DealUUID: dp.DealUUID, Signature: sign(CLIENT_KEY, dp.DealUUID) })
    assert.equal(r.Error, '')
    assert.equal(r.IsOffline, true)
    assert.equal(r.TransferSize, 0)
    assert.equal(r.NBytesReceived, 0)
    assert.deepEqual(r.DealUUID, dp.DealUUID)
    const s = r.DealStatus
    assert.ok(s !== null)
    assert.equal(s.Status, 'Accepted')
    assert.equal(s.Error, '')
    assert.equal(s.PublishCid, null)
    assert.equal(s.ChainDealID, 0)
    assert.equal(s.SealingStatus, '')
    assert.ok(s.SignedProposalCid.equals(await signedProposalCid(dp.ClientDealProposal)))
    assert.equal(s.Proposal.Label, dp.ClientDealProposal.Proposal.Label)
  })

  test('another key\'s signature is refused', async () => {
    const p = provider()
    const dp = await params()
    await p.propose(dp, 'peer')
    assert.deepEqual(await p.status({ DealUUID: dp.DealUUID, Signature: sign(generateKey('secp256k1'), dp.DealUUID) }),
      { DealUUID: dp.DealUUID, Error: 'signature verification failed', IsOffline: false, DealStatus: null, TransferSize: 0, NBytesReceived: 0 })
    // The client's key over other bytes neither.
    const r = await p.status({ DealUUID: dp.DealUUID, Signature: sign(CLIENT_KEY, new Uint8Array(16)) })
    assert.equal(r.Error, 'signature verification failed')
  })

  test('an unknown UUID', async () => {
    const p = provider()
    const id = uuid()
    assert.deepEqual(await p.status({ DealUUID: id, Signature: sign(CLIENT_KEY, id) }),
      { DealUUID: id, Error: `no storage deal found with deal UUID ${uuidString(id)}`, IsOffline: false, DealStatus: null, TransferSize: 0, NBytesReceived: 0 })
  })
})

describe('DealProvider: offline data', () => {
  test('importData refuses an unknown proposal CID', async () => {
    const p = provider()
    const cid = await signedProposalCid(signed(proposal()))
    await assert.rejects(p.importData(cid, '/nowhere.car'), { code: 'ERR_DEAL_NOT_FOUND', message: `no storage deal with proposal CID ${cid.toString()}` })
  })

  test('importData refuses a deal whose data comes online (that deal fails on a 404)', async () => {
    const server: Server = createServer((_req, res) => { res.writeHead(404).end() })
    await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data.car`
      const p = provider()
      const dp = await params({ IsOffline: false, Transfer: { Type: 'http', ClientID: '', Params: new TextEncoder().encode(JSON.stringify({ URL: url })), Size: 1000 } })
      assert.deepEqual(await p.propose(dp, 'peer'), { Accepted: true, Message: '' })
      const id = uuidString(dp.DealUUID)
      assert.equal(p.list()[0]!.InboundFilePath, join(staging, `${id}.car`))
      await assert.rejects(p.importData(await signedProposalCid(dp.ClientDealProposal), '/x.car'),
        { code: 'ERR_DEAL_NOT_OFFLINE', message: `deal ${id} is not an offline deal: its data comes by http` })
      const failed = await until('the deal to fail', () => p.list().find((d) => d.Checkpoint === 'Complete'))
      assert.equal(failed.Error, `GET ${url}: HTTP 404`)
      assert.ok(!existsSync(join(staging, `${id}.car`)))
    } finally {
      server.closeAllConnections()
      await new Promise((resolve) => { server.close(resolve) })
    }
  })

  test('importData twice is refused', async () => {
    const p = provider()
    const dp = await params()
    await p.propose(dp, 'peer')
    const cid = await signedProposalCid(dp.ClientDealProposal)
    const file = join(work, 'offline.car')
    writeFileSync(file, randomBytes(100))
    await p.importData(cid, file)
    await assert.rejects(p.importData(cid, file),
      { code: 'ERR_DEAL_STATE', message: `deal ${uuidString(dp.DealUUID)} already has its data (checkpoint Accepted)` })
  })

  test('imported data that is not a CAR ends the deal with the reason', async () => {
    const p = provider()
    const dp = await params()
    await p.propose(dp, 'peer')
    const file = join(work, 'offline.car')
    writeFileSync(file, randomBytes(100))
    await p.importData(await signedProposalCid(dp.ClientDealProposal), file)
    const d = await until('the deal to fail', () => p.list().find((d) => d.Checkpoint === 'Complete'))
    assert.match(d.Error, /^data is not a CAR file: /)
    assert.equal(d.InboundFilePath, file)
    assert.ok(existsSync(file), 'an offline file is the operator\'s: kept')
    await assert.rejects(p.importData(await signedProposalCid(dp.ClientDealProposal), file),
      { code: 'ERR_DEAL_STATE', message: `deal ${uuidString(dp.DealUUID)} already has its data (checkpoint Complete)` })
  })

  test('imported data that fits goes through publishing to the sealer', async () => {
    config = minerConfig({ MaxDealsPerPublishMsg: 1 })
    const { bytes } = await carFile()
    const { pieceCid, pieceSize } = pieceCommitmentOf(bytes)
    const file = join(work, 'offline.car')
    writeFileSync(file, bytes)
    const p = provider()
    const dp = await params({}, signed(proposal({ PieceCID: pieceCid, PieceSize: Number(pieceSize) })))
    await p.propose(dp, 'peer')
    await p.importData(await signedProposalCid(dp.ClientDealProposal), file)
    await until('AddPiece', () => addPiece[0])
    assert.deepEqual(addPiece, [{ size: 2032, dealId: 42, keepUnsealed: true }])
    const d = p.list()[0]!
    assert.equal(d.Checkpoint, 'PublishConfirmed')
    assert.equal(d.ChainDealID, 42)
    assert.ok(d.PublishCid !== null)
    assert.equal(d.Error, '')
  })
})

describe('DealProvider: persistence', () => {
  test('a new provider over the same datastore lists the same deals', async () => {
    const p = provider()
    const a = await params()
    const b = await params({}, signed(proposal({ Label: 'second' })))
    await p.propose(a, 'peer-a')
    await new Promise((resolve) => setTimeout(resolve, 5))
    await p.propose(b, 'peer-b')
    const before = p.list()
    assert.deepEqual(before.map((d) => uuidString(d.DealUUID)), [uuidString(a.DealUUID), uuidString(b.DealUUID)])
    await p.stop()
    const q = provider()
    const after: ProviderDeal[] = q.list()
    assert.deepEqual(after, before)
    const r = await q.status({ DealUUID: b.DealUUID, Signature: sign(CLIENT_KEY, b.DealUUID) })
    assert.equal(r.DealStatus?.Status, 'Accepted')
    assert.deepEqual((await q.propose(await params({}, a.ClientDealProposal), 'peer')).Accepted, false, 'uniqueness survives the restart')
  })

  test('a deal resumed at PublishConfirmed whose piece the sealer already holds is not handed over twice', async () => {
    config = minerConfig({ MaxDealsPerPublishMsg: 1 })
    const { bytes } = await carFile()
    const { pieceCid, pieceSize } = pieceCommitmentOf(bytes)
    const file = join(work, 'handed.car')
    writeFileSync(file, bytes)
    const p = provider()
    const dp = await params({}, signed(proposal({ PieceCID: pieceCid, PieceSize: Number(pieceSize) })))
    await p.propose(dp, 'peer')
    await p.importData(await signedProposalCid(dp.ClientDealProposal), file)
    await until('AddPiece', () => addPiece[0])
    await p.stop()
    // The node died after the sealer took the piece (sector 7, after a 1 KiB filler), before AddedPiece was written.
    handedOff.set(7, [{ Piece: { Size: 1024 }, DealInfo: null }, { Piece: { Size: 2048 }, DealInfo: { DealID: 42 } }])
    addPiece.length = 0
    try {
      const q = provider()
      const d = await until('AddedPiece', () => q.list().find((x) => x.Checkpoint === 'AddedPiece'))
      assert.equal(d.SectorNumber, 7)
      assert.equal(d.Offset, 1024)
      assert.deepEqual(addPiece, [], 'no second SectorAddPieceToAny')
    } finally {
      handedOff.clear()
    }
  })
})
