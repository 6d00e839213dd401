// Filecoin CBOR: DAG-CBOR with tuple- and map-encoded structs and Filecoin's scalar encodings.
export {
  encodeCbor, decodeCbor, decodeCborValue, encodeCborValue, describeCbor,
  type CborCodec, type CodecType
} from './codec.js'
export { InvalidCborError } from './errors.js'
export { tuple, map, type FieldCodecs, type MapDecodeOptions, type StructOf } from './struct.js'
export * as cborTypes from './scalars.js'
