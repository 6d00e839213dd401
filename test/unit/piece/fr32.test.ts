import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { InvalidInputError } from '../../../src/core/errors.js'
import { fr32Pad, fr32Unpad } from '../../../src/core/piece/fr32.js'

describe('fr32', () => {
  test('pad then unpad returns the payload, and every 32-byte leaf keeps its top two bits clear', () => {
    const data = randomBytes(127 * 9)
    const padded = fr32Pad(data)
    assert.equal(padded.length, 128 * 9)
    for (let i = 31; i < padded.length; i += 32) assert.equal(padded[i]! & 0xc0, 0, `leaf byte ${i}`)
    assert.deepEqual(Buffer.from(fr32Unpad(padded)), data)
  })

  test('all-ones payload: each leaf holds exactly 254 set bits', () => {
    // 127 bytes of 0xff = 1016 bits = 4 x 254 bits (go-fil-commp-hashhash / ffi bit order, LSB first).
    const padded = fr32Pad(new Uint8Array(127).fill(0xff))
    for (let leaf = 0; leaf < 4; leaf++) {
      const bytes = padded.subarray(32 * leaf, 32 * leaf + 32)
      assert.deepEqual(Array.from(bytes.subarray(0, 31)), new Array<number>(31).fill(0xff))
      assert.equal(bytes[31], 0x3f)
    }
  })

  test('bit order: the 255th payload bit is the first bit of the second leaf', () => {
    const data = new Uint8Array(127)
    data[31] = 0x40 // bit 254 of the payload
    const padded = fr32Pad(data)
    assert.equal(padded[31], 0)
    assert.equal(padded[32], 1)
    assert.deepEqual(fr32Unpad(padded), data)
  })

  test('lengths that are not whole 127/128-byte units are rejected with the length', () => {
    assert.throws(() => fr32Pad(new Uint8Array(128)), (err: unknown) => err instanceof InvalidInputError && /length 128 is not a multiple of 127/.test(err.message))
    assert.throws(() => fr32Unpad(new Uint8Array(127), 'sector file'), /sector file: length 127 is not a multiple of 128/)
  })
})
