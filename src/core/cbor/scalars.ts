import { addressFromBytes, type Address } from '../address/index.js'
import { CID } from '../cid.js'
import { NelumboError } from '../errors.js'
import { bigIntFromBytes, bigIntToBytes, BigIntMaxSerializedLen } from '../token/bigint.js'
import type { MethodNum, TokenAmount } from '../types.js'
import { cborTypeError, type CborCodec } from './codec.js'
import { InvalidCborError } from './errors.js'

const MaxUint64 = (1n << 64n) - 1n
const MinInt64 = -(1n << 63n)
const MaxInt64 = (1n << 63n) - 1n

// Integers go out as numbers when safe (smaller, identical bytes) and bigint otherwise.
function intOut (v: bigint): number | bigint {
  return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v
}

function intIn (value: unknown, path: string, min: bigint, max: bigint, what: string, name: string): bigint {
  let v: bigint
  if (typeof value === 'bigint') v = value
  else if (typeof value === 'number' && Number.isInteger(value)) v = BigInt(value)
  else throw cborTypeError(path, what, value)
  if (v < min || v > max) throw new InvalidCborError(`${name} out of range: ${v} (${min}..${max})`, { value, source: path })
  return v
}

/** Go `uint64` (major type 0) as bigint. */
export const uint64: CborCodec<bigint> = {
  name: 'uint64',
  toCbor: (v) => intOut(v),
  fromCbor: (v, path) => intIn(v, path, 0n, MaxUint64, 'an unsigned integer (uint64)', 'uint64')
}

/** Actor method numbers (Go `abi.MethodNum`, uint64). */
export const methodNum = uint64 as unknown as CborCodec<MethodNum>

/** Go `int64` (major type 0 or 1) as bigint. */
export const int64: CborCodec<bigint> = {
  name: 'int64',
  toCbor: (v) => intOut(v),
  fromCbor: (v, path) => intIn(v, path, MinInt64, MaxInt64, 'an integer (int64)', 'int64')
}

/** An unsigned integer that must fit a JS number (ordinals, counts, versions). */
export const uint: CborCodec<number> = {
  name: 'uint',
  toCbor: (v) => v,
  fromCbor: (v, path) => Number(intIn(v, path, 0n, BigInt(Number.MAX_SAFE_INTEGER), 'an unsigned integer', 'unsigned integer'))
}

/** A signed integer that must fit a JS number (epochs). */
export const int: CborCodec<number> = {
  name: 'int',
  toCbor: (v) => v,
  fromCbor: (v, path) => Number(intIn(v, path, BigInt(Number.MIN_SAFE_INTEGER), BigInt(Number.MAX_SAFE_INTEGER), 'an integer', 'integer'))
}

export const bool: CborCodec<boolean> = {
  name: 'bool',
  toCbor: (v) => v,
  fromCbor: (v, path) => {
    if (typeof v !== 'boolean') throw cborTypeError(path, 'a boolean', v)
    return v
  }
}

export const text: CborCodec<string> = {
  name: 'string',
  toCbor: (v) => v,
  fromCbor: (v, path) => {
    if (typeof v !== 'string') throw cborTypeError(path, 'a text string', v)
    return v
  }
}

/** A byte string of at most `maxLength` bytes (cbor-gen's per-field limits). */
export function bytes (maxLength = 2 << 20): CborCodec<Uint8Array> {
  return {
    name: 'bytes',
    toCbor: (v) => v,
    fromCbor: (v, path) => {
      if (!(v instanceof Uint8Array)) throw cborTypeError(path, 'a byte string', v)
      if (v.length > maxLength) throw new InvalidCborError(`byte array too large (${v.length} bytes, at most ${maxLength})`, { value: v, source: path })
      return v
    }
  }
}

/** Filecoin BigInt (go-state-types big.Int): sign byte + big-endian magnitude, empty for zero. */
export const bigInt: CborCodec<bigint> = {
  name: 'BigInt',
  toCbor: (v) => {
    const b = bigIntToBytes(v)
    if (b.length > BigIntMaxSerializedLen) throw new NelumboError('ERR_BIGINT_TOO_LARGE', `big integer byte array too long (${b.length} bytes)`)
    return b
  },
  fromCbor: (v, path) => {
    if (!(v instanceof Uint8Array)) throw cborTypeError(path, 'a BigInt byte string', v)
    return bigIntFromBytes(v, path)
  }
}

/** Token amounts are Filecoin BigInts. */
export const tokenAmount = bigInt as unknown as CborCodec<TokenAmount>

/** Addresses are byte strings holding the address byte form (at most 64 bytes). */
export const address: CborCodec<Address> = {
  name: 'Address',
  toCbor: (v) => v.bytes,
  fromCbor: (v, path) => {
    if (!(v instanceof Uint8Array)) throw cborTypeError(path, 'an address byte string', v)
    if (v.length > 64) throw new InvalidCborError(`too many bytes to unmarshal for an address (${v.length})`, { value: v, source: path })
    return addressFromBytes(v, path)
  }
}

/** CIDs as tag 42 links. */
export const cid: CborCodec<CID> = {
  name: 'CID',
  toCbor: (v) => v,
  fromCbor: (v, path) => {
    const c = CID.asCID(v)
    if (c === null) throw cborTypeError(path, 'a CID (tag 42)', v)
    return c
  }
}

/** `null` or a value (Go pointer fields). */
export function nullable<T> (inner: CborCodec<T>): CborCodec<T | null> {
  return {
    name: `${inner.name} | null`,
    toCbor: (v) => v === null ? null : inner.toCbor(v),
    fromCbor: (v, path) => v === null ? null : inner.fromCbor(v, path)
  }
}

/** A CBOR array of one element type (Go slices; `maxLength` as cbor-gen's limit). */
export function array<T> (inner: CborCodec<T>, maxLength = 8192): CborCodec<T[]> {
  return {
    name: `${inner.name}[]`,
    toCbor: (v) => v.map((x) => inner.toCbor(x)),
    fromCbor: (v, path) => {
      if (!Array.isArray(v)) throw cborTypeError(path, `an array of ${inner.name}`, v)
      if (v.length > maxLength) throw new InvalidCborError(`array too large (${v.length} elements, at most ${maxLength})`, { source: path })
      return v.map((x, i) => inner.fromCbor(x, `${path}[${i}]`))
    }
  }
}
