import { InvalidInputError } from '../errors.js'

/** CBOR bytes that are malformed or do not have the shape a Filecoin type needs. */
export class InvalidCborError extends InvalidInputError {
  constructor (message: string, details: { value?: unknown, source?: string, cause?: unknown } = {}) {
    super('ERR_INVALID_CBOR', message, details)
  }
}
