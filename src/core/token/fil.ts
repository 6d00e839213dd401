import { InvalidInputError } from '../errors.js'
import type { TokenAmount } from '../types.js'

/** attoFIL per FIL (Lotus `buildconstants.FilecoinPrecision`). */
export const FilecoinPrecision = 10n ** 18n

// Lotus `unitPrefixes`, smallest first; Short() picks the first under 1000 units.
const unitPrefixes = ['a', 'f', 'p', 'n', 'μ', 'm']

/** Text that is not a FIL amount Lotus would accept. */
export class InvalidFilError extends InvalidInputError {
  constructor (message: string, details: { value?: unknown, source?: string } = {}) {
    super('ERR_INVALID_FIL', message, details)
  }
}

/** `1.5 FIL`, `0 FIL`: Lotus `types.FIL.String()`. */
export function formatFil (attoFil: bigint): string {
  return formatFilUnitless(attoFil) + ' FIL'
}

/** `1.5`: the amount in FIL with every significant digit (Lotus `FIL.Unitless()`). */
export function formatFilUnitless (attoFil: bigint): string {
  if (attoFil === 0n) return '0'
  return trimDecimal(floatString(attoFil, FilecoinPrecision, 18))
}

/** `221.234 μFIL`: three decimals in the largest unit under 1000 (Lotus `FIL.Short()`). */
export function formatFilShort (attoFil: bigint): string {
  const n = attoFil < 0n ? -attoFil : attoFil
  let dn = 1n
  let prefix = ''
  for (const p of unitPrefixes) {
    if (n < dn * 1000n) {
      prefix = p
      break
    }
    dn *= 1000n
  }
  if (attoFil === 0n) return '0'
  return `${trimDecimal(floatString(attoFil, dn, 3))} ${prefix}FIL`
}

/** `1.5 nFIL`: the amount in nanoFIL (Lotus `FIL.Nano()`). */
export function formatFilNano (attoFil: bigint): string {
  if (attoFil === 0n) return '0'
  return trimDecimal(floatString(attoFil, 10n ** 9n, 9)) + ' nFIL'
}

/**
 * Parses a FIL amount as Lotus `types.ParseFIL`: a decimal number optionally followed by a
 * unit `FIL` (default) or `attoFIL`/`aFIL`, any case, spaces allowed before the unit.
 */
export function parseFil (text: string, source?: string): TokenAmount {
  if (typeof text !== 'string') throw new InvalidFilError(`expected a FIL amount string, got ${typeof text}`, { value: text, source })
  const numberLength = text.length - text.replace(/^[-.0-9]*/, '').length
  const numberText = text.slice(0, numberLength)
  const suffix = text.slice(numberLength)
  let atto = false
  if (suffix !== '') {
    const norm = suffix.trim().toLowerCase()
    if (norm === 'attofil' || norm === 'afil') atto = true
    else if (norm !== '' && norm !== 'fil') {
      throw new InvalidFilError(`unrecognized suffix: ${JSON.stringify(suffix)} in ${JSON.stringify(text)} (expected FIL, attoFIL or aFIL)`, { value: text, source })
    }
  }
  if (numberText.length > 50) {
    throw new InvalidFilError(`string length too large: ${numberText.length} (at most 50 characters)`, { value: text, source })
  }
  // The decimal forms Go's big.Rat SetString accepts from these characters.
  const m = /^(-?)([0-9]*)(?:\.([0-9]*))?$/.exec(numberText)
  if (m === null || ((m[2] ?? '') === '' && (m[3] ?? '') === '')) {
    throw new InvalidFilError(`failed to parse ${JSON.stringify(numberText)} as a decimal number`, { value: text, source })
  }
  const whole = m[2] ?? ''
  const fraction = m[3] ?? ''
  const scale = atto ? 0 : 18
  const significant = fraction.replace(/0+$/, '')
  if (significant.length > scale) {
    throw new InvalidFilError(`invalid ${atto ? 'atto' : ''}FIL value: ${JSON.stringify(numberText)}`, { value: text, source })
  }
  const magnitude = BigInt((whole === '' ? '0' : whole) + significant.padEnd(scale, '0'))
  return (m[1] === '-' ? -magnitude : magnitude) as TokenAmount
}

// Go's big.Rat FloatString: `prec` decimals, the last rounded half away from zero.
function floatString (num: bigint, den: bigint, prec: number): string {
  const negative = num < 0n
  const a = negative ? -num : num
  const p = 10n ** BigInt(prec)
  let q = a / den
  let r = ((a % den) * p)
  const r2 = (r % den) * 2n
  r /= den
  if (r2 >= den) {
    r += 1n
    if (r >= p) {
      q += 1n
      r -= p
    }
  }
  return `${negative ? '-' : ''}${q}.${r.toString().padStart(prec, '0')}`
}

// strings.TrimRight(strings.TrimRight(s, "0"), ".")
function trimDecimal (s: string): string {
  return s.replace(/0+$/, '').replace(/\.+$/, '')
}
