/**
 * Go `time.Duration` text, as Lotus config files hold it (`"24h0m0s"`, `"20s"`, `"200ms"`).
 * Parsing follows `time.ParseDuration`; formatting follows `Duration.String()`, so a value read
 * and written back comes out as Lotus would print it.
 */
const NS = 1n
const UNITS: Readonly<Record<string, bigint>> = {
  ns: NS,
  us: 1000n,
  'µs': 1000n, // U+00B5 micro sign
  'μs': 1000n, // U+03BC Greek mu
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n
}
const MAX = (1n << 63n) - 1n

/** A parse failure, with Go's wording (`time: invalid duration "x"`). */
export class DurationSyntaxError extends Error {}

/** Parses Go duration text into nanoseconds. */
export function parseGoDuration (text: string): bigint {
  const quoted = JSON.stringify(text)
  let s = text
  let neg = false
  if (s.startsWith('-') || s.startsWith('+')) {
    neg = s.startsWith('-')
    s = s.slice(1)
  }
  if (s === '0') return 0n
  if (s === '') throw new DurationSyntaxError(`time: invalid duration ${quoted}`)
  let total = 0n
  while (s !== '') {
    const m = /^([0-9]*)(?:\.([0-9]*))?/.exec(s)
    const intPart = m?.[1] ?? ''
    const fracPart = m?.[2]
    if (intPart === '' && (fracPart === undefined || fracPart === '')) {
      throw new DurationSyntaxError(`time: invalid duration ${quoted}`)
    }
    s = s.slice(m?.[0].length ?? 0)
    const unitMatch = /^[^0-9.]+/.exec(s)
    if (unitMatch === null) throw new DurationSyntaxError(`time: missing unit in duration ${quoted}`)
    const unitName = unitMatch[0]
    const unit = UNITS[unitName]
    if (unit === undefined) throw new DurationSyntaxError(`time: unknown unit ${JSON.stringify(unitName)} in duration ${quoted}`)
    s = s.slice(unitName.length)
    let v = BigInt(intPart === '' ? '0' : intPart) * unit
    if (fracPart !== undefined && fracPart !== '') {
      v += (BigInt(fracPart) * unit) / 10n ** BigInt(fracPart.length)
    }
    total += v
    if (total > MAX + (neg ? 1n : 0n)) throw new DurationSyntaxError(`time: invalid duration ${quoted}`)
  }
  return neg ? -total : total
}

/** Formats nanoseconds as Go's `Duration.String()` does. */
export function formatGoDuration (ns: bigint): string {
  if (ns === 0n) return '0s'
  const neg = ns < 0n
  let u = neg ? -ns : ns
  let out: string
  if (u < UNITS.s!) {
    let prec: number
    let unit: string
    if (u < 1000n) { prec = 0; unit = 'ns' } else if (u < 1_000_000n) { prec = 3; unit = 'µs' } else { prec = 6; unit = 'ms' }
    const [frac, rest] = fraction(u, prec)
    out = `${rest}${frac}${unit}`
  } else {
    const [frac, secs] = fraction(u, 9)
    u = secs
    out = `${u % 60n}${frac}s`
    u /= 60n
    if (u > 0n) {
      out = `${u % 60n}m${out}`
      u /= 60n
      if (u > 0n) out = `${u}h${out}`
    }
  }
  return neg ? `-${out}` : out
}

/** Splits off `prec` decimal digits, dropping trailing zeros (and the dot if nothing is left). */
function fraction (v: bigint, prec: number): [string, bigint] {
  if (prec === 0) return ['', v]
  const scale = 10n ** BigInt(prec)
  const digits = (v % scale).toString().padStart(prec, '0').replace(/0+$/, '')
  return [digits === '' ? '' : `.${digits}`, v / scale]
}

/** Canonical text of a duration (e.g. `"24h"` becomes `"24h0m0s"`). Throws DurationSyntaxError. */
export function normalizeGoDuration (text: string): string {
  return formatGoDuration(parseGoDuration(text))
}

/** Milliseconds of a Go duration text, for timers (fractions of a millisecond are dropped). */
export function goDurationToMs (text: string): number {
  return Number(parseGoDuration(text) / 1_000_000n)
}
