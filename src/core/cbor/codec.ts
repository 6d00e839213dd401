import * as dagCbor from '@ipld/dag-cbor'
import { InvalidCborError } from './errors.js'

/**
 * A Filecoin CBOR codec for one type: to and from the IPLD data model value that
 * @ipld/dag-cbor writes (arrays, objects, Uint8Array, bigint/number, CID, null).
 * `fromCbor` checks shape and types and throws InvalidCborError naming `path`.
 */
export interface CborCodec<T> {
  /** Name used in error paths (`Message`, `Signature`). */
  readonly name: string
  toCbor (value: T): unknown
  fromCbor (value: unknown, path: string): T
}

/** The TypeScript type a codec produces. */
export type CodecType<C> = C extends CborCodec<infer T> ? T : never

/** Encodes `value` with `codec` to canonical DAG-CBOR bytes. */
export function encodeCbor<T> (codec: CborCodec<T>, value: T): Uint8Array {
  return dagCbor.encode(codec.toCbor(value))
}

/**
 * Decodes DAG-CBOR bytes with `codec`. Malformed or truncated bytes, trailing bytes and
 * non-canonical encodings are rejected; `source` (default: the codec name) starts the path.
 */
export function decodeCbor<T> (codec: CborCodec<T>, bytes: Uint8Array, source?: string): T {
  const path = source ?? codec.name
  return codec.fromCbor(decodeCborValue(bytes, path), path)
}

/** Decodes DAG-CBOR bytes to a data model value, with errors naming `path`. */
export function decodeCborValue (bytes: Uint8Array, path: string): unknown {
  try {
    return dagCbor.decode(bytes)
  } catch (err) {
    const why = (err as Error).message.replace(/^CBOR decode error: /, '')
    throw new InvalidCborError(`malformed CBOR (${bytes.length} bytes): ${why}`, { value: bytes, source: path, cause: err })
  }
}

/** Encodes a data model value to DAG-CBOR (map keys in canonical order, as cbor-gen). */
export function encodeCborValue (value: unknown): Uint8Array {
  return dagCbor.encode(value)
}

/** Names a data model value's kind for error messages. */
export function describeCbor (value: unknown): string {
  if (value === null) return 'null'
  if (value instanceof Uint8Array) return `byte string (${value.length} bytes)`
  if (Array.isArray(value)) return `array of ${value.length}`
  if (typeof value === 'bigint') return `integer ${value}`
  if (typeof value === 'number') return Number.isInteger(value) ? `integer ${value}` : `float ${value}`
  if (typeof value === 'string') return `text string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`
  if (typeof value === 'boolean') return `boolean ${value}`
  if (typeof value === 'object' && (value as { '/'?: unknown })['/'] !== undefined) return 'CID'
  return typeof value === 'object' ? 'map' : typeof value
}

export function cborTypeError (path: string, expected: string, value: unknown): InvalidCborError {
  return new InvalidCborError(`expected ${expected}, got ${describeCbor(value)}`, { value, source: path })
}
