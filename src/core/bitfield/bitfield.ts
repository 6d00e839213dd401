import { InvalidInputError } from '../errors.js'
import * as R from './ranges.js'
import { MAX_ENCODED_SIZE, decodeRlePlus, encodeRlePlus } from './rleplus.js'

/** Largest bit position a {@link BitField} holds: 2^53 - 2, so every range end is a safe number. */
export const MAX_BIT_POSITION = Number.MAX_SAFE_INTEGER - 1

/** A run of set bits, `start` inclusive, `end` exclusive. */
export interface BitRange {
  start: number
  end: number
}

function bitPosition (value: number | bigint, source: string | undefined): number {
  const n = typeof value === 'bigint' ? Number(value) : value
  if (!Number.isInteger(n) || n < 0 || n > MAX_BIT_POSITION || (typeof value === 'bigint' && BigInt(n) !== value)) {
    throw new InvalidInputError('ERR_INVALID_BITFIELD', `bit position must be an integer in 0..2^53-2, got ${String(value)}`, { value, source })
  }
  return n
}

/**
 * An immutable set of non-negative integers (sector numbers, partition and deadline indices)
 * with Filecoin's RLE+ encoding (go-bitfield / fvm_ipld_bitfield) and Lotus's JSON form.
 * Positions are numbers in 0..2^53-2; methods accept bigint too and reject anything larger.
 * Operations return new bitfields.
 */
export class BitField {
  /** Canonical flattened ranges [start, end, ...]. */
  private readonly r: readonly number[]

  private constructor (ranges: readonly number[]) {
    this.r = ranges
  }

  private static readonly EMPTY = new BitField([])

  static empty (): BitField {
    return BitField.EMPTY
  }

  /** The set of the given positions (any order, duplicates ignored). */
  static fromArray (positions: Iterable<number | bigint>, source?: string): BitField {
    const ps: number[] = []
    for (const p of positions) ps.push(bitPosition(p, source))
    return new BitField(R.fromPositions(ps))
  }

  /** The positions start..end-1. */
  static fromRange (start: number, end: number, source?: string): BitField {
    const s = bitPosition(start, source)
    return end <= s ? BitField.EMPTY : new BitField([s, bitPosition(end - 1, source) + 1])
  }

  /** The union of half-open ranges, which may overlap and come in any order. */
  static fromRanges (ranges: Iterable<BitRange>, source?: string): BitField {
    const pairs: Array<[number, number]> = []
    for (const { start, end } of ranges) {
      if (end <= start) continue
      pairs.push([bitPosition(start, source), bitPosition(end - 1, source) + 1])
    }
    return new BitField(R.fromRangePairs(pairs))
  }

  /**
   * Decodes RLE+ bytes (the content of the CBOR byte string), rejecting every encoding
   * fvm_ipld_bitfield rejects. `source` names where the bytes came from for the error.
   */
  static decode (bytes: Uint8Array, source?: string): BitField {
    return new BitField(decodeRlePlus(bytes, source))
  }

  /**
   * Lotus JSON: run lengths starting with a run of zeros, e.g. [0, 3] is {0, 1, 2} and [2, 1]
   * is {2}; [0] (or null) is empty. A zero run is only allowed first, as go-bitfield requires.
   */
  static fromJson (json: unknown, source?: string): BitField {
    if (json === null) return BitField.EMPTY
    const bad = (detail: string): InvalidInputError =>
      new InvalidInputError('ERR_INVALID_BITFIELD', `bitfield JSON ${detail}`, { value: json, source })
    if (!Array.isArray(json)) throw bad('must be an array of run lengths')
    const ranges: number[] = []
    let index = 0
    json.forEach((run: unknown, i) => {
      if (typeof run !== 'number' || !Number.isSafeInteger(run) || run < 0) throw bad(`run ${i} is not a non-negative integer: ${String(run)}`)
      if (run === 0 && i !== 0) throw bad(`run ${i} has zero length (only the first run may)`)
      if (index + run > MAX_BIT_POSITION + 1) throw bad('reaches past bit 2^53-2')
      if (i % 2 === 1) ranges.push(index, index + run)
      index += run
    })
    return new BitField(ranges)
  }

