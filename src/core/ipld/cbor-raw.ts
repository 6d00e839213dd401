import { CID } from 'multiformats/cid'
import { malformedNode } from './errors.js'

// HAMT and AMT nodes embed their values as already-encoded CBOR (Go's cbg.Deferred), so a value
// written by any codec round-trips byte for byte. @ipld/dag-cbor cannot splice raw items into an
// encoding or report where an item ends, hence this small reader/writer for node framing only.

const MAJOR_UINT = 0
const MAJOR_BYTES = 2
const MAJOR_TEXT = 3
const MAJOR_ARRAY = 4
const MAJOR_MAP = 5
const MAJOR_TAG = 6
const CID_TAG = 42

/** Reads CBOR items from one block, failing with errors that name the block (`where`). */
export class CborReader {
  private pos = 0
  private readonly bytes: Uint8Array
  private readonly where: string

  constructor (bytes: Uint8Array, where: string) {
    this.bytes = bytes
    this.where = where
  }

  fail (detail: string): Error {
    return malformedNode(this.where, `${detail} (at byte ${this.pos})`)
  }

  private byte (): number {
    const b = this.bytes[this.pos]
    if (b === undefined) throw this.fail('unexpected end of data')
    this.pos++
    return b
  }

  /** Reads a header: major type and argument. Rejects indefinite and non-minimal lengths. */
  header (): { major: number, arg: bigint } {
    const initial = this.byte()
    const major = initial >> 5
    const info = initial & 0x1f
    if (info < 24) return { major, arg: BigInt(info) }
    if (info > 27) throw this.fail(`unsupported CBOR additional info ${info}`)
    if (major === 7) {
      // floats and simple values: the argument is the payload, not a length
      this.pos += 1 << (info - 24)
      if (this.pos > this.bytes.length) throw this.fail('unexpected end of data')
      return { major, arg: 0n }
    }
    let arg = 0n
    for (let i = 0; i < 1 << (info - 24); i++) arg = (arg << 8n) | BigInt(this.byte())
    const minimum = [24n, 0x100n, 0x10000n, 0x100000000n][info - 24] ?? 0n
    if (arg < minimum) throw this.fail('integer not minimally encoded')
    return { major, arg }
  }

  private expect (major: number, what: string): bigint {
    const h = this.header()
    if (h.major !== major) throw this.fail(`${what}: expected CBOR major type ${major}, got ${h.major}`)
    return h.arg
  }

  private length (arg: bigint, what: string): number {
    if (arg > BigInt(this.bytes.length - this.pos)) throw this.fail(`${what}: length ${arg} exceeds the block`)
    return Number(arg)
  }

  arrayHeader (what: string): number {
    return this.length(this.expect(MAJOR_ARRAY, what), what)
  }

  uint (what: string): bigint {
    return this.expect(MAJOR_UINT, what)
  }

  byteString (what: string): Uint8Array {
    const len = this.length(this.expect(MAJOR_BYTES, what), what)
    const out = this.bytes.subarray(this.pos, this.pos + len)
    this.pos += len
    return out
  }

  /** A DAG-CBOR link: tag 42 around bytes 0x00 ‖ CID. */
  cid (what: string): CID {
    if (this.expect(MAJOR_TAG, what) !== BigInt(CID_TAG)) throw this.fail(`${what}: expected tag 42 (link)`)
    const raw = this.byteString(what)
    if (raw[0] !== 0) throw this.fail(`${what}: link bytes must start with the identity multibase 0x00`)
    try {
      return CID.decode(raw.subarray(1))
    } catch (err) {
      throw this.fail(`${what}: invalid CID: ${(err as Error).message}`)
    }
  }

  /** The next CBOR major type, without consuming anything. */
  peekMajor (): number {
    const b = this.bytes[this.pos]
    if (b === undefined) throw this.fail('unexpected end of data')
    return b >> 5
  }

  /** Returns the bytes of the next complete CBOR item (any type), checked for structure. */
  rawItem (what: string): Uint8Array {
    const start = this.pos
    let pending = 1
    while (pending > 0) {
      pending--
      const { major, arg } = this.header()
      switch (major) {
        case MAJOR_BYTES:
        case MAJOR_TEXT:
          this.pos += this.length(arg, what)
          break
        case MAJOR_ARRAY:
          pending += this.length(arg, what)
          break
        case MAJOR_MAP:
          pending += 2 * this.length(arg, what)
          break
        case MAJOR_TAG:
          pending += 1
          break
        default:
          break
      }
    }
    return this.bytes.subarray(start, this.pos)
  }

  /** Fails unless every byte has been read (DAG-CBOR blocks hold exactly one item). */
  end (): void {
    if (this.pos !== this.bytes.length) throw this.fail(`${this.bytes.length - this.pos} trailing bytes`)
  }
}

/** Checks that `bytes` is exactly one well-formed CBOR item. */
export function checkSingleItem (bytes: Uint8Array, where: string): void {
  const r = new CborReader(bytes, where)
  r.rawItem('value')
  r.end()
}

/** Accumulates a CBOR encoding from headers and pre-encoded pieces. */
export class CborWriter {
  private readonly chunks: Uint8Array[] = []
  private size = 0

  private push (chunk: Uint8Array): this {
    this.chunks.push(chunk)
    this.size += chunk.length
    return this
  }

  private header (major: number, n: number | bigint): this {
    const v = BigInt(n)
    const m = major << 5
    if (v < 24n) return this.push(Uint8Array.of(m | Number(v)))
    const width = v < 0x100n ? 1 : v < 0x10000n ? 2 : v < 0x100000000n ? 4 : 8
    const out = new Uint8Array(1 + width)
    out[0] = m | [24, 25, 0, 26, 0, 0, 0, 27][width - 1]!
    for (let i = 0; i < width; i++) out[width - i] = Number((v >> BigInt(8 * i)) & 0xffn)
    return this.push(out)
  }

  array (length: number): this {
    return this.header(MAJOR_ARRAY, length)
  }

  uint (n: number | bigint): this {
    return this.header(MAJOR_UINT, n)
  }

  bytes (b: Uint8Array): this {
    return this.header(MAJOR_BYTES, b.length).push(b)
  }

  cid (c: CID): this {
    const inner = new Uint8Array(c.bytes.length + 1)
    inner.set(c.bytes, 1)
    return this.header(MAJOR_TAG, CID_TAG).bytes(inner)
  }

  /** Appends an already-encoded CBOR item. */
  raw (item: Uint8Array): this {
    return this.push(item)
  }

  finish (): Uint8Array {
    const out = new Uint8Array(this.size)
    let off = 0
    for (const c of this.chunks) {
      out.set(c, off)
      off += c.length
    }
    return out
  }
}

export { MAJOR_ARRAY, MAJOR_TAG }
