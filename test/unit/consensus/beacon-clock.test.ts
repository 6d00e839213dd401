import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { blake2b } from '@noble/hashes/blake2.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { blsVerify } from '../../../src/core/crypto/index.js'
import type { ChainEpoch } from '../../../src/core/types.js'
import {
  beaconEntriesForBlock, beaconEntriesProblem, beaconRoundsForBlock, deriveBeaconKey, genesisBeaconEntry, LocalBeacon
} from '../../../src/chain/beacon/index.js'
import { ChainClock } from '../../../src/chain/consensus/index.js'
import { drawRandomness } from '../../../src/chain/rand/index.js'

const beacon = new LocalBeacon({ secretKey: deriveBeaconKey('devnet') })
const e = (n: number): ChainEpoch => n as ChainEpoch

describe('local beacon', () => {
  it('signs sha256(round as uint64 BE) with the beacon key, verifiable with the public key alone', () => {
    const entry = beacon.entry(7)
    const msg = sha256(Uint8Array.of(0, 0, 0, 0, 0, 0, 0, 7))
    assert.ok(blsVerify(entry.Data, msg, beacon.publicKey))
    const verifier = new LocalBeacon({ publicKey: beacon.publicKey })
    assert.deepEqual(verifier.verifyEntry(entry), { valid: true })
    assert.equal(verifier.verifyEntry({ Round: 8, Data: entry.Data }).valid, false)
    assert.throws(() => verifier.entry(1), /only the beacon's public key/)
    assert.deepEqual(new LocalBeacon({ secretKey: deriveBeaconKey('devnet') }).entry(7), entry, 'deterministic')
  })

  it('rejects a secret key that does not match the published public key', () => {
    assert.throws(() => new LocalBeacon({ secretKey: deriveBeaconKey('a'), publicKey: beacon.publicKey }), /does not belong/)
  })

  it('names the rounds a block carries: after genesis only the max round, else every round since the parent', async () => {
    assert.deepEqual(beaconRoundsForBlock(beacon, e(1), genesisBeaconEntry), [1])
    assert.deepEqual(beaconRoundsForBlock(beacon, e(5), genesisBeaconEntry), [5])
    assert.deepEqual(beaconRoundsForBlock(beacon, e(5), beacon.entry(2)), [3, 4, 5])
    assert.deepEqual(beaconRoundsForBlock(beacon, e(5), beacon.entry(5)), [])
    const entries = await beaconEntriesForBlock(beacon, e(5), beacon.entry(2))
    assert.equal(beaconEntriesProblem(beacon, e(5), entries, beacon.entry(2)), undefined)
    assert.match(beaconEntriesProblem(beacon, e(5), entries.slice(1), beacon.entry(2)) ?? '', /rounds 3..5/)
    assert.match(beaconEntriesProblem(beacon, e(5), entries.slice(0, 2), beacon.entry(2)) ?? '', /final beacon entry in block to be at round 5, got 4/)
    assert.match(beaconEntriesProblem(beacon, e(5), [entries[0]!, entries[0]!, entries[2]!], beacon.entry(2)) ?? '', /entry 1 is for round 3, expected 4/)
    assert.match(beaconEntriesProblem(beacon, e(5), [...entries, beacon.entry(6)], beacon.entry(2)) ?? '', /final beacon entry/)
    assert.match(beaconEntriesProblem(beacon, e(5), [beacon.entry(5)], beacon.entry(5)) ?? '', /not to have any beacon entries/)
  })
})

describe('chain clock', () => {
  it('maps epochs and times with sub-second delays, timestamps in whole seconds', () => {
    let now = 1_700_000_000_000
    const clock = new ChainClock({ genesisTimestamp: 1_700_000_000, blockDelayMs: 100, now: () => now })
    assert.equal(clock.epochAt(), 0)
    now += 250
    assert.equal(clock.epochAt(), 2)
    assert.equal(clock.epochStartMs(e(25)), 1_700_000_002_500)
    assert.equal(clock.timestampForEpoch(e(25)), 1_700_000_002)
    assert.equal(clock.msUntilEpoch(e(3)), 50)
    assert.equal(clock.epochAt(0), 0, 'before genesis is epoch 0')
    const lotusLike = new ChainClock({ genesisTimestamp: 1000, blockDelayMs: 4000 })
    assert.equal(lotusLike.timestampForEpoch(e(10)), 1040, 'genesis + height × BlockDelaySecs')
    assert.throws(() => new ChainClock({ genesisTimestamp: 1, blockDelayMs: 0 }), /positive/)
  })
})

describe('randomness formula', () => {
  it('is blake2b-256(DST int64 BE || blake2b-256(base) || epoch int64 BE || entropy)', () => {
    const base = new TextEncoder().encode('ticket vrf proof')
    const entropy = Uint8Array.of(0x55, 0x00, 0xe8, 0x07)
    // DST 2 (ElectionProofProduction), epoch 1000 = 0x3e8, written out byte by byte.
    const preimage = Uint8Array.from([
      0, 0, 0, 0, 0, 0, 0, 2,
      ...blake2b(base, { dkLen: 32 }),
      0, 0, 0, 0, 0, 0, 0x03, 0xe8,
      ...entropy
    ])
    assert.deepEqual(drawRandomness(base, 2, 1000, entropy), blake2b(preimage, { dkLen: 32 }))
    // A negative epoch is written as two's complement int64.
    const neg = Uint8Array.from([0, 0, 0, 0, 0, 0, 0, 1, ...blake2b(base, { dkLen: 32 }), 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff])
    assert.deepEqual(drawRandomness(base, 1, -1), blake2b(neg, { dkLen: 32 }))
  })
})