  /** RLE+ bytes; throws if they would exceed the 32 KiB the reference implementations accept. */
  encode (): Uint8Array {
    const bytes = encodeRlePlus(this.r)
    if (bytes.length > MAX_ENCODED_SIZE) {
      throw new InvalidInputError('ERR_INVALID_BITFIELD', `encoded bitfield is ${bytes.length} bytes, over the ${MAX_ENCODED_SIZE}-byte limit`, { value: this.count() })
    }
    return bytes
  }

  /** Lotus JSON run lengths (see {@link fromJson}). */
  toJson (): number[] {
    if (this.r.length === 0) return [0]
    const runs: number[] = []
    let index = 0
    for (let i = 0; i < this.r.length; i += 2) {
      runs.push(this.r[i]! - index, this.r[i + 1]! - this.r[i]!)
      index = this.r[i + 1]!
    }
    return runs
  }

  has (position: number | bigint): boolean {
    const n = typeof position === 'bigint' ? Number(position) : position
    return Number.isInteger(n) && n >= 0 && R.has(this.r, n)
  }

  /** Number of set bits. */
  count (): number {
    return R.count(this.r)
  }

  isEmpty (): boolean {
    return this.r.length === 0
  }

  /** Lowest set bit, or undefined when empty. */
  first (): number | undefined {
    return this.r[0]
  }

  /** Highest set bit, or undefined when empty. */
  last (): number | undefined {
    const end = this.r[this.r.length - 1]
    return end === undefined ? undefined : end - 1
  }

  union (other: BitField): BitField {
    return new BitField(R.union(this.r, other.r))
  }

  intersect (other: BitField): BitField {
    return new BitField(R.intersect(this.r, other.r))
  }

  /** Bits set here and not in `other`. */
  subtract (other: BitField): BitField {
    return new BitField(R.subtract(this.r, other.r))
  }

  static unionAll (fields: Iterable<BitField>): BitField {
    let out: readonly number[] = []
    for (const f of fields) out = R.union(out, f.r)
    return new BitField(out)
  }

  withBit (position: number | bigint): BitField {
    return this.union(BitField.fromArray([position]))
  }

  withoutBit (position: number | bigint): BitField {
    return this.subtract(BitField.fromArray([position]))
  }

  containsAll (other: BitField): boolean {
    return R.subtract(other.r, this.r).length === 0
  }

  containsAny (other: BitField): boolean {
    return R.intersect(this.r, other.r).length > 0
  }

  equals (other: BitField): boolean {
    return this.r.length === other.r.length && this.r.every((v, i) => v === other.r[i])
  }

  /**
   * The `count` set bits that follow the first `skip` set bits (go-bitfield Slice); throws
   * when fewer than skip + count bits are set.
   */
  slice (skip: number, count: number): BitField {
    const out = R.slice(this.r, skip, count)
    if (out === undefined) {
      throw new InvalidInputError('ERR_INVALID_BITFIELD', `cannot slice ${count} bits after ${skip}: only ${this.count()} set`, { value: { skip, count } })
    }
    return new BitField(out)
  }

  /** Runs of set bits in ascending order. */
  ranges (): BitRange[] {
    const out: BitRange[] = []
    for (let i = 0; i < this.r.length; i += 2) out.push({ start: this.r[i]!, end: this.r[i + 1]! })
    return out
  }

  /** Set bits in ascending order. */
  * values (): Generator<number> {
    for (let i = 0; i < this.r.length; i += 2) {
      for (let v = this.r[i]!; v < this.r[i + 1]!; v++) yield v
    }
  }

  [Symbol.iterator] (): Generator<number> {
    return this.values()
  }

  /** Set bits as an array; throws if there are more than `max` (guards against huge runs). */
  toArray (max = 1 << 24): number[] {
    const n = this.count()
    if (n > max) throw new InvalidInputError('ERR_INVALID_BITFIELD', `bitfield has ${n} bits set, more than ${max}`, { value: n })
    return [...this.values()]
  }
}
