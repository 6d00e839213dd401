/**
 * Message framing of the go-fil-markets / Boost libp2p protocols: each side writes one CBOR
 * object, unprefixed (`cborutil.WriteCborRPC` / `ReadCborRPC`), and the reader knows where it
 * ends only by parsing its heads. `cborItemEnd` does that walk without decoding values.
 */
import type { Stream } from '@libp2p/interface'
import { InvalidInputError } from '../core/errors.js'

/** Where the CBOR item starting at `offset` ends, or undefined when `buf` holds only part of it. */
export function cborItemEnd (buf: Uint8Array, offset = 0, depth = 0): number | undefined {
  if (depth > 64) throw new InvalidInputError('ERR_CBOR_FRAME', 'CBOR message nests deeper than 64 levels')
  const head = readHead(buf, offset)
  if (head === undefined) return undefined
  const { major, value, next } = head
  switch (major) {
    case 0: case 1: case 7:
      return next
    case 2: case 3: {
      const end = next + value
      return end <= buf.length ? end : undefined
    }
    case 4: case 5: {
      let at: number | undefined = next
      const items = major === 4 ? value : value * 2
      for (let i = 0; i < items && at !== undefined; i++) at = cborItemEnd(buf, at, depth + 1)
      return at
    }
    default: // 6: a tag, then its one item
      return cborItemEnd(buf, next, depth + 1)
  }
}

function readHead (buf: Uint8Array, at: number): { major: number, value: number, next: number } | undefined {
  if (at >= buf.length) return undefined
  const ib = buf[at]!
  const major = ib >> 5
  const info = ib & 0x1f
  if (info < 24) return { major, value: info, next: at + 1 }
  if (info > 27) throw new InvalidInputError('ERR_CBOR_FRAME', `unsupported CBOR head 0x${ib.toString(16)} (indefinite lengths are not DAG-CBOR)`)
  const n = 1 << (info - 24)
  if (at + 1 + n > buf.length) return undefined
  const next = at + 1 + n
  // Integers, floats and tag numbers (majors 0, 1, 6, 7) are in the head; only lengths and counts matter here.
  if (major < 2 || major > 5) return { major, value: 0, next }
  let value = 0
  for (let i = 1; i <= n; i++) value = value * 256 + buf[at + i]!
  if (!Number.isSafeInteger(value)) throw new InvalidInputError('ERR_CBOR_FRAME', 'CBOR length does not fit a safe integer')
  return { major, value, next }
}

export interface ReadMessageOptions {
  /** A message longer than this is refused. */
  maxBytes: number
  /** Milliseconds to wait for the whole message. */
  timeoutMs: number
  /** Names the message in errors (`AskRequest from <peer>`). */
  what: string
}

/** Reads exactly one CBOR object from `stream`, within a size and time budget. */
export async function readCborMessage (stream: Stream, o: ReadMessageOptions): Promise<Uint8Array> {
  const timer = setTimeout(() => { stream.abort(new Error(`${o.what}: no complete message within ${o.timeoutMs} ms`)) }, o.timeoutMs)
  let buf = new Uint8Array(0)
  try {
    for await (const chunk of stream) {
      const bytes = chunk.subarray()
      const joined = new Uint8Array(buf.length + bytes.length)
      joined.set(buf)
      joined.set(bytes, buf.length)
      buf = joined
      if (buf.length > o.maxBytes) throw new InvalidInputError('ERR_MESSAGE_TOO_LARGE', `${o.what} exceeds ${o.maxBytes} bytes`)
      const end = cborItemEnd(buf)
      if (end !== undefined) return buf.subarray(0, end)
    }
    throw new InvalidInputError('ERR_MESSAGE_TRUNCATED', `${o.what}: stream ended after ${buf.length} bytes, before one whole CBOR message`)
  } finally {
    clearTimeout(timer)
  }
}

/** Writes one CBOR message, waiting for the stream to drain when its buffer is full. */
export async function writeCborMessage (stream: Stream, bytes: Uint8Array): Promise<void> {
  if (!stream.send(bytes)) await stream.onDrain()
}
