import { CID } from 'multiformats/cid'
import { type Codec, LotusJsonError, isJsonObject } from './codec.js'

// Scalar Lotus JSON codecs: each mirrors how Go's encoding/json (and Lotus's own marshalers)
// write the type, and rejects anything Go would reject, naming the path.

export const string: Codec<string> = {
  toJson: (v) => v,
  fromJson: (json, path) => {
    if (typeof json !== 'string') throw new LotusJsonError('a string', json, path)
    return json
  }
}

export const bool: Codec<boolean> = {
  toJson: (v) => v,
  fromJson: (json, path) => {
    if (typeof json !== 'boolean') throw new LotusJsonError('true or false', json, path)
    return json
  }
}

/** A signed integer sent as a JSON number (Go int64 within JavaScript's safe range). */
export const int: Codec<number> = {
  toJson: (v) => v,
  fromJson: (json, path) => {
    if (typeof json !== 'number' || !Number.isSafeInteger(json)) throw new LotusJsonError('an integer', json, path)
    return json
  }
}

/** An unsigned integer sent as a JSON number, as Lotus sends uint64 values like SectorNumber. */
export const uint: Codec<number> = {
  toJson: (v) => v,
  fromJson: (json, path) => {
    if (typeof json !== 'number' || !Number.isSafeInteger(json) || json < 0) {
      throw new LotusJsonError('a non-negative integer', json, path)
    }
    return json
  }
}

const DECIMAL = /^-?(0|[1-9][0-9]*)$/

/** big.Int / TokenAmount: a decimal string such as "1000000000000000000". */
export const bigInt: Codec<bigint> = {
  toJson: (v) => v.toString(10),
  fromJson: (json, path) => {
    if (typeof json !== 'string' || !DECIMAL.test(json)) throw new LotusJsonError('a decimal integer string', json, path)
    return BigInt(json)
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** []byte: standard base64 with padding; Go's nil slice arrives as null and decodes as empty. */
export const bytes: Codec<Uint8Array> = {
  toJson: (v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64'),
  fromJson: (json, path) => {
    if (json === null) return new Uint8Array(0)
    if (typeof json !== 'string' || !BASE64.test(json)) throw new LotusJsonError('padded base64 bytes', json, path)
    return new Uint8Array(Buffer.from(json, 'base64'))
  }
}

/** cid.Cid: `{"/": "bafy…"}`. Wrap in `nullable` for Go's `*cid.Cid`. */
export const cid: Codec<CID> = {
  toJson: (v) => ({ '/': v.toString() }),
  fromJson: (json, path) => {
    const text = isJsonObject(json) ? json['/'] : undefined
    if (typeof text !== 'string') throw new LotusJsonError('a CID object {"/": "<cid>"}', json, path)
    try {
      return CID.parse(text)
    } catch {
      throw new LotusJsonError('a valid CID string', text, `${path}./`)
    }
  }
}

/** time.Duration: integer nanoseconds as a JSON number. The TypeScript value is nanoseconds too. */
export const duration: Codec<number> = {
  toJson: (v) => v,
  fromJson: (json, path) => {
    if (typeof json !== 'number' || !Number.isInteger(json)) throw new LotusJsonError('a duration in integer nanoseconds', json, path)
    return json
  }
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/

/** time.Time: an RFC 3339 string such as "0001-01-01T00:00:00Z". */
export const time: Codec<Date> = {
  toJson: (v) => v.toISOString(),
  fromJson: (json, path) => {
    const date = typeof json === 'string' && RFC3339.test(json) ? new Date(json) : undefined
    if (date === undefined || Number.isNaN(date.getTime())) throw new LotusJsonError('an RFC 3339 time', json, path)
    return date
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** uuid.UUID: the canonical 36-character string. */
export const uuid: Codec<string> = {
  toJson: (v) => v,
  fromJson: (json, path) => {
    if (typeof json !== 'string' || !UUID.test(json)) throw new LotusJsonError('a UUID string', json, path)
    return json.toLowerCase()
  }
}

/**
 * The result of a Go method that returns only an error: the response has no `result` key.
 * As a parameter (rare) it accepts null or nothing.
 */
export const none: Codec<void> = {
  toJson: () => undefined,
  fromJson: (json, path) => {
    if (json !== undefined && json !== null) throw new LotusJsonError('no value', json, path)
  }
}

/** Go's `struct{}`: always `{}`; the element type of channels such as `Closing`. */
export const empty: Codec<Record<string, never>> = {
  toJson: () => ({}),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw new LotusJsonError('an empty object {}', json, path)
    return {}
  }
}

/** Raw JSON passed through untouched (Go's `json.RawMessage`, `map[string]interface{}`). */
export const raw: Codec<unknown> = {
  toJson: (v) => v,
  fromJson: (json) => json
}

/** A Go integer enum sent as a number, e.g. a storage deal status. */
export function enumNumber<const V extends number> (name: string, values: readonly V[]): Codec<V> {
  const allowed = new Set<number>(values)
  return {
    toJson: (v) => v,
    fromJson: (json, path) => {
      if (typeof json !== 'number' || !allowed.has(json)) throw new LotusJsonError(`a ${name} (one of ${values.join(', ')})`, json, path)
      return json as V
    }
  }
}

/** A string enum such as `api.MinerSubsystems` members. */
export function stringEnum<const V extends string> (name: string, values: readonly V[]): Codec<V> {
  const allowed = new Set<string>(values)
  return {
    toJson: (v) => v,
    fromJson: (json, path) => {
      if (typeof json !== 'string' || !allowed.has(json)) throw new LotusJsonError(`a ${name} (one of ${values.join(', ')})`, json, path)
      return json as V
    }
  }
}
