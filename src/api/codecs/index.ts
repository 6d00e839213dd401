/**
 * Lotus JSON codecs and combinators. Use as a namespace:
 *
 * ```ts
 * import * as lj from './codecs/index.js'
 * const ask = lj.struct({ Price: lj.bigInt, Expiry: lj.int, Label: lj.optional(lj.string) })
 * ask.fromJson({ Price: '1', Expiry: 10 }, 'params[0]') // { Price: 1n, Expiry: 10 }
 * ```
 */
export { type Codec, type TypeOf, LotusJsonError, describeJson, fieldPath, isJsonObject } from './codec.js'
export {
  string, bool, int, uint, bigInt, bytes, cid, duration, time, uuid, none, empty, raw, enumNumber, stringEnum
} from './scalars.js'
export {
  type AnyCodec, type OptionalCodec, type StructOf, type TupleOf, optional, nullable, array, struct, map, tuple
} from './compound.js'
