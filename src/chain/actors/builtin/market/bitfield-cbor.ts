import { cborTypeError, type CborCodec } from '../../../../core/cbor/codec.js'
import { BitField } from '../../../../core/bitfield/index.js'

/** A bitfield as actors carry it in CBOR: a byte string of RLE+ bytes. */
export const bitfieldCbor: CborCodec<BitField> = {
  name: 'BitField',
  toCbor: (v) => v.encode(),
  fromCbor: (v, path) => {
    if (!(v instanceof Uint8Array)) throw cborTypeError(path, 'an RLE+ byte string (BitField)', v)
    return BitField.decode(v, path)
  }
}
