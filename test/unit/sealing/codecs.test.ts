// Wire shapes of the sealing API and the stored sector record.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CID } from 'multiformats/cid'
import { zeroPieceCid } from '../../../src/core/piece/index.js'
import { PieceDataJson, SealingContract, SectorInfo } from '../../../src/api/sealing.js'
import { devnetPolicy } from '../../../src/chain/actors/policy.js'
import { decodeSectorRecord, encodeSectorRecord, newSectorRecord } from '../../../src/sealing/record.js'
import { sealingPolicyFrom } from '../../../src/sealing/index.js'
import { sectorInfoOf } from '../../../src/sealing/status.js'

test('reader params: null, push and http forms; a raw stream is never printed', () => {
  assert.deepEqual(PieceDataJson.fromJson({ Type: 'null', Info: '2032' }, 'p'), { kind: 'null', size: 2032 })
  assert.deepEqual(PieceDataJson.toJson({ kind: 'null', size: 2032 }), { Type: 'null', Info: '2032' })
  const uuid = '3d3f0b8e-8a4b-4b33-9f6e-1f2f3a4b5c6d'
  assert.deepEqual(PieceDataJson.fromJson({ Type: 'push', Info: uuid }, 'p'), { kind: 'push', uuid })
  assert.deepEqual(PieceDataJson.fromJson({ Type: 'http', Info: 'http://h/x' }, 'p'), { kind: 'http', url: 'http://h/x' })
  assert.throws(() => PieceDataJson.fromJson({ Type: 'file', Info: 'x' }, 'params[1]'), /params\[1\]\.Type/)
  assert.throws(() => PieceDataJson.toJson({ kind: 'stream', stream: (async function * () {})() }), /push/)
})

test('contract: Lotus names and permissions', () => {
  assert.equal(SealingContract.SectorAddPieceToAny.perm, 'admin')
  assert.equal(SealingContract.SectorsStatus.perm, 'read')
  assert.equal(SealingContract.PledgeSector.perm, 'write')
  assert.equal(SealingContract.SectorsUpdate.name, 'Filecoin.SectorsUpdate')
})

test('the record round-trips through CBOR, and prints as Lotus SectorInfo', () => {
  const r = newSectorRecord(7 as never, 5)
  r.State = 'PreCommit2'
  r.Pieces.push({ Piece: { Size: 2048 as never, PieceCID: zeroPieceCid(2048) }, DealInfo: null })
  r.TicketValue = new Uint8Array(32).fill(1)
  r.CommR = CID.parse('bagboea4b5abcb6r6orwwv2b5qgalkmfnsmh4aywdo5kzh7jj4trpyjc53f2ag4ey')
  r.PreCommitDeposit = (10n ** 30n) as never
  const back = decodeSectorRecord(encodeSectorRecord(r), '/sectors/7')
  assert.deepEqual(back, r)
  const json = SectorInfo.toJson(sectorInfoOf(back, [{ Kind: 'event;sealing.SectorStartCC', Timestamp: 1, Trace: '', Message: '{}' }])) as Record<string, unknown>
  assert.deepEqual(Object.keys(json).slice(0, 6), ['SectorID', 'State', 'CommD', 'CommR', 'Proof', 'Deals'])
  assert.equal(json.State, 'PreCommit2')
  assert.deepEqual(json.Ticket, { Value: Buffer.from(r.TicketValue).toString('base64'), Epoch: 0 })
})

test('sealing policy from the devnet network policy', () => {
  const p = sealingPolicyFrom(devnetPolicy, 4)
  assert.equal(p.preCommitChallengeDelay, 10)
  assert.equal(p.sealRandomnessLookback, devnetPolicy.ChainFinality)
})
