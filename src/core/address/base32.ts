import { base32 } from 'multiformats/bases/base32'
import { InvalidAddressError } from './errors.js'

// RFC 4648 alphabet in lower case without padding, as go-address's AddressEncoding.
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'

export function base32Encode (bytes: Uint8Array): string {
  return base32.baseEncode(bytes)
}

/**
 * Decodes and insists on the canonical form (no stray trailing bits, a valid length), as
 * go-address does by re-encoding and comparing.
 */
export function base32Decode (text: string, whole: string, source: string | undefined): Uint8Array {
  for (let i = 0; i < text.length; i++) {
    if (!ALPHABET.includes(text.charAt(i))) {
      throw new InvalidAddressError('invalid-encoding',
        `invalid address ${JSON.stringify(whole)}: character ${JSON.stringify(text.charAt(i))} is not in the base32 alphabet`,
        { value: whole, source })
    }
  }
  try {
    return base32.baseDecode(text)
  } catch (err) {
    throw new InvalidAddressError('invalid-encoding',
      `invalid address ${JSON.stringify(whole)}: not canonical base32 (bad length or trailing bits)`,
      { value: whole, source, cause: err })
  }
}
