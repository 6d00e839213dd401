/**
 * FIL amounts as config files hold them (`"0.05 FIL"`). Values stay text at this layer; this
 * module checks them with Lotus's `types.ParseFIL` rules and writes them back in the form
 * `types.FIL.String()` prints, so `config updated` shows what Lotus would.
 */
const PRECISION = 10n ** 18n

export class FilSyntaxError extends Error {}

/** Parses `"1.5 FIL"`, `"1.5"`, `"1.5fil"`, `"1500 attofil"` / `"afil"` into attoFIL. */
export function parseConfigFil (text: string): bigint {
  const numLen = /^[-.0-9]*/.exec(text)?.[0].length ?? 0
  const num = text.slice(0, numLen)
  const suffix = text.slice(numLen)
  let atto = false
  if (suffix !== '') {
    const norm = suffix.trim().toLowerCase()
    if (norm === 'attofil' || norm === 'afil') atto = true
    else if (norm !== '' && norm !== 'fil') throw new FilSyntaxError(`unrecognized suffix: ${JSON.stringify(suffix)}`)
  }
  if (num.length > 50) throw new FilSyntaxError(`string length too large: ${num.length}`)
  const m = /^(-?)([0-9]*)(?:\.([0-9]*))?$/.exec(num)
  const intDigits = m?.[2] ?? ''
  const fracDigits = m?.[3] ?? ''
  if (m === null || (intDigits === '' && fracDigits === '')) {
    throw new FilSyntaxError(`failed to parse ${JSON.stringify(num)} as a decimal number`)
  }
  const scale = atto ? 1n : PRECISION
  const fracScale = 10n ** BigInt(fracDigits.length)
  const numerator = (BigInt(intDigits === '' ? '0' : intDigits) * fracScale + BigInt(fracDigits === '' ? '0' : fracDigits)) * scale
  if (numerator % fracScale !== 0n) {
    throw new FilSyntaxError(`invalid ${atto ? 'atto' : ''}FIL value: ${JSON.stringify(num)}`)
  }
  const value = numerator / fracScale
  return m[1] === '-' ? -value : value
}

/** `types.FIL.String()`: decimal FIL without trailing zeros, then ` FIL`. */
export function formatConfigFil (atto: bigint): string {
  if (atto === 0n) return '0 FIL'
  const neg = atto < 0n
  const abs = neg ? -atto : atto
  const frac = (abs % PRECISION).toString().padStart(18, '0').replace(/0+$/, '')
  return `${neg ? '-' : ''}${abs / PRECISION}${frac === '' ? '' : `.${frac}`} FIL`
}

/** Canonical text of a FIL amount (`"0.050 fil"` becomes `"0.05 FIL"`). Throws FilSyntaxError. */
export function normalizeConfigFil (text: string): string {
  return formatConfigFil(parseConfigFil(text))
}
