import { InvalidInputError } from '../errors.js'

// RLE+ (Filecoin spec; fvm_ipld_bitfield rleplus, go-bitfield rlepluslazy). Bits are packed
// least-significant first. Header: version "00", then the value of the first run. Each run
// length is "1" (length 1), "01" + 4 bits (2..15) or "00" + unsigned varint (>= 16). Runs
// alternate 0s and 1s and the last run is 1s; the implicit infinite tail is 0s, so the
// encoding never ends in a zero byte. We decode as strictly as fvm_ipld_bitfield (which the
// actors run): non-minimal blocks, bad varints, trailing zero runs and overflow are errors.

/** Largest encoded bitfield the reference implementations accept or write (32 KiB). */
export const MAX_ENCODED_SIZE = 32 << 10

const TWO_POW_64 = 1n << 64n

function invalid (detail: string, bytes: Uint8Array, source: string | undefined): InvalidInputError {
  return new InvalidInputError('ERR_INVALID_BITFIELD', `invalid RLE+ bitfield: ${detail}`, { value: bytes, source })
}

class BitReader {
  private pos = 0
  private readonly bytes: Uint8Array

  constructor (bytes: Uint8Array) {
    this.bytes = bytes
  }

  get position (): number {
    return this.pos
  }

  /** The next `n` (<= 8) bits as an integer, LSB first; zeros past the end. */
  peek (n: number): number {
    const byteIndex = this.pos >> 3
    const shift = this.pos & 7
    const word = (this.bytes[byteIndex] ?? 0) | ((this.bytes[byteIndex + 1] ?? 0) << 8)
    return (word >> shift) & ((1 << n) - 1)
  }

  read (n: number): number {
    const v = this.peek(n)
    this.pos += n
    return v
  }

  /** Whether any set bit remains (the input has no trailing zero byte). */
  hasMore (): boolean {
    const byteIndex = this.pos >> 3
    if (byteIndex < this.bytes.length - 1) return true
    if (byteIndex > this.bytes.length - 1) return false
    return ((this.bytes[byteIndex] ?? 0) >> (this.pos & 7)) !== 0
  }
}

/** Reads one run length; bigint only when it cannot be a safe number. */
function readLength (r: BitReader, bytes: Uint8Array, source: string | undefined): number | bigint {
  const at = r.position
  const peek = r.peek(6)
  if ((peek & 0b1) !== 0) {
    r.read(1)
    return 1
  }
  if ((peek & 0b10) !== 0) {
    r.read(6)
    const len = peek >> 2
    if (len < 2) throw invalid(`not minimally encoded: short block of length ${len} at bit ${at}`, bytes, source)
    return len
  }
  r.read(2)
  let value = 0n
  for (let i = 0; i < 10; i++) {
    const byte = r.read(8)
    value |= BigInt(byte & 0x7f) << BigInt(7 * i)
    if ((byte & 0x80) === 0) {
      if ((i === 9 && byte > 1) || (byte === 0 && i !== 0)) break
      if (value < 16n) throw invalid(`not minimally encoded: long block of length ${value} at bit ${at}`, bytes, source)
      return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value
    }
  }
  throw invalid(`invalid varint in long block at bit ${at}`, bytes, source)
}

/**
 * Decodes RLE+ into sorted, disjoint, non-adjacent half-open ranges of set bits, flattened as
 * [start0, end0, start1, end1, ...]. Positions are numbers: a bitfield reaching past 2^53-1
 * (legal in Filecoin, never seen in practice) is rejected as unsupported.
 */
export function decodeRlePlus (bytes: Uint8Array, source?: string): number[] {
  if (bytes.length > MAX_ENCODED_SIZE) throw invalid(`${bytes.length} bytes exceeds the ${MAX_ENCODED_SIZE}-byte limit`, bytes, source)
  if (bytes.length > 0 && bytes[bytes.length - 1] === 0) throw invalid('not minimally encoded: trailing zero byte', bytes, source)
  const r = new BitReader(bytes)
  const version = r.read(2)
  if (version !== 0) throw invalid(`unsupported version ${version}`, bytes, source)
  let ones = r.read(1) === 1
  const ranges: number[] = []
  let index: number | bigint = 0
  let unsupported = false
  while (r.hasMore()) {
    const len = readLength(r, bytes, source)
    const end: number | bigint = typeof index === 'number' && typeof len === 'number' && index + len <= Number.MAX_SAFE_INTEGER
      ? index + len
      : BigInt(index) + BigInt(len)
    if (typeof end === 'bigint') {
      if (end > TWO_POW_64 - 1n) throw invalid('run lengths overflow 2^64-1', bytes, source)
      // Keep validating so malformed input gets the reference's error; report this afterwards.
      if (ones) unsupported = true
    } else if (ones) {
      ranges.push(index as number, end)
    }
    index = end
    ones = !ones
  }
  if (ones) throw invalid('not minimally encoded: ends with a run of zeros', bytes, source)
  if (unsupported) throw invalid('bit positions beyond 2^53-1 are not supported', bytes, source)
  return ranges
}

class BitWriter {
  private readonly out: number[] = []
  private acc = 0
  private bits = 0

  write (value: number, n: number): void {
    this.acc |= value << this.bits
    this.bits += n
    while (this.bits >= 8) {
      this.out.push(this.acc & 0xff)
      this.acc >>>= 8
      this.bits -= 8
    }
  }

  writeLength (len: number): void {
    if (len === 1) {
      this.write(1, 1)
    } else if (len < 16) {
      this.write(0b10, 2)
      this.write(len, 4)
    } else {
      this.write(0, 2)
      let v = len
      while (v >= 0x80) {
        this.write((v % 0x80) | 0x80, 8)
        v = Math.floor(v / 0x80)
      }
      this.write(v, 8)
    }
  }

  finish (): Uint8Array {
    if (this.bits > 0) this.out.push(this.acc & 0xff)
    let n = this.out.length
    while (n > 0 && this.out[n - 1] === 0) n--
    return Uint8Array.from(this.out.slice(0, n))
  }
}

/** Encodes flattened ranges (as {@link decodeRlePlus} returns) as RLE+; no size limit applied. */
export function encodeRlePlus (ranges: readonly number[]): Uint8Array {
  if (ranges.length === 0) return new Uint8Array(0)
  const w = new BitWriter()
  w.write(0, 2)
  const firstStart = ranges[0]!
  if (firstStart === 0) {
    w.write(1, 1)
  } else {
    w.write(0, 1)
    w.writeLength(firstStart)
  }
  let index = firstStart
  for (let i = 0; i < ranges.length; i += 2) {
    const start = ranges[i]!
    const end = ranges[i + 1]!
    if (i > 0) w.writeLength(start - index)
    w.writeLength(end - start)
    index = end
  }
  return w.finish()
}
