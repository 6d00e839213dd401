import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import { BitField, MAX_ENCODED_SIZE } from '../../../src/core/bitfield/index.js'
import type { InvalidInputError } from '../../../src/core/errors.js'
import { mulberry32 } from '../ipld/prng.js'
import { GOLDEN_RLE_HEX } from './golden-rle.js'

/** Packs bits LSB-first without trimming (ref-fvm BitWriter::finish_test). */
function bitsToBytes (bits: number[]): Uint8Array {
  const out = new Uint8Array(Math.ceil(bits.length / 8))
  bits.forEach((b, i) => { out[i >> 3]! |= b << (i & 7) })
  return out
}

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

describe('RLE+ decoding (ref-fvm ipld/bitfield/src/rleplus/mod.rs `test`)', () => {
  const run = (n: number): number[] => Array.from({ length: n }, (_, i) => i)
  const ok: Array<[string, number[], number[]]> = [
    ['empty', [], []],
    ['short block of 8', [0, 0, 1, 0, 1, 0, 0, 0, 1], run(8)],
    ['4 ones, 1 zero, 3 ones', [0, 0, 1, 0, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 0], [0, 1, 2, 3, 5, 6, 7]],
    ['long block of 25', [0, 0, 1, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0], run(25)],
    ['varint 17 with zero padding', [0, 0, 1, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0], run(17)]
  ]
  for (const [name, bits, expected] of ok) {
    it(`accepts: ${name}`, () => {
      assert.deepEqual(BitField.decode(bitsToBytes(bits)).toArray(), expected)
    })
  }

  const varintOnes = (n: number): number[] => Array<number>(n).fill(1)
  const bad: Array<[string, number[], RegExp]> = [
    ['wrong version', [1, 0, 1, 0, 1, 0, 0, 0, 1], /unsupported version/],
    ['trailing garbage after a zero short block', [0, 0, 1, 1, 0, 1, 0, 0, 0, 0, 1], /short block of length 0/],
    ['trailing garbage after a zero varint', [0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1], /long block of length 0/],
    ['last byte zero', [0, 0, 1, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0], /trailing zero byte/],
    ['non-minimal varint', [0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1], /invalid varint/],
    ['varint overflowing u64 by 1', [0, 0, 1, 0, 0, ...Array<number[]>(9).fill([0, 0, 0, 0, 0, 0, 0, 1]).flat(), 0, 1, 0], /invalid varint/],
    ['total length overflows', [0, 0, 1, 0, 0, ...varintOnes(71), 0, 0, 0, ...varintOnes(71), 0, 0, 1, 0, 1, 0, 0], /overflow/],
    ['long block that fits a short one', [0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 1, 1, 1], /long block of length 3/],
    ['long block that fits a single', [0, 0, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1], /long block of length 1/],
    ['short block that fits a single', [0, 0, 1, 0, 1, 1, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1], /short block of length 1/],
    ['only a run of zeros (single)', [0, 0, 0, 1], /ends with a run of zeros/],
    ['only a run of zeros (short; also a zero last byte)', [0, 0, 0, 0, 1, 0, 0, 1, 0], /not minimally encoded/],
    ['trailing run of zeros', [0, 0, 1, 0, 1, 0, 0, 1, 0, 1], /ends with a run of zeros/],
    ['trailing run of zeros after runs', [0, 0, 0, 1, 0, 1, 0, 0, 1, 0, 0, 1, 0, 0, 1, 0], /ends with a run of zeros/]
  ]
  for (const [name, bits, pattern] of bad) {
    it(`rejects: ${name}`, () => {
      assert.throws(() => BitField.decode(bitsToBytes(bits), 'test params.Sectors'), (err: InvalidInputError) => {
        assert.equal(err.code, 'ERR_INVALID_BITFIELD')
        assert.match(err.message, pattern)
        assert.match(err.message, /^test params\.Sectors: invalid RLE\+ bitfield/)
        return true
      })
    })
  }

  it('a single run of 2^64-1 ones is valid RLE+ but beyond what BitField holds', () => {
    // ref-fvm: "a varint must allow 9 bytes plus 1 bit"; positions past 2^53-2 are unsupported here
    const bits = [0, 0, 1, 0, 0, ...varintOnes(73), 0, 0]
    assert.throws(() => BitField.decode(bitsToBytes(bits)), /beyond 2\^53-1 are not supported/)
    // ref-fvm iter_last: 2^64-2 set bits
    assert.throws(() => BitField.decode(Uint8Array.from([0xe4, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x2f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f])), /not supported/)
  })
})

