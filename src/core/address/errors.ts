import { InvalidInputError } from '../errors.js'

/**
 * Why an address was rejected, one per go-address sentinel error (`ErrUnknownNetwork`,
 * `ErrInvalidChecksum`, ...), so callers and tests can tell the cases apart.
 */
export type AddressErrorReason =
  | 'unknown-network'
  | 'unknown-protocol'
  | 'invalid-payload'
  | 'invalid-length'
  | 'invalid-checksum'
  | 'invalid-encoding'

/** An address string or byte form that is not a valid Filecoin address. */
export class InvalidAddressError extends InvalidInputError {
  readonly reason: AddressErrorReason

  constructor (reason: AddressErrorReason, message: string, details: { value?: unknown, source?: string, cause?: unknown } = {}) {
    super('ERR_INVALID_ADDRESS', message, details)
    this.reason = reason
  }
}
