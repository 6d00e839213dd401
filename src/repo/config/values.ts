/**
 * Checks and canonical forms of config values, shared by the TOML loader and the `LOTUS_*`
 * environment overrides. Integers must fit a JS number exactly (|n| < 2^53), which covers
 * every sensible setting.
 */
import { CID } from 'multiformats/cid'
import { DurationSyntaxError, normalizeGoDuration } from './duration.js'
import { InvalidFilError } from '../../core/token/index.js'
import { normalizeConfigFil } from './fil.js'
import type { FieldKind } from './schema.js'

/** A value that does not fit its field; the caller adds where it came from. */
export class ValueError extends Error {}

export function checkInteger (kind: FieldKind, v: bigint): number {
  if ((kind === 'uint' || kind === 'uint64') && v < 0n) throw new ValueError(`${v} is negative, but the field is unsigned`)
  if (v > BigInt(Number.MAX_SAFE_INTEGER) || v < BigInt(Number.MIN_SAFE_INTEGER)) {
    throw new ValueError(`${v} is out of range (Nelumbo accepts integers up to ${Number.MAX_SAFE_INTEGER} in magnitude)`)
  }
  return Number(v)
}

export function checkDuration (text: string): string {
  try {
    return normalizeGoDuration(text)
  } catch (err) {
    if (err instanceof DurationSyntaxError) throw new ValueError(`${err.message} (expected a Go duration such as "1h30m" or "20s")`)
    throw err
  }
}

export function checkFil (text: string): string {
  try {
    return normalizeConfigFil(text)
  } catch (err) {
    if (err instanceof InvalidFilError) throw new ValueError(`${err.message} (expected a FIL amount such as "0.05 FIL")`)
    throw err
  }
}

/** A CID in its canonical string form (CIDv1 base32, CIDv0 base58btc), as go-cid prints it. */
export function checkCid (text: string): string {
  try {
    return CID.parse(text).toString()
  } catch (err) {
    throw new ValueError(`${JSON.stringify(text)} is not a CID (${(err as Error).message})`)
  }
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True'])
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False'])

/** Go `strconv.ParseBool`. */
export function parseGoBool (text: string): boolean {
  if (TRUE.has(text)) return true
  if (FALSE.has(text)) return false
  throw new ValueError(`${JSON.stringify(text)} is not a boolean (use true or false)`)
}

/** Go `strconv.ParseInt(s, 0, 64)` / `ParseUint`: decimal, 0x hex, 0o or leading-0 octal, 0b binary, `_` separators. */
export function parseGoInt (text: string, kind: FieldKind): number {
  const signed = kind === 'int' || kind === 'int64'
  let s = text
  let neg = false
  if (signed && (s.startsWith('-') || s.startsWith('+'))) {
    neg = s.startsWith('-')
    s = s.slice(1)
  }
  let digits = s
  let radix = 10
  const prefix = s.slice(0, 2).toLowerCase()
  if (prefix === '0x') { radix = 16; digits = s.slice(2) } else if (prefix === '0o') { radix = 8; digits = s.slice(2) } else if (prefix === '0b') { radix = 2; digits = s.slice(2) } else if (s.length > 1 && s.startsWith('0')) { radix = 8; digits = s.slice(1) }
  const alphabet = '0123456789abcdef'.slice(0, radix)
  const clean = digits.replace(/(?<=[0-9a-fA-F])_(?=[0-9a-fA-F])/g, '')
  if (clean === '' || [...clean.toLowerCase()].some((c) => !alphabet.includes(c))) {
    throw new ValueError(`${JSON.stringify(text)} is not ${signed ? 'an integer' : 'a non-negative integer'}`)
  }
  let v = 0n
  for (const c of clean.toLowerCase()) v = v * BigInt(radix) + BigInt(alphabet.indexOf(c))
  return checkInteger(kind, neg ? -v : v)
}
