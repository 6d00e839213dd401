import * as lj from '../../codecs/index.js'
import type { Codec } from '../../codecs/index.js'

/**
 * A codec that also says which Lotus type it carries (`TipSetKey`, `*MsgLookup`), so the API
 * surface docs can be generated from the contracts alone. Go spelling: `*T` for a pointer
 * (nullable), `[]T` for a slice, `map[string]T` for a map.
 */
export interface Named<T> extends Codec<T> {
  readonly typeName: string
}

export function named<T> (typeName: string, codec: Codec<T>): Named<T> {
  return Object.freeze({ typeName, toJson: codec.toJson, fromJson: codec.fromJson })
}

/** A Go pointer or nil-able value of a named type: `*T`. */
export function ptr<T> (inner: Named<T>): Named<T | null> {
  return named(`*${inner.typeName}`, lj.nullable(inner))
}

/** A Go slice of a named type: `[]T`; nil reads back as empty. */
export function slice<T> (item: Named<T>): Named<T[]> {
  return named(`[]${item.typeName}`, lj.array(item))
}

/** A Go map with string keys (deal IDs, addresses) of a named type. */
export function dict<T> (value: Named<T>): Named<Record<string, T>> {
  return named(`map[string]${value.typeName}`, lj.map(value))
}

/**
 * Like {@link slice} but writes an empty slice as `null`, as Go prints a nil slice decoded from
 * an empty CBOR array (deal IDs of a sector without deals, a miner's control addresses).
 */
export function nilSlice<T> (item: Named<T>): Named<T[]> {
  const inner = lj.array(item)
  return named(`[]${item.typeName}`, {
    toJson: (v) => v.length === 0 ? null : inner.toJson(v),
    fromJson: inner.fromJson
  })
}

/** The type name a codec carries, or `fallback` for codecs that were not given one. */
export function typeNameOf (codec: object, fallback = 'JSON'): string {
  const name = (codec as { typeName?: unknown }).typeName
  return typeof name === 'string' ? name : fallback
}
