/**
 * Unsigned varints limited to 63 bits (9 bytes) and minimal encoding, as go-varint's
 * `FromUvarint` accepts them; used for ID address payloads and delegated namespaces.
 */

/** 2^63 - 1: the largest actor ID and delegated namespace. */
export const MaxUvarint63 = (1n << 63n) - 1n

/** Why a varint could not be read. */
export type UvarintError = 'overflow' | 'not-minimal' | 'underflow'

export function encodeUvarint (value: bigint): Uint8Array {
  const out: number[] = []
  let v = value
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80)
    v >>= 7n
  }
  out.push(Number(v))
  return Uint8Array.from(out)
}

/** Reads one varint from the start of `buf`: its value and byte length, or why it failed. */
export function decodeUvarint (buf: Uint8Array): { value: bigint, length: number } | { error: UvarintError } {
  let x = 0n
  let shift = 0n
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i] as number
    // The 9th byte may not announce a 10th: 9 * 7 = 63 bits is the limit.
    if (i >= 9 || (i === 8 && b >= 0x80)) return { error: 'overflow' }
    if (b < 0x80) {
      if (b === 0 && i > 0) return { error: 'not-minimal' }
      return { value: x | (BigInt(b) << shift), length: i + 1 }
    }
    x |= BigInt(b & 0x7f) << shift
    shift += 7n
  }
  return { error: 'underflow' }
}
