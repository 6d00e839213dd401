import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import { StorageDealStatus, dealStatusName, isFinalStatus, statusFromCheckpoint } from '../../../src/client/deal-state.js'

const CHECKPOINTS = ['Accepted', 'Transferred', 'Published', 'PublishConfirmed', 'AddedPiece', 'IndexedAndAnnounced', 'Complete', '']

describe('statusFromCheckpoint', () => {
  test('Accepted: offline waits for data (18), online is transferring (17)', () => {
    assert.equal(statusFromCheckpoint('Accepted', '', true, false), 18)
    assert.equal(statusFromCheckpoint('Accepted', '', false, false), 17)
    assert.equal(StorageDealStatus.WaitingForData, 18)
    assert.equal(StorageDealStatus.Transferring, 17)
  })

  test('each later checkpoint, online or offline', () => {
    for (const offline of [false, true]) {
      assert.equal(statusFromCheckpoint('Transferred', '', offline, false), 19)
      assert.equal(statusFromCheckpoint('Published', '', offline, false), 25)
      assert.equal(statusFromCheckpoint('PublishConfirmed', '', offline, false), 4)
      assert.equal(statusFromCheckpoint('AddedPiece', '', offline, false), 5)
    }
  })

  test('active is Active (7) whatever the checkpoint, error or mode', () => {
    for (const cp of CHECKPOINTS) {
      for (const offline of [false, true]) {
        assert.equal(statusFromCheckpoint(cp, '', offline, true), 7, cp)
        assert.equal(statusFromCheckpoint(cp, 'some error', offline, true), 7, cp)
      }
    }
  })

  test('Complete: with an error it is Error (26), without it is Expired (8)', () => {
    assert.equal(statusFromCheckpoint('Complete', 'sealing failed', false, false), 26)
    assert.equal(statusFromCheckpoint('Complete', 'sealing failed', true, false), 26)
    assert.equal(statusFromCheckpoint('Complete', '', false, false), 8)
    assert.equal(statusFromCheckpoint('Complete', '', true, false), 8)
  })

  test('an error before Complete does not change the checkpoint\'s status', () => {
    assert.equal(statusFromCheckpoint('Accepted', 'transfer stalled', false, false), 17)
    assert.equal(statusFromCheckpoint('AddedPiece', 'x', false, false), 5)
  })

  test("Boost's IndexedAndAnnounced is sealing (5), as AddedPiece", () => {
    assert.equal(statusFromCheckpoint('IndexedAndAnnounced', '', false, false), 5)
  })

  test('an unknown or empty checkpoint is Unknown (0)', () => {
    for (const cp of ['', 'accepted', 'complete', 'Sealed']) {
      assert.equal(statusFromCheckpoint(cp, '', false, false), 0, cp)
      assert.equal(statusFromCheckpoint(cp, 'err', true, false), 0, cp)
    }
  })
})

describe('dealStatusName', () => {
  test('the Lotus names of every code the client uses', () => {
    const want: Record<number, string> = {
      0: 'StorageDealUnknown',
      2: 'StorageDealProposalRejected',
      3: 'StorageDealProposalAccepted',
      4: 'StorageDealStaged',
      5: 'StorageDealSealing',
      7: 'StorageDealActive',
      8: 'StorageDealExpired',
      9: 'StorageDealSlashed',
      17: 'StorageDealTransferring',
      18: 'StorageDealWaitingForData',
      19: 'StorageDealVerifyData',
      25: 'StorageDealPublishing',
      26: 'StorageDealError'
    }
    for (const [code, name] of Object.entries(want)) assert.equal(dealStatusName(Number(code)), name)
    // Every constant has a name of the form StorageDeal<Key>.
    for (const [key, code] of Object.entries(StorageDealStatus)) assert.equal(dealStatusName(code), `StorageDeal${key}`)
  })

  test('an unknown code', () => {
    assert.equal(dealStatusName(99), 'StorageDealStatus(99)')
    assert.equal(dealStatusName(1), 'StorageDealStatus(1)')
    assert.equal(dealStatusName(-1), 'StorageDealStatus(-1)')
  })
})

describe('isFinalStatus', () => {
  test('rejected, active, expired, slashed and error are final; the rest are not', () => {
    const final = new Set([2, 7, 8, 9, 26])
    for (let code = 0; code <= 30; code++) assert.equal(isFinalStatus(code), final.has(code), String(code))
    assert.equal(isFinalStatus(StorageDealStatus.ProposalRejected), true)
    assert.equal(isFinalStatus(StorageDealStatus.Active), true)
    assert.equal(isFinalStatus(StorageDealStatus.ProposalAccepted), false)
    assert.equal(isFinalStatus(StorageDealStatus.Sealing), false)
  })
})
