/** What the typed client needs from a connection: calls and subscriptions with raw JSON. */
export interface Transport {
  /** The URL errors name (without any query string, which may hold a token). */
  readonly endpoint: string
  /** Sends a call; resolves with the raw `result` (undefined when absent), rejects with the error. */
  call: (method: string, params: unknown[], signal?: AbortSignal) => Promise<unknown>
  /** Calls a channel method; resolves with the stream of raw values once the server accepts. */
  subscribe: (method: string, params: unknown[], signal?: AbortSignal) => Promise<AsyncIterable<unknown>>
  close: () => Promise<void>
}

/** The URL with any query string removed, fit for error messages. */
export function endpointOf (url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`
}

/** The abort reason of a signal as an Error. */
export function abortReason (signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError')
}
