import { parseAddress, type Address } from '../address/index.js'
import { CID, parseCid } from '../cid.js'
import { parseBigInt } from '../token/bigint.js'
import type { MethodNum, TokenAmount } from '../types.js'
import { InvalidLotusJsonError, isJsonObject, jsonTypeError, type LotusJsonCodec } from './codec.js'

/** Addresses as their string form, printed with the current network letter. */
export const addressJson: LotusJsonCodec<Address> = {
  toJson: (a) => a.toString(),
  fromJson: (json, path) => {
    if (typeof json !== 'string') throw jsonTypeError('an address string', json, path)
    return parseAddress(json, path)
  }
}

/** Filecoin BigInt: a decimal string (`"0"` for zero), as go-state-types big.Int JSON. */
export const bigIntJson: LotusJsonCodec<bigint> = {
  toJson: (v) => v.toString(),
  fromJson: (json, path) => {
    if (typeof json !== 'string') throw jsonTypeError('a decimal integer string', json, path)
    return parseBigInt(json, path)
  }
}

/** Token amounts (attoFIL) are BigInts. */
export const tokenAmountJson = bigIntJson as LotusJsonCodec<unknown> as LotusJsonCodec<TokenAmount>

/** CIDs as `{"/": "bafy…"}`. */
export const cidJson: LotusJsonCodec<CID> = {
  toJson: (c) => ({ '/': c.toString() }),
  fromJson: (json, path) => {
    if (!isJsonObject(json) || typeof json['/'] !== 'string') throw jsonTypeError('a CID object {"/": "<cid>"}', json, path)
    return parseCid(json['/'], path)
  }
}

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/**
 * Byte strings as standard base64 with padding (Go `[]byte`). Go writes a nil slice as null,
 * and slices decoded from empty CBOR byte strings are nil, so empty bytes go out as null;
 * both null and "" read back as empty.
 */
export const bytesJson: LotusJsonCodec<Uint8Array> = {
  toJson: (b) => b.length === 0 ? null : Buffer.from(b).toString('base64'),
  fromJson: (json, path) => {
    if (json === null) return new Uint8Array(0)
    if (typeof json !== 'string') throw jsonTypeError('a base64 string or null', json, path)
    // Go's decoder skips line breaks.
    const text = json.replace(/[\r\n]/g, '')
    if (!BASE64.test(text)) throw new InvalidLotusJsonError(`not standard padded base64: ${JSON.stringify(json.slice(0, 40))}`, { value: json, source: path })
    return new Uint8Array(Buffer.from(text, 'base64'))
  }
}

function integerJson (min: bigint, max: bigint, what: string): LotusJsonCodec<bigint> {
  return {
    toJson: (v) => v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v,
    fromJson: (json, path) => {
      let v: bigint
      if (typeof json === 'bigint') v = json
      else if (typeof json === 'number' && Number.isSafeInteger(json)) v = BigInt(json)
      else throw jsonTypeError(`${what} (a JSON integer)`, json, path)
      if (v < min || v > max) throw new InvalidLotusJsonError(`${what} out of range: ${v}`, { value: json, source: path })
      return v
    }
  }
}

/** Go `uint64` as a JSON number (bigint beyond 2^53). */
export const uint64Json = integerJson(0n, (1n << 64n) - 1n, 'uint64')
/** Go `int64` as a JSON number (bigint beyond 2^53). */
export const int64Json = integerJson(-(1n << 63n), (1n << 63n) - 1n, 'int64')
/** Method numbers are uint64 JSON numbers. */
export const methodNumJson = uint64Json as LotusJsonCodec<unknown> as LotusJsonCodec<MethodNum>

/** A non-negative integer that fits a JS number (versions, counts). */
export const uintJson: LotusJsonCodec<number> = {
  toJson: (v) => v,
  fromJson: (json, path) => {
    if (typeof json !== 'number' || !Number.isSafeInteger(json) || json < 0) throw jsonTypeError('a non-negative integer', json, path)
    return json
  }
}
