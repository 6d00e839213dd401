import { WebSocket, type RawData } from 'ws'
import type { Dispatch, Outcome } from './dispatch.js'
import {
  type RequestFrame, type ResponseFrame, type RpcId, RpcErrorCodes, XRPC_CANCEL, XRPC_CH_CLOSE, XRPC_CH_VAL,
  asRequest, encodeFrame, normalizeId
} from './protocol.js'

export interface WsConnectionOptions {
  pingIntervalMs: number
  idleTimeoutMs: number
  onError: (err: unknown, method: string) => void
}

/**
 * One WebSocket client of the server: requests run concurrently; channel methods answer with a
 * channel id and then stream `xrpc.ch.val` notifications until `xrpc.ch.close`; `xrpc.cancel`
 * aborts a running call or stops a channel. Closing the socket aborts everything it started.
 */
export class WsServerConnection {
  private readonly running = new Map<string, AbortController>()
  private nextChannelId = 0
  private lastSeen = Date.now()
  private readonly pinger: NodeJS.Timeout

  constructor (
    private readonly ws: WebSocket,
    private readonly dispatch: Dispatch,
    private readonly perms: readonly string[],
    private readonly options: WsConnectionOptions
  ) {
    ws.on('message', (data, isBinary) => { this.onMessage(data, isBinary) })
    ws.on('pong', () => { this.lastSeen = Date.now() })
    ws.on('close', () => { this.onClose() })
    ws.on('error', () => { ws.terminate() })
    this.pinger = setInterval(() => { this.ping() }, options.pingIntervalMs)
  }

  /** Drops the connection at once (server shutdown). */
  terminate (): void {
    this.ws.terminate()
  }

  private ping (): void {
    if (Date.now() - this.lastSeen > this.options.idleTimeoutMs) {
      this.ws.terminate()
      return
    }
    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping()
  }

  private send (frame: RequestFrame | ResponseFrame): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(encodeFrame(frame))
  }

  private sendError (id: RpcId | null, code: number, message: string): void {
    this.send({ jsonrpc: '2.0', id, error: { code, message } })
  }

  private onMessage (data: RawData, isBinary: boolean): void {
    this.lastSeen = Date.now()
    let json: unknown
    try {
      json = JSON.parse(isBinary ? '' : (Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)).toString('utf8'))
    } catch {
      this.sendError(null, RpcErrorCodes.ParseError, 'Parse error')
      return
    }
    const frame = asRequest(json)
    if (typeof frame === 'string') {
      this.sendError(null, RpcErrorCodes.ParseError, frame)
      return
    }
    // A frame without a method is a response to a call we never make; nothing to do.
    if (frame.method === '') return
    if (frame.method === XRPC_CANCEL) {
      const target = Array.isArray(frame.params) ? normalizeIdOrNull(frame.params[0]) : null
      if (target !== null) this.running.get(idKey(target))?.abort()
      return
    }
    // Client-to-server channels are not part of any Lotus API we serve.
    if (frame.method === XRPC_CH_VAL || frame.method === XRPC_CH_CLOSE) return

    let id: RpcId | null | undefined
    try {
      id = normalizeId(frame.id)
    } catch (err) {
      this.sendError(null, RpcErrorCodes.ParseError, (err as Error).message)
      return
    }
    void this.run(frame, id ?? null)
  }

  private async run (frame: RequestFrame, id: RpcId | null): Promise<void> {
    const controller = new AbortController()
    const key = id === null ? undefined : idKey(id)
    if (key !== undefined) this.running.set(key, controller)
    try {
      let outcome: Outcome
      try {
        outcome = await this.dispatch(frame, { perms: this.perms, signal: controller.signal, channels: true })
      } catch (err) {
        this.options.onError(err, frame.method)
        outcome = { kind: 'error', error: { code: RpcErrorCodes.Panic, message: `fatal error calling '${frame.method}': ${String(err)}` } }
      }
      if (id === null) return // a notification gets no answer
      if (outcome.kind === 'channel') await this.pump(frame.method, id, outcome, controller)
      else if (outcome.kind === 'error') this.send({ jsonrpc: '2.0', id, error: outcome.error })
      else if (outcome.result === undefined) this.send({ jsonrpc: '2.0', id })
      else this.send({ jsonrpc: '2.0', id, result: outcome.result })
    } finally {
      if (key !== undefined && this.running.get(key) === controller) this.running.delete(key)
      // The call is over: end its context, as go-jsonrpc cancels a call's ctx when the call
      // returns (locks and other work scoped to the call are released).
      controller.abort()
    }
  }

  private async pump (method: string, id: RpcId, outcome: Extract<Outcome, { kind: 'channel' }>, controller: AbortController): Promise<void> {
    const chanId = ++this.nextChannelId
    this.send({ jsonrpc: '2.0', id, result: chanId })
    const iterator = outcome.values[Symbol.asyncIterator]()
    let closed = false
    const close = (): void => {
      if (closed) return
      closed = true
      this.send({ jsonrpc: '2.0', method: XRPC_CH_CLOSE, params: [chanId] })
    }
    // On cancel the client hears the close at once; the implementation ends on its own signal.
    const stop = (): void => {
      close()
      iterator.return?.().catch((err: unknown) => { this.options.onError(err, method) })
    }
    if (controller.signal.aborted) stop()
    else controller.signal.addEventListener('abort', stop, { once: true })
    try {
      for (;;) {
        const next = await iterator.next()
        if (next.done === true || closed) break
        this.send({ jsonrpc: '2.0', method: XRPC_CH_VAL, params: [chanId, outcome.encode(next.value)] })
      }
    } catch (err) {
      if (!closed) this.options.onError(err, method)
    } finally {
      close()
    }
  }

  private onClose (): void {
    clearInterval(this.pinger)
    for (const controller of this.running.values()) controller.abort()
    this.running.clear()
  }
}

function idKey (id: RpcId): string {
  return typeof id === 'number' ? `n${id}` : `s${id}`
}

function normalizeIdOrNull (id: unknown): RpcId | null {
  try {
    return normalizeId(id) ?? null
  } catch {
    return null
  }
}
