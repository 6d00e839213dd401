/**
 * fr32 padding: every 127 bytes (1016 bits) of payload become four 32-byte field elements of
 * 254 bits each, whose top two bits are zero, so each fits the BLS12-381 scalar field.
 * Bits are taken least-significant first, as filecoin-ffi and go-fil-commp-hashhash do.
 */
import { InvalidInputError } from '../errors.js'

/** Pads the 127 bytes at `src[s..]` into the 128 bytes at `dst[d..]`. */
export function fr32PadQuad (src: Uint8Array, s: number, dst: Uint8Array, d: number): void {
  for (let i = 0; i < 31; i++) dst[d + i] = src[s + i]!
  dst[d + 31] = src[s + 31]! & 0x3f
  for (let i = 0; i < 32; i++) dst[d + 32 + i] = (src[s + 31 + i]! >> 6) | (src[s + 32 + i]! << 2)
  dst[d + 63] = dst[d + 63]! & 0x3f
  for (let i = 0; i < 32; i++) dst[d + 64 + i] = (src[s + 63 + i]! >> 4) | (src[s + 64 + i]! << 4)
  dst[d + 95] = dst[d + 95]! & 0x3f
  for (let i = 0; i < 31; i++) dst[d + 96 + i] = (src[s + 95 + i]! >> 2) | (src[s + 96 + i]! << 6)
  dst[d + 127] = src[s + 126]! >> 2
}

/** Unpads the 128 bytes at `src[s..]` into the 127 bytes at `dst[d..]`. */
export function fr32UnpadQuad (src: Uint8Array, s: number, dst: Uint8Array, d: number): void {
  for (let i = 0; i < 31; i++) dst[d + i] = src[s + i]!
  dst[d + 31] = (src[s + 31]! & 0x3f) | (src[s + 32]! << 6)
  for (let m = 32; m < 63; m++) dst[d + m] = (src[s + m]! >> 2) | (src[s + m + 1]! << 6)
  dst[d + 63] = ((src[s + 63]! >> 2) & 0x0f) | (src[s + 64]! << 4)
  for (let m = 64; m < 95; m++) dst[d + m] = (src[s + m]! >> 4) | (src[s + m + 1]! << 4)
  dst[d + 95] = ((src[s + 95]! >> 4) & 0x03) | (src[s + 96]! << 2)
  for (let m = 96; m < 127; m++) dst[d + m] = (src[s + m]! >> 6) | (src[s + m + 1]! << 2)
}

/** fr32-pads a payload whose length is a multiple of 127 bytes. */
export function fr32Pad (unpadded: Uint8Array, source = 'fr32Pad input'): Uint8Array {
  if (unpadded.length % 127 !== 0) {
    throw new InvalidInputError('ERR_FR32_LENGTH', `length ${unpadded.length} is not a multiple of 127 bytes`, { value: unpadded.length, source })
  }
  const quads = unpadded.length / 127
  const out = new Uint8Array(quads * 128)
  for (let q = 0; q < quads; q++) fr32PadQuad(unpadded, 127 * q, out, 128 * q)
  return out
}

/** Reverses fr32Pad; the length must be a multiple of 128 bytes. */
export function fr32Unpad (padded: Uint8Array, source = 'fr32Unpad input'): Uint8Array {
  if (padded.length % 128 !== 0) {
    throw new InvalidInputError('ERR_FR32_LENGTH', `length ${padded.length} is not a multiple of 128 bytes`, { value: padded.length, source })
  }
  const quads = padded.length / 128
  const out = new Uint8Array(quads * 127)
  for (let q = 0; q < quads; q++) fr32UnpadQuad(padded, 128 * q, out, 127 * q)
  return out
}
