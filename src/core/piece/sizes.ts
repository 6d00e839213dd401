/**
 * Piece sizes as Lotus's abi types: an unpadded size is 127 * 2^k bytes of payload, its padded
 * size 128 * 2^k bytes after fr32. Both are branded numbers (sizes up to 64 GiB are exact).
 */
import { InvalidInputError } from '../errors.js'

declare const unpaddedBrand: unique symbol
declare const paddedBrand: unique symbol

/** abi.UnpaddedPieceSize: 127 * 2^k bytes, at least 127. */
export type UnpaddedPieceSize = number & { readonly [unpaddedBrand]: true }
/** abi.PaddedPieceSize: 2^k bytes, at least 128. */
export type PaddedPieceSize = number & { readonly [paddedBrand]: true }

/** go-fil-commp-hashhash's MinPiecePayload: below this CommP is not defined. */
export const MIN_PIECE_PAYLOAD = 65
/** The largest piece a Filecoin sector holds (64 GiB padded). */
export const MAX_PADDED_PIECE_SIZE = 2 ** 36 as PaddedPieceSize
export const MAX_UNPADDED_PIECE_SIZE = (2 ** 36 / 128 * 127) as UnpaddedPieceSize

export class InvalidPieceSizeError extends InvalidInputError {
  constructor (message: string, value: unknown, source: string | undefined) {
    super('ERR_INVALID_PIECE_SIZE', message, { value, source })
  }
}

function toSafeInteger (n: number | bigint, what: string, source: string | undefined): number {
  const v = typeof n === 'bigint' ? Number(n) : n
  if (!Number.isSafeInteger(v) || v < 0 || (typeof n === 'bigint' && BigInt(v) !== n)) {
    throw new InvalidPieceSizeError(`${what} ${String(n)} is not a non-negative integer`, n, source)
  }
  return v
}

function isPow2 (n: number): boolean {
  return n > 0 && Number.isInteger(Math.log2(n)) && 2 ** Math.log2(n) === n
}

/** Validates an unpadded piece size (Lotus UnpaddedPieceSize.Validate). */
export function unpaddedPieceSize (n: number | bigint, source?: string): UnpaddedPieceSize {
  const v = toSafeInteger(n, 'unpadded piece size', source)
  if (v < 127) throw new InvalidPieceSizeError(`unpadded piece size ${v}: minimum piece size is 127 bytes`, n, source)
  if (v % 127 !== 0 || !isPow2(v / 127)) {
    throw new InvalidPieceSizeError(`unpadded piece size ${v} must be a power of 2 multiple of 127`, n, source)
  }
  return v as UnpaddedPieceSize
}

/** Validates a padded piece size (Lotus PaddedPieceSize.Validate). */
export function paddedPieceSize (n: number | bigint, source?: string): PaddedPieceSize {
  const v = toSafeInteger(n, 'padded piece size', source)
  if (v < 128) throw new InvalidPieceSizeError(`padded piece size ${v}: minimum padded piece size is 128 bytes`, n, source)
  if (!isPow2(v)) throw new InvalidPieceSizeError(`padded piece size ${v} must be a power of 2`, n, source)
  return v as PaddedPieceSize
}

/** UnpaddedPieceSize.Padded(): u + u/127. */
export function unpaddedToPadded (u: UnpaddedPieceSize): PaddedPieceSize {
  return (u + u / 127) as PaddedPieceSize
}

/** PaddedPieceSize.Unpadded(): p - p/128. */
export function paddedToUnpadded (p: PaddedPieceSize): UnpaddedPieceSize {
  return (p - p / 128) as UnpaddedPieceSize
}

/** The smallest unpadded piece (127 * 2^k bytes) that holds `payloadSize` bytes (padreader.PaddedSize). */
export function unpaddedPieceSizeForPayload (payloadSize: number | bigint, source?: string): UnpaddedPieceSize {
  const v = toSafeInteger(payloadSize, 'payload size', source)
  if (v > MAX_UNPADDED_PIECE_SIZE) {
    throw new InvalidPieceSizeError(`payload of ${v} bytes exceeds the largest piece (${MAX_UNPADDED_PIECE_SIZE} bytes unpadded)`, payloadSize, source)
  }
  let u = 127
  while (u < v) u *= 2
  return u as UnpaddedPieceSize
}

/**
 * Padding pieces Lotus inserts before a new piece so it starts aligned to its own size
 * (sealer GetRequiredPadding): smallest first, and their total.
 */
export function requiredPadding (oldLength: number, newPieceLength: PaddedPieceSize): { pads: PaddedPieceSize[], sum: number } {
  let toFill = (newPieceLength - (oldLength % newPieceLength)) % newPieceLength
  const pads: PaddedPieceSize[] = []
  let sum = 0
  for (let bit = 1; toFill > 0; bit *= 2) {
    if (toFill % (bit * 2) !== 0) {
      pads.push(bit as PaddedPieceSize)
      sum += bit
      toFill -= bit
    }
  }
  return { pads, sum }
}
