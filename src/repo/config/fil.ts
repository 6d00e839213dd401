/**
 * FIL amounts as config files hold them (`"0.05 FIL"`). Values stay text at this layer; they
 * are checked with Lotus's `types.ParseFIL` rules and written back as `types.FIL.String()`
 * prints them, so `config updated` shows what Lotus would (`"0.050 fil"` -> `"0.05 FIL"`).
 */
import { formatFil, parseFil } from '../../core/token/index.js'

/** Canonical text of a FIL amount. Throws `InvalidFilError` for text Lotus would refuse. */
export function normalizeConfigFil (text: string): string {
  return formatFil(parseFil(text))
}

/** attoFIL of a config FIL value (already checked at load time). */
export function configFilToAtto (text: string): bigint {
  return parseFil(text)
}
