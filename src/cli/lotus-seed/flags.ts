/** Flag values for `lotus-seed` and `lotus fetch-params`, read as Lotus reads them, errors naming the flag. */
import { join } from 'node:path'
import { InvalidInputError } from '../../core/errors.js'

export class FlagValueError extends InvalidInputError {
  constructor (flag: string, message: string, value: unknown) {
    super('ERR_FLAG_VALUE', message, { value, source: flag })
  }
}

const BINARY_UNITS: Record<string, number> = { '': 1, b: 1, k: 2 ** 10, kb: 2 ** 10, kib: 2 ** 10, m: 2 ** 20, mb: 2 ** 20, mib: 2 ** 20, g: 2 ** 30, gb: 2 ** 30, gib: 2 ** 30, t: 2 ** 40, tb: 2 ** 40, tib: 2 ** 40 }

/** A byte size as go-units `RAMInBytes` reads it (`2KiB`, `2k`, `8MiB`, `2048`): every unit is binary. */
export function parseByteSize (text: string, flag: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text)
  const unit = m === null ? undefined : BINARY_UNITS[m[2]!.toLowerCase()]
  if (m === null || unit === undefined) {
    throw new FlagValueError(flag, `invalid size ${JSON.stringify(text)} (expected e.g. 2KiB, 8MiB, 32GiB or a byte count)`, text)
  }
  const bytes = Number(m[1]) * unit
  if (!Number.isSafeInteger(bytes)) throw new FlagValueError(flag, `invalid size ${JSON.stringify(text)}: not a whole number of bytes`, text)
  return bytes
}

/** A non-negative integer flag. */
export function parseCount (text: string, flag: string, min = 0): number {
  if (!/^\d+$/.test(text.trim())) throw new FlagValueError(flag, `${JSON.stringify(text)} is not an integer >= ${min}`, text)
  const n = Number(text.trim())
  if (!Number.isSafeInteger(n) || n < min) throw new FlagValueError(flag, `${JSON.stringify(text)} is not an integer >= ${min}`, text)
  return n
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 }

/** A duration as milliseconds: `4s`, `250ms`, `1m30s`, or a bare number of seconds. */
export function parseDurationMs (text: string, flag: string): number {
  const t = text.trim()
  if (/^\d+(\.\d+)?$/.test(t)) return Math.round(Number(t) * 1000)
  const parts = [...t.matchAll(/(\d+(?:\.\d+)?)(ms|s|m|h)/g)]
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== t) {
    throw new FlagValueError(flag, `invalid duration ${JSON.stringify(text)} (expected e.g. 4s, 250ms, 1m)`, text)
  }
  return Math.round(parts.reduce((ms, p) => ms + Number(p[1]) * DURATION_UNITS[p[2]!]!, 0))
}

/** An RFC 3339 time (`2025-02-27T15:04:05Z`) as Unix seconds. */
export function parseTimestamp (text: string, flag: string): number {
  const rfc3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/
  const ms = Date.parse(text)
  if (!rfc3339.test(text) || Number.isNaN(ms)) {
    throw new FlagValueError(flag, `${JSON.stringify(text)} is not an RFC 3339 time (e.g. 2025-02-27T15:04:05Z)`, text)
  }
  return Math.floor(ms / 1000)
}

/** `~` and `~/…` expanded against `home`, as go-homedir's Expand. */
export function expandHome (path: string, home: string): string {
  if (path === '~') return home
  if (path.startsWith('~/')) return join(home, path.slice(2))
  return path
}