describe('RLE+ encoding vectors', () => {
  it('go-bitfield rle/rleplus_test.go TestDecode (reference bytes from the Rust implementation)', () => {
    const numbers = [0, 2, 4, 5, 6, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27]
    const bf = BitField.fromArray(numbers)
    assert.deepEqual([...bf.encode()], [124, 71, 34, 2])
    assert.deepEqual(BitField.decode(Uint8Array.from([124, 71, 34, 2])).toArray(), numbers)
  })

  it('ref-fvm bitfield_tests.rs bit_vec_unset_vector: {1,2,4,5} is a8 54', () => {
    const bf = BitField.fromArray([1, 2, 3, 4, 5]).withoutBit(3)
    assert.equal(hex(bf.encode()), 'a854')
    assert.equal(BitField.decode(Uint8Array.of(0xa8, 0x54)).count(), 4)
  })

  it('go-bitfield TestGoldenLoop: the golden RLE re-encodes to itself', () => {
    const golden = Uint8Array.from(Buffer.from(GOLDEN_RLE_HEX, 'hex'))
    const bf = BitField.decode(golden)
    assert.equal(hex(bf.encode()), GOLDEN_RLE_HEX)
    assert.ok(bf.count() > 0)
  })

  it('ref-fvm bitfield_custom: alternating bits up to 1e6 exceed the 32 KiB limit', () => {
    const bf = BitField.fromRanges(Array.from({ length: 500_000 }, (_, i) => ({ start: 2 * i, end: 2 * i + 1 })))
    assert.throws(() => bf.encode(), /over the 32768-byte limit/)
    assert.throws(() => BitField.decode(new Uint8Array(MAX_ENCODED_SIZE + 1).fill(1)), /exceeds the 32768-byte limit/)
  })

  it('empty encodes to no bytes; bytes 0x00 and a lone header are rejected', () => {
    assert.equal(BitField.empty().encode().length, 0)
    assert.ok(BitField.decode(new Uint8Array(0)).isEmpty())
    assert.throws(() => BitField.decode(Uint8Array.of(0)), /trailing zero byte/)
    assert.throws(() => BitField.decode(Uint8Array.of(0b100)), /ends with a run of zeros/)
  })
})

describe('Lotus JSON (go-bitfield bitfield_test.go TestBitfieldJson)', () => {
  it('writes run lengths starting with zeros', () => {
    const bf = BitField.fromArray([1, 5, 6, 7, 10, 11, 12, 15])
    assert.deepEqual(bf.toJson(), [1, 1, 3, 3, 2, 3, 2, 1])
    assert.deepEqual(BitField.fromArray([0, 1]).toJson(), [0, 2])
    assert.deepEqual(BitField.empty().toJson(), [0])
    assert.ok(BitField.fromJson([1, 1, 3, 3, 2, 3, 2, 1]).equals(bf))
    assert.ok(BitField.fromJson([0]).isEmpty())
    assert.ok(BitField.fromJson(null).isEmpty())
    assert.deepEqual(BitField.fromJson([0, 2, 5]).toArray(), [0, 1])
  })

  it('rejects zero runs after the first and non-integers', () => {
    assert.throws(() => BitField.fromJson([1, 0, 2], 'StateMinerFaults result'), /run 1 has zero length/)
    assert.throws(() => BitField.fromJson([1.5]), /not a non-negative integer/)
    assert.throws(() => BitField.fromJson('[1]'), /must be an array/)
  })
})

describe('set operations (seeded, against Set<number>)', () => {
  const rand = mulberry32(7)
  const randomSet = (): Set<number> => {
    const s = new Set<number>()
    let i = Math.floor(rand() * 5)
    while (i < 400) {
      if (rand() < 0.5) s.add(i)
      i += rand() < 0.2 ? Math.floor(rand() * 40) : 1
    }
    return s
  }
  const sorted = (s: Iterable<number>): number[] => [...s].sort((x, y) => x - y)

  it('union, intersect, subtract, has, count, slice and RLE+/JSON round trips', () => {
    for (let round = 0; round < 300; round++) {
      const a = randomSet()
      const b = randomSet()
      const fa = BitField.fromArray(shuffleNumbers([...a]))
      const fb = BitField.fromArray([...b].map(BigInt))
      assert.deepEqual(fa.union(fb).toArray(), sorted(new Set([...a, ...b])))
      assert.deepEqual(fa.intersect(fb).toArray(), sorted([...a].filter(x => b.has(x))))
      assert.deepEqual(fa.subtract(fb).toArray(), sorted([...a].filter(x => !b.has(x))))
      assert.equal(fa.count(), a.size)
      for (let x = 0; x < 410; x += 7) assert.equal(fa.has(x), a.has(x))
      assert.ok(BitField.decode(fa.encode()).equals(fa))
      assert.ok(BitField.fromJson(JSON.parse(JSON.stringify(fa.toJson()))).equals(fa))
      assert.equal(fa.containsAll(fa.intersect(fb)), true)
      assert.equal(fa.containsAny(fb), fa.intersect(fb).count() > 0)
      const arr = sorted(a)
      const skip = Math.floor(rand() * (arr.length + 1))
      const take = Math.floor(rand() * (arr.length - skip + 1))
      assert.deepEqual(fa.slice(skip, take).toArray(), arr.slice(skip, skip + take))
    }
  })

  it('rejects positions that are negative, fractional or past 2^53-2', () => {
    assert.throws(() => BitField.fromArray([-1], 'ProveCommitSector params.SectorNumber'), /0\.\.2\^53-2, got -1/)
    assert.throws(() => BitField.fromArray([1.5]), /got 1.5/)
    assert.throws(() => BitField.fromArray([2n ** 60n]), /got 1152921504606846976/)
    assert.throws(() => BitField.fromArray([1, 2]).slice(1, 2), /only 2 set/)
  })

  function shuffleNumbers (xs: number[]): number[] {
    return xs.map(x => [rand(), x] as const).sort((p, q) => p[0] - q[0]).map(p => p[1])
  }
})
