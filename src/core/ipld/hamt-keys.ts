import { invalidArgument } from './errors.js'

// HAMT keys as builtin-actors / go-state-types build them (abi.UIntKey, abi.IntKey, string
// keys). Address keys are the address's byte form; CID keys are the CID's bytes.

const MAX_U64 = (1n << 64n) - 1n

/** Unsigned LEB128 varint of a u64 (go-state-types `abi.UIntKey`, e.g. deal IDs, sector numbers). */
export function uintKey (n: number | bigint): Uint8Array {
  let v = BigInt(n)
  if (v < 0n || v > MAX_U64) throw invalidArgument('HAMT key', `uint key out of u64 range: ${n}`, n)
  const out: number[] = []
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80)
    v >>= 7n
  }
  out.push(Number(v))
  return Uint8Array.from(out)
}

/** Zig-zag signed varint of an i64 (go-state-types `abi.IntKey`, Go's binary.PutVarint). */
export function intKey (n: number | bigint): Uint8Array {
  const v = BigInt(n)
  if (v < -(1n << 63n) || v >= 1n << 63n) throw invalidArgument('HAMT key', `int key out of i64 range: ${n}`, n)
  return uintKey(v >= 0n ? v << 1n : ((-v) << 1n) - 1n)
}

/** Decodes a {@link uintKey}; throws if the bytes are not exactly one minimal varint. */
export function parseUintKey (key: Uint8Array): bigint {
  let v = 0n
  for (let i = 0; i < key.length; i++) {
    const b = key[i]!
    v |= BigInt(b & 0x7f) << BigInt(7 * i)
    if ((b & 0x80) === 0) {
      if (i !== key.length - 1 || (b === 0 && i > 0) || v > MAX_U64) break
      return v
    }
  }
  throw invalidArgument('HAMT key', 'not a minimal unsigned varint', key)
}

/** The UTF-8 bytes of a string key. */
export function stringKey (s: string): Uint8Array {
  return new TextEncoder().encode(s)
}
