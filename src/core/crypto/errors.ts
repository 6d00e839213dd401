import { InvalidInputError } from '../errors.js'

/**
 * A private key that cannot be used: wrong length, out of the curve's scalar range, an unknown
 * key type, or a KeyInfo that does not parse. The message never carries the key bytes.
 */
export class InvalidKeyError extends InvalidInputError {
  constructor (message: string, details: { value?: unknown, source?: string, cause?: unknown } = {}) {
    super('ERR_INVALID_KEY', message, details)
  }
}

/**
 * Signature bytes that are not a signature of their declared type: wrong length, an unknown
 * type byte, a point that is not on the curve, a bad recovery id.
 */
export class InvalidSignatureError extends InvalidInputError {
  constructor (message: string, details: { value?: unknown, source?: string, cause?: unknown } = {}) {
    super('ERR_INVALID_SIGNATURE', message, details)
  }
}
