/**
 * JSON-RPC 2.0 frames as go-jsonrpc writes and reads them, and the built-in `xrpc.*`
 * notifications it uses for cancellation and channels over WebSocket.
 */

/** A request id: go-jsonrpc v0.2+ accepts integers and strings and echoes them back. */
export type RpcId = number | string

export const XRPC_CANCEL = 'xrpc.cancel'
export const XRPC_CH_VAL = 'xrpc.ch.val'
export const XRPC_CH_CLOSE = 'xrpc.ch.close'

export interface RequestFrame {
  jsonrpc: '2.0'
  id?: RpcId | null
  method: string
  params?: unknown
  meta?: Record<string, string>
}

export interface ErrorObject {
  code: number
  message: string
  meta?: unknown
}

export interface ResponseFrame {
  jsonrpc: '2.0'
  id: RpcId | null
  result?: unknown
  error?: ErrorObject
}

/** JSON-RPC error codes go-jsonrpc uses, and Lotus's registered ones. */
export const RpcErrorCodes = {
  /** Bad JSON, an oversized body, or a parameter that does not decode. */
  ParseError: -32700,
  /** An empty body. */
  InvalidRequest: -32600,
  /** Unknown method, or a channel method over HTTP POST. */
  MethodNotFound: -32601,
  /** Wrong number of parameters. */
  InvalidParams: -32602,
  /** The method crashed (Go: recovered panic). */
  Panic: 0,
  /** Any error the method returned, including permission errors. */
  Error: 1,
  /** Client side only: the WebSocket dropped while the call was in flight. */
  ConnectionClosed: -1111111
} as const

/** Anything with an id that is neither a number nor a string is refused, as go-jsonrpc does. */
export function normalizeId (id: unknown): RpcId | null | undefined {
  if (id === undefined || id === null) return id
  if (typeof id === 'string') return id
  if (typeof id === 'number' && Number.isInteger(id)) return id
  throw new TypeError(`failed to parse ID: unexpected ID type ${typeof id}`)
}

/** Shapes an untrusted parsed JSON value as a request, or says why it is not one. */
export function asRequest (json: unknown): RequestFrame | string {
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return 'Parse error'
  const frame = json as Record<string, unknown>
  if (frame.method !== undefined && typeof frame.method !== 'string') return 'Parse error'
  return { ...frame, method: frame.method ?? '' } as RequestFrame
}

const BIGINT_MARK = '\u0000bigint:'

/**
 * JSON.stringify that writes bigints as bare integer literals, as Go writes int64/uint64:
 * codecs hand out a bigint only for integers beyond 2^53, which a JS number would round.
 */
export function stringifyJson (value: unknown): string {
  let sawBigint = false
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v !== 'bigint') return v
    sawBigint = true
    return BIGINT_MARK + v.toString()
  })
  return sawBigint ? text.replace(/"\\u0000bigint:(-?\d+)"/g, '$1') : text
}

/** Serialises a frame the way Go's json.Encoder does: one line with a trailing newline. */
export function encodeFrame (frame: RequestFrame | ResponseFrame): string {
  return stringifyJson(frame) + '\n'
}
