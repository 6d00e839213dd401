/**
 * Named errors that carry the offending value and where it came from, so a user can act on
 * them. `src/rpc/` maps them to JSON-RPC codes and the CLI to exit codes, each in one table.
 */
export class NelumboError extends Error {
  /** Stable machine-readable name, e.g. `ERR_INVALID_ADDRESS`. */
  readonly code: string

  constructor (code: string, message: string, options?: { cause?: unknown }) {
    super(message, options)
    this.code = code
    this.name = new.target.name
  }
}

/**
 * Input that could not be accepted: a string that is not an address, a malformed CBOR value,
 * a config key with the wrong type. `source` says where the value came from (a file and key,
 * an RPC method and parameter index, a CLI argument) when the caller knows it.
 */
export class InvalidInputError extends NelumboError {
  readonly value: unknown
  readonly source: string | undefined

  constructor (code: string, message: string, details: { value?: unknown, source?: string, cause?: unknown } = {}) {
    super(code, details.source != null ? `${details.source}: ${message}` : message, { cause: details.cause })
    this.value = details.value
    this.source = details.source
  }
}
