import { jsonTypeError, type LotusJsonCodec } from '../../core/lotus-json/codec.js'

// Small JSON helpers shared by the chain types' Lotus JSON codecs.

/** A Go int64/uint64 that stays within 2^53 in practice (epochs, rounds, timestamps). */
export const intJson: LotusJsonCodec<number> = {
  toJson: (v) => v,
  fromJson: (json, path) => {
    if (typeof json !== 'number' || !Number.isSafeInteger(json)) throw jsonTypeError('an integer', json, path)
    return json
  }
}

/** Like {@link intJson} but non-negative (Go uint64 fields). */
export const uintJson: LotusJsonCodec<number> = {
  toJson: (v) => v,
  fromJson: (json, path) => {
    if (typeof json !== 'number' || !Number.isSafeInteger(json) || json < 0) throw jsonTypeError('a non-negative integer', json, path)
    return json
  }
}

/**
 * A Go slice. Slices decoded from an empty CBOR array are nil in Go and print as `null`, so
 * empty goes out as null; null and [] both read back as empty.
 */
export function sliceJson<T> (item: LotusJsonCodec<T>): LotusJsonCodec<T[]> {
  return {
    toJson: (v) => v.length === 0 ? null : v.map((x) => item.toJson(x)),
    fromJson: (json, path) => {
      if (json === null || json === undefined) return []
      if (!Array.isArray(json)) throw jsonTypeError('an array or null', json, path)
      return json.map((x, i) => item.fromJson(x, `${path}[${i}]`))
    }
  }
}

/** A Go pointer: `null` in JSON and in TypeScript. */
export function pointerJson<T> (inner: LotusJsonCodec<T>): LotusJsonCodec<T | null> {
  return {
    toJson: (v) => v === null ? null : inner.toJson(v),
    fromJson: (json, path) => json === null || json === undefined ? null : inner.fromJson(json, path)
  }
}
