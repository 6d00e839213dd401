import { InvalidInputError } from '../errors.js'

/** Longest Filecoin BigInt byte form go-state-types accepts (sign byte included). */
export const BigIntMaxSerializedLen = 128

/** A Filecoin BigInt byte form or decimal string that could not be read. */
export class InvalidBigIntError extends InvalidInputError {
  constructor (message: string, details: { value?: unknown, source?: string, cause?: unknown } = {}) {
    super('ERR_INVALID_BIGINT', message, details)
  }
}

/**
 * Filecoin BigInt bytes (go-state-types big.Int.Bytes): empty for zero, otherwise a sign
 * byte (0x00 positive, 0x01 negative) followed by the big-endian magnitude.
 */
export function bigIntToBytes (value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0)
  const magnitude = value < 0n ? -value : value
  let hex = magnitude.toString(16)
  if (hex.length % 2 === 1) hex = '0' + hex
  const out = new Uint8Array(1 + hex.length / 2)
  out[0] = value < 0n ? 1 : 0
  out.set(Buffer.from(hex, 'hex'), 1)
  return out
}

/** Reads Filecoin BigInt bytes; like go-state-types it accepts leading zero bytes. */
export function bigIntFromBytes (bytes: Uint8Array, source?: string): bigint {
  if (bytes.length === 0) return 0n
  if (bytes.length > BigIntMaxSerializedLen) {
    throw new InvalidBigIntError(`big integer byte array too long (${bytes.length} bytes, at most ${BigIntMaxSerializedLen})`, { value: bytes, source })
  }
  const sign = bytes[0]
  if (sign !== 0 && sign !== 1) {
    throw new InvalidBigIntError(`big int prefix should be either 0 or 1, got ${String(sign)}`, { value: bytes, source })
  }
  const magnitude = bytes.length > 1 ? BigInt('0x' + Buffer.from(bytes.subarray(1)).toString('hex')) : 0n
  return sign === 1 ? -magnitude : magnitude
}

/** Parses a decimal integer as Go's big.Int SetString(s, 10): optional sign, digits only. */
export function parseBigInt (text: string, source?: string): bigint {
  if (typeof text !== 'string' || !/^[+-]?[0-9]+$/.test(text)) {
    throw new InvalidBigIntError(`failed to parse ${JSON.stringify(text)} as a big int (expected a decimal integer string)`, { value: text, source })
  }
  return BigInt(text)
}
