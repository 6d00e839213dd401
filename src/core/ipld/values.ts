import * as dagCbor from '@ipld/dag-cbor'
import { checkSingleItem } from './cbor-raw.js'

/**
 * How a HAMT or AMT turns its values into the CBOR item stored in a node, and back. The
 * structures keep values encoded (as Go's `cbg.Deferred` does), so `decode` runs on each read.
 */
export interface ValueCodec<V> {
  encode: (value: V) => Uint8Array
  decode: (bytes: Uint8Array) => V
}

/** Values are JS values encoded with @ipld/dag-cbor (the default). */
export const dagCborValues: ValueCodec<unknown> = {
  encode: (value) => dagCbor.encode(value),
  decode: (bytes) => dagCbor.decode(bytes)
}

/**
 * Values are already-encoded CBOR items (from a tuple codec, or copied from another node);
 * they are checked to be exactly one well-formed item and stored byte for byte.
 */
export const rawValues: ValueCodec<Uint8Array> = {
  encode: (bytes) => {
    checkSingleItem(bytes, 'raw value')
    return bytes
  },
  decode: (bytes) => bytes
}
