import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import {
  InvalidPieceSizeError, paddedPieceSize, paddedToUnpadded, requiredPadding, unpaddedPieceSize,
  unpaddedPieceSizeForPayload, unpaddedToPadded, type PaddedPieceSize
} from '../../../src/core/piece/sizes.js'

describe('piece sizes', () => {
  test('padded <-> unpadded as Lotus abi', () => {
    assert.equal(unpaddedToPadded(unpaddedPieceSize(127)), 128)
    assert.equal(unpaddedToPadded(unpaddedPieceSize(1016)), 1024)
    assert.equal(paddedToUnpadded(paddedPieceSize(2 ** 35)), 34091302912)
    assert.equal(paddedPieceSize(2048n), 2048)
  })

  test('validation errors name the value and source (Lotus Validate wording)', () => {
    assert.throws(() => unpaddedPieceSize(126, 'deal proposal'), (err: unknown) =>
      err instanceof InvalidPieceSizeError && err.message === 'deal proposal: unpadded piece size 126: minimum piece size is 127 bytes' && err.value === 126)
    assert.throws(() => unpaddedPieceSize(127 * 3), /must be a power of 2 multiple of 127/)
    assert.throws(() => paddedPieceSize(64), /minimum padded piece size is 128 bytes/)
    assert.throws(() => paddedPieceSize(1000, '--size'), /--size: padded piece size 1000 must be a power of 2$/)
    assert.throws(() => paddedPieceSize(-128), /not a non-negative integer/)
    assert.throws(() => paddedPieceSize(128.5), /not a non-negative integer/)
    assert.throws(() => paddedPieceSize(2n ** 64n), /not a non-negative integer/)
  })

  test('payload size to the next 127 * 2^k', () => {
    assert.equal(unpaddedPieceSizeForPayload(0), 127)
    assert.equal(unpaddedPieceSizeForPayload(127), 127)
    assert.equal(unpaddedPieceSizeForPayload(128), 254)
    assert.equal(unpaddedPieceSizeForPayload(1016), 1016)
    assert.equal(unpaddedPieceSizeForPayload(1017), 2032)
    assert.throws(() => unpaddedPieceSizeForPayload(2 ** 36, 'big.car'), /big\.car: payload of 68719476736 bytes exceeds the largest piece/)
  })

  test('required padding before a piece (Lotus GetRequiredPadding)', () => {
    const p = (n: number): PaddedPieceSize => paddedPieceSize(n)
    assert.deepEqual(requiredPadding(0, p(1024)), { pads: [], sum: 0 })
    assert.deepEqual(requiredPadding(128, p(1024)), { pads: [128, 256, 512], sum: 896 })
    assert.deepEqual(requiredPadding(256 + 128, p(2048)), { pads: [128, 512, 1024], sum: 1664 })
    assert.deepEqual(requiredPadding(2048, p(1024)), { pads: [], sum: 0 })
  })
})
