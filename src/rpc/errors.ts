import { NelumboError } from '../core/errors.js'
import { type ErrorObject, RpcErrorCodes } from './protocol.js'

/**
 * The one table from named error classes to JSON-RPC error codes. Lotus sends every error a
 * method returns as code 1 unless its type is registered (ErrOutOfGas = 2, ErrActorNotFound = 3);
 * nodes register such classes through `RpcServerOptions.errorCodes`. Errors that are bugs
 * (TypeError, RangeError, ReferenceError) are reported like a recovered Go panic, code 0.
 */
export type ErrorClass = abstract new (...args: never[]) => Error

export interface ErrorCodeEntry { readonly type: ErrorClass, readonly code: number }

const BUG_TYPES: readonly ErrorClass[] = [TypeError, RangeError, ReferenceError, SyntaxError]

/** Turns an error thrown by a method into the error object sent to the caller. */
export function toErrorObject (err: unknown, wireName: string, table: readonly ErrorCodeEntry[]): ErrorObject {
  if (!(err instanceof Error)) {
    return { code: RpcErrorCodes.Error, message: String(err) }
  }
  for (const entry of table) {
    if (err instanceof entry.type) return withMeta(entry.code, err.message, err)
  }
  if (BUG_TYPES.some((t) => err instanceof t)) {
    return {
      code: RpcErrorCodes.Panic,
      message: `fatal error calling '${wireName}': panic in rpc method '${wireName}': ${err.message}`
    }
  }
  return withMeta(RpcErrorCodes.Error, err.message, err)
}

// Our own named errors travel with their stable name in `meta`, so a Nelumbo client can tell
// them apart; Go clients ignore `meta` for codes they have not registered.
function withMeta (code: number, message: string, err: Error): ErrorObject {
  return err instanceof NelumboError ? { code, message, meta: { code: err.code } } : { code, message }
}

/** An error object a server returned for a call. The message is the server's, verbatim. */
export class RpcError extends NelumboError {
  readonly rpcCode: number
  readonly meta: unknown
  readonly method: string

  constructor (method: string, error: ErrorObject) {
    super(errorName(error), error.message)
    this.rpcCode = error.code
    this.meta = error.meta
    this.method = method
  }
}

function errorName (error: ErrorObject): string {
  const meta = error.meta
  if (typeof meta === 'object' && meta !== null && typeof (meta as { code?: unknown }).code === 'string') {
    return (meta as { code: string }).code
  }
  return 'ERR_RPC'
}

/**
 * A call that never got an answer: the endpoint could not be reached, refused the token, or the
 * connection dropped while the call was in flight. Names the method and the endpoint.
 */
export class RpcTransportError extends NelumboError {
  readonly method: string
  readonly endpoint: string
  /** HTTP status of a refused request, when there was one. */
  readonly status: number | undefined

  constructor (method: string, endpoint: string, reason: string, options: { status?: number, cause?: unknown, code?: string } = {}) {
    super(options.code ?? 'ERR_RPC_TRANSPORT', `${method} (${endpoint}): ${reason}`, { cause: options.cause })
    this.method = method
    this.endpoint = endpoint
    this.status = options.status
  }
}

/** go-jsonrpc's code -1111111: the WebSocket closed with this call in flight. */
export class RpcConnectionClosedError extends RpcTransportError {
  readonly rpcCode = RpcErrorCodes.ConnectionClosed

  constructor (method: string, endpoint: string) {
    super(method, endpoint, 'handler: websocket connection closed', { code: 'ERR_RPC_CONNECTION_CLOSED' })
  }
}
