import { type Codec, type TypeOf, LotusJsonError, fieldPath, isJsonObject } from './codec.js'

/** Any codec, whatever it carries; the constraint for codec lists and field tables. */
export interface AnyCodec {
  toJson: (value: never) => unknown
  fromJson: (json: unknown, path: string) => unknown
}

/** A struct field Go may leave out (`omitempty`): absent in JSON, `undefined` in TypeScript. */
export interface OptionalCodec<T> extends Codec<T | undefined> {
  readonly optional: true
}

export function optional<T> (inner: Codec<T>): OptionalCodec<T> {
  return {
    optional: true,
    toJson: (v) => v === undefined ? undefined : inner.toJson(v),
    fromJson: (json, path) => json === undefined ? undefined : inner.fromJson(json, path)
  }
}

/** A Go pointer, interface or nil-able value: `null` in JSON and in TypeScript. */
export function nullable<T> (inner: Codec<T>): Codec<T | null> {
  return {
    toJson: (v) => v === null ? null : inner.toJson(v),
    fromJson: (json, path) => json === null || json === undefined ? null : inner.fromJson(json, path)
  }
}

/** A Go slice: a JSON array; Go's nil slice arrives as null and decodes as empty. */
export function array<T> (item: Codec<T>): Codec<T[]> {
  return {
    toJson: (v) => v.map((x) => item.toJson(x)),
    fromJson: (json, path) => {
      if (json === null) return []
      if (!Array.isArray(json)) throw new LotusJsonError('an array', json, path)
      return json.map((x, i) => item.fromJson(x, fieldPath(path, i)))
    }
  }
}

type Simplify<T> = { [K in keyof T]: T[K] } & {}

/** The TypeScript object a struct field table describes; `optional` fields become `?`. */
export type StructOf<F extends Record<string, AnyCodec>> = Simplify<
  { -readonly [K in keyof F as F[K] extends { readonly optional: true } ? never : K]: TypeOf<F[K]> } &
  { -readonly [K in keyof F as F[K] extends { readonly optional: true } ? K : never]?: TypeOf<F[K]> }
>

/**
 * A Go struct: a JSON object whose keys are the Go field names, written in the order given.
 * Unknown keys are ignored (as Go does); a missing required key is an error naming it.
 */
export function struct<const F extends Record<string, AnyCodec>> (fields: F): Codec<StructOf<F>> {
  const entries = Object.entries(fields) as Array<[string, Codec<unknown>]>
  return {
    toJson: (v) => {
      const out: Record<string, unknown> = {}
      const obj = v as Record<string, unknown>
      for (const [name, codec] of entries) {
        const json = codec.toJson(obj[name])
        if (json !== undefined) out[name] = json
      }
      return out
    },
    fromJson: (json, path) => {
      if (!isJsonObject(json)) throw new LotusJsonError('an object', json, path)
      const out: Record<string, unknown> = {}
      for (const [name, codec] of entries) {
        const value = codec.fromJson(Object.hasOwn(json, name) ? json[name] : undefined, fieldPath(path, name))
        if (value !== undefined) out[name] = value
      }
      return out as StructOf<F>
    }
  }
}

/** A Go map with string keys (integer keys arrive as decimal strings too); null decodes as empty. */
export function map<V> (value: Codec<V>): Codec<Record<string, V>> {
  return {
    toJson: (v) => {
      const out: Record<string, unknown> = {}
      for (const [k, x] of Object.entries(v)) out[k] = value.toJson(x)
      return out
    },
    fromJson: (json, path) => {
      if (json === null) return {}
      if (!isJsonObject(json)) throw new LotusJsonError('an object', json, path)
      const out: Record<string, V> = {}
      for (const [k, x] of Object.entries(json)) out[k] = value.fromJson(x, fieldPath(path, k))
      return out
    }
  }
}

/** The TypeScript tuple a list of codecs describes. */
export type TupleOf<C extends readonly AnyCodec[]> = { -readonly [K in keyof C]: TypeOf<C[K]> }

/** A fixed-length JSON array with one codec per position. */
export function tuple<const C extends readonly AnyCodec[]> (items: C): Codec<TupleOf<C>> {
  const codecs = items as readonly AnyCodec[] as ReadonlyArray<Codec<unknown>>
  return {
    toJson: (v) => codecs.map((c, i) => c.toJson((v as unknown[])[i])),
    fromJson: (json, path) => {
      if (!Array.isArray(json) || json.length !== codecs.length) {
        throw new LotusJsonError(`an array of ${codecs.length} items`, json, path)
      }
      return codecs.map((c, i) => c.fromJson(json[i], fieldPath(path, i))) as TupleOf<C>
    }
  }
}
