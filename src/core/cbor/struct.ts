import { cborTypeError, type CborCodec, type CodecType } from './codec.js'
import { InvalidCborError } from './errors.js'

/** Field name → codec, in Go field order. Method syntax makes CborCodec<T> fit CborCodec<unknown>. */
export type FieldCodecs = Record<string, CborCodec<unknown>>
export type StructOf<F extends FieldCodecs> = { [K in keyof F]: CodecType<F[K]> }

/**
 * A tuple-encoded struct (cbor-gen's default): a CBOR array of the fields in declaration
 * order. Decoding checks the array length and each field, naming it in errors.
 */
export function tuple<F extends FieldCodecs> (name: string, fields: F): CborCodec<StructOf<F>> {
  const entries = Object.entries(fields)
  return {
    name,
    toCbor: (value) => entries.map(([key, codec]) => codec.toCbor(value[key])),
    fromCbor: (value, path) => {
      if (!Array.isArray(value)) throw cborTypeError(path, `an array of ${entries.length} fields (${name})`, value)
      if (value.length !== entries.length) {
        throw new InvalidCborError(`wrong number of fields for ${name}: expected ${entries.length}, got ${value.length}`, { source: path })
      }
      const out: Record<string, unknown> = {}
      entries.forEach(([key, codec], i) => { out[key] = codec.fromCbor(value[i], `${path}.${key}`) })
      return out as StructOf<F>
    }
  }
}

/** How a map-encoded struct decodes what it was not written with. */
export interface MapDecodeOptions<F extends FieldCodecs> {
  /** Skip unknown keys, as cbor-gen's map decoders do (default: reject them). */
  readonly skipUnknown?: boolean
  /** Values (in the data model) for keys that may be missing: cbor-gen leaves them at Go's zero value. */
  readonly missing?: { readonly [K in keyof F]?: unknown }
}

/**
 * A map-encoded struct (cbor-gen `map` encoders): a CBOR map keyed by field name. Keys are
 * written in canonical order (length first, then bytes), which is both what cbor-gen emits
 * and what DAG-CBOR requires. Unknown keys are rejected, missing ones too, unless `opts` says
 * otherwise (a request from a peer of an older or newer protocol version).
 */
export function map<F extends FieldCodecs> (name: string, fields: F, opts: MapDecodeOptions<F> = {}): CborCodec<StructOf<F>> {
  const entries = Object.entries(fields)
  return {
    name,
    toCbor: (value) => {
      const out: Record<string, unknown> = {}
      for (const [key, codec] of entries) out[key] = codec.toCbor(value[key])
      return out
    },
    fromCbor: (value, path) => {
      if (value === null || typeof value !== 'object' || Array.isArray(value) || value instanceof Uint8Array) {
        throw cborTypeError(path, `a map (${name})`, value)
      }
      const record = value as Record<string, unknown>
      if (opts.skipUnknown !== true) {
        for (const key of Object.keys(record)) {
          if (!(key in fields)) throw new InvalidCborError(`unknown field ${JSON.stringify(key)} in ${name}`, { source: path })
        }
      }
      const missing = (opts.missing ?? {}) as Record<string, unknown>
      const out: Record<string, unknown> = {}
      for (const [key, codec] of entries) {
        if (!(key in record) && !(key in missing)) throw new InvalidCborError(`missing field ${JSON.stringify(key)} in ${name}`, { source: path })
        out[key] = codec.fromCbor(key in record ? record[key] : missing[key], `${path}.${key}`)
      }
      return out as StructOf<F>
    }
  }
}
