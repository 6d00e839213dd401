/**
 * Go's number printing as the `lotus state` commands use it: `%.4g`/`%.3g` (types.SizeStr,
 * types.DeciStr), `%0.4f` of a ratio (types.BigDivFloat), and cliutil.EpochTimeTs. Go rounds
 * the exact decimal value of a float half to even, where JavaScript's toFixed/toPrecision
 * round ties up, so the rounding is done here on the exact digits.
 */
import { duraFmt } from '../lotus-miner/format.js'

/** The exact decimal digits of a finite `f > 0`: value = 0.d₁d₂… × 10^(exp+1). */
function exactDigits (f: number): { digits: string, exp: number } {
  // 100 fraction digits hold every digit of the floats printed here (sizes, percentages).
  const [mant, e] = f.toExponential(100).split('e') as [string, string]
  return { digits: mant.replace('.', '').replace(/0+$/, ''), exp: Number(e) }
}

/** Keeps the first `n` digits (n ≥ 0), rounding half to even; may carry into a new leading digit. */
function roundDigits (digits: string, exp: number, n: number): { digits: string, exp: number } {
  if (digits.length <= n) return { digits, exp }
  const next = digits.charCodeAt(n) - 48
  const rest = digits.slice(n + 1).replace(/0+$/, '')
  const last = n === 0 ? 0 : digits.charCodeAt(n - 1) - 48
  const up = next > 5 || (next === 5 && (rest !== '' || last % 2 === 1))
  const kept = digits.slice(0, n) || '0'
  if (!up) return { digits: kept, exp }
  const bumped = (BigInt(kept) + 1n).toString()
  // 0.95 → 1.0 (or 0.6 → 1 with no digit kept) moves the point one place.
  return { digits: bumped, exp: n === 0 || bumped.length > kept.length ? exp + 1 : exp }
}

/** Go's `%.{prec}g` for a finite, non-negative float. */
export function goG (f: number, prec: number): string {
  if (f === 0) return '0'
  const exact = exactDigits(f)
  const { digits, exp } = roundDigits(exact.digits, exact.exp, prec)
  const trimmed = digits.replace(/0+$/, '') || '0'
  if (exp < -4 || exp >= prec) {
    const mant = trimmed.length > 1 ? `${trimmed[0]!}.${trimmed.slice(1)}` : trimmed
    return `${mant}e${exp < 0 ? '-' : '+'}${String(Math.abs(exp)).padStart(2, '0')}`
  }
  if (exp < 0) return `0.${'0'.repeat(-exp - 1)}${trimmed}`
  const int = trimmed.slice(0, exp + 1).padEnd(exp + 1, '0')
  const frac = trimmed.slice(exp + 1)
  return frac === '' ? int : `${int}.${frac}`
}

/** Go's `%0.{prec}f` for a finite, non-negative float. */
export function goF (f: number, prec: number): string {
  const zero = `0${prec > 0 ? `.${'0'.repeat(prec)}` : ''}`
  if (f === 0) return zero
  const exact = exactDigits(f)
  const keep = exact.exp + 1 + prec
  if (keep < 0) return zero
  const { digits, exp } = roundDigits(exact.digits, exact.exp, keep)
  // Digits now stand for value = digits × 10^(exp+1-len); lay them out with `prec` decimals.
  const scaled = BigInt(digits) * 10n ** BigInt(Math.max(0, exp + 1 + prec - digits.length))
  const text = scaled.toString().padStart(prec + 1, '0')
  return prec === 0 ? text : `${text.slice(0, -prec)}.${text.slice(-prec)}`
}

const byteSizeUnits = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB', 'ZiB']
const deciUnits = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei', 'Zi']

function scale1024 (n: bigint, units: readonly string[]): [number, string] {
  let f = Number(n)
  let i = 0
  while (f >= 1024 && i + 1 < units.length) {
    f /= 1024
    i++
  }
  return [f, units[i]!]
}

/** Lotus types.SizeStr: `2 KiB`, `1.5 GiB`. */
export function sizeStr (n: bigint): string {
  const [f, unit] = scale1024(n, byteSizeUnits)
  return `${goG(f, 4)} ${unit}`
}

/** Lotus types.DeciStr (power in QA bytes): `2 Ki`, `1.5 Ti`, `512 ` (unitless below 1024). */
export function deciStr (n: bigint): string {
  const [f, unit] = scale1024(n, deciUnits)
  return `${goG(f, 3)} ${unit}`
}

/**
 * `%0.4f` of types.BigDivFloat(part × 100, total): a share in percent. Lotus panics on a zero
 * total; this reads it as no share.
 */
export function percentStr (part: bigint, total: bigint): string {
  return goF(total === 0n ? 0 : ratioFloat(part * 100n, total), 4)
}

/** big.Rat.Float64 for `num ≥ 0, den > 0`: the float nearest the exact quotient. */
function ratioFloat (num: bigint, den: bigint): number {
  if (num === 0n) return 0
  // At least 64 quotient bits plus a sticky bit for a non-zero remainder let Number() round once, correctly.
  let shift = Math.max(0, 64 - (num.toString(2).length - den.toString(2).length))
  const scaled = num << BigInt(shift)
  let q = scaled / den
  if (scaled % den !== 0n) {
    q = (q << 1n) | 1n
    shift++
  }
  return Number(q) / 2 ** shift
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Go's time.RFC822 (`02 Jan 06 15:04 MST`) in UTC. */
export function rfc822Utc (unixSecs: number): string {
  const d = new Date(unixSecs * 1000)
  const p2 = (n: number): string => String(n).padStart(2, '0')
  return `${p2(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]!} ${p2(d.getUTCFullYear() % 100)} ${p2(d.getUTCHours())}:${p2(d.getUTCMinutes())} UTC`
}

/**
 * cliutil.EpochTimeTs: an epoch, its wall-clock time reckoned from a tipset's timestamp, and how
 * far it is from `curr` (`1000 (23 Nov 26 22:40 UTC, in 1 hour 6 minutes)`).
 */
export function epochTimeTs (curr: number, e: number, ts: { height: number, minTimestamp: number }, blockDelaySecs: number): string {
  const when = rfc822Utc(ts.minTimestamp + (e - ts.height) * blockDelaySecs)
  if (curr > e) return `${e} (${when}, ${duraFmt((curr - e) * blockDelaySecs)} ago)`
  if (curr === e) return `${e} (${when}, now)`
  return `${e} (${when}, in ${duraFmt((e - curr) * blockDelaySecs)})`
}
