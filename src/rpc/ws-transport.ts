import { WebSocket, type RawData } from 'ws'
import { AsyncQueue } from './async-queue.js'
import { RpcConnectionClosedError, RpcError, RpcTransportError } from './errors.js'
import { stringifyJson, type RequestFrame, type ResponseFrame, XRPC_CANCEL, XRPC_CH_CLOSE, XRPC_CH_VAL } from './protocol.js'
import { type Transport, abortReason, endpointOf } from './transport.js'

export interface WsTransportOptions {
  token?: string
  headers?: Record<string, string>
  /** Backoff between reconnect attempts after a drop: go-jsonrpc's 100 ms doubling to 5 s. */
  minReconnectDelayMs?: number
  maxReconnectDelayMs?: number
  pingIntervalMs?: number
  idleTimeoutMs?: number
}

interface Pending {
  method: string
  channel: boolean
  resolve: (value: unknown) => void
  reject: (err: unknown) => void
}

/**
 * One WebSocket carrying many concurrent calls and channels. The socket is dialled on first
 * use. When an established socket drops, every call in flight fails with go-jsonrpc's
 * "websocket connection closed" error naming its method and the endpoint, open channels end
 * with that error, and the transport redials in the background with backoff; calls made
 * meanwhile wait for the next attempt.
 */
export class WsTransport implements Transport {
  readonly endpoint: string
  private ws: WebSocket | undefined
  private dialing: Promise<WebSocket> | undefined
  private readonly pending = new Map<number, Pending>()
  private readonly channels = new Map<number, { method: string, reqId: number, queue: AsyncQueue<unknown> }>()
  private nextId = 0
  private closed = false
  private reconnecting = false
  private reconnectDelay: number
  private reconnectTimer: NodeJS.Timeout | undefined
  private pinger: NodeJS.Timeout | undefined
  private lastSeen = 0

  constructor (private readonly url: URL, private readonly options: WsTransportOptions = {}) {
    this.endpoint = endpointOf(url)
    this.reconnectDelay = options.minReconnectDelayMs ?? 100
  }

  async call (method: string, params: unknown[], signal?: AbortSignal): Promise<unknown> {
    return await this.request(method, params, false, signal)
  }

  async subscribe (method: string, params: unknown[], signal?: AbortSignal): Promise<AsyncIterable<unknown>> {
    return await this.request(method, params, true, signal) as AsyncIterable<unknown>
  }

  private async request (method: string, params: unknown[], channel: boolean, signal?: AbortSignal): Promise<unknown> {
    signal?.throwIfAborted()
    const ws = await this.socket(method)
    signal?.throwIfAborted()
    const id = ++this.nextId
    return await new Promise((resolve, reject) => {
      const onAbort = (): void => {
        if (this.pending.delete(id)) {
          this.sendCancel(ws, id)
          reject(abortReason(signal as AbortSignal))
        }
      }
      const done = (): void => { signal?.removeEventListener('abort', onAbort) }
      this.pending.set(id, {
        method,
        channel,
        resolve: (v) => { done(); resolve(v) },
        reject: (e) => { done(); reject(e) }
      })
      signal?.addEventListener('abort', onAbort, { once: true })
      const frame: RequestFrame = { jsonrpc: '2.0', id, method, params }
      ws.send(stringifyJson(frame))
      if (channel && signal !== undefined) {
        // After the channel opens, aborting the signal cancels it too.
        signal.addEventListener('abort', () => { this.cancelChannelOf(id) }, { once: true })
      }
    })
  }

  private readonly channelOfRequest = new Map<number, number>()

  private cancelChannelOf (reqId: number): void {
    const chanId = this.channelOfRequest.get(reqId)
    if (chanId === undefined) return
    const channel = this.channels.get(chanId)
    if (channel !== undefined) void channel.queue.return()
  }

  private sendCancel (ws: WebSocket, id: number): void {
    if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify({ jsonrpc: '2.0', method: XRPC_CANCEL, params: [id] }))
  }

  private async socket (method: string): Promise<WebSocket> {
    if (this.closed) throw new RpcTransportError(method, this.endpoint, 'client closed')
    if (this.ws?.readyState === WebSocket.OPEN) return this.ws
    if (this.dialing === undefined) {
      clearTimeout(this.reconnectTimer)
      this.reconnectTimer = undefined
      this.dialing = this.dial().finally(() => { this.dialing = undefined })
    }
    try {
      return await this.dialing
    } catch (err) {
      throw new RpcTransportError(method, this.endpoint,
        `cannot dial address ${this.endpoint} for ${(err as Error).message}`, { cause: err, status: (err as { status?: number }).status })
    }
  }

  private async dial (): Promise<WebSocket> {
    const headers: Record<string, string> = { ...this.options.headers }
    if (this.options.token !== undefined && this.options.token !== '') headers.Authorization = `Bearer ${this.options.token}`
    const ws = new WebSocket(this.url, { headers, perMessageDeflate: false, handshakeTimeout: 10_000 })
    try {
      await new Promise<void>((resolve, reject) => {
        ws.once('open', resolve)
        ws.once('error', reject)
        ws.once('unexpected-response', (req, res) => {
          const err = Object.assign(new Error(`websocket: bad handshake (HTTP ${res.statusCode ?? 0} ${res.statusMessage ?? ''})`.trimEnd()),
            { status: res.statusCode })
          res.resume()
          req.destroy()
          reject(err)
        })
      })
    } catch (err) {
      ws.on('error', () => {})
      ws.terminate()
      if (this.reconnecting) this.scheduleReconnect()
      throw err
    }
    if (this.closed) {
      ws.terminate()
      throw new Error('client closed')
    }
    this.attach(ws)
    return ws
  }

  private attach (ws: WebSocket): void {
    this.ws = ws
    this.reconnecting = false
    this.reconnectDelay = this.options.minReconnectDelayMs ?? 100
    this.lastSeen = Date.now()
    ws.on('message', (data) => { this.lastSeen = Date.now(); this.onMessage(data) })
    ws.on('pong', () => { this.lastSeen = Date.now() })
    ws.on('error', () => { ws.terminate() })
    ws.on('close', () => { this.onDrop(ws) })
    const idle = this.options.idleTimeoutMs ?? 30_000
    this.pinger = setInterval(() => {
      if (Date.now() - this.lastSeen > idle) ws.terminate()
      else if (ws.readyState === WebSocket.OPEN) ws.ping()
    }, this.options.pingIntervalMs ?? 5_000)
    this.pinger.unref()
  }

  private onMessage (data: RawData): void {
    let frame: Partial<RequestFrame & ResponseFrame>
    try {
      frame = JSON.parse((Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as Buffer)).toString('utf8')) as typeof frame
    } catch {
      return
    }
    if (typeof frame.method === 'string') {
      const params = Array.isArray(frame.params) ? frame.params as unknown[] : []
      const chanId = params[0]
      if (typeof chanId !== 'number') return
      if (frame.method === XRPC_CH_VAL) this.channels.get(chanId)?.queue.push(params[1])
      else if (frame.method === XRPC_CH_CLOSE) {
        const channel = this.channels.get(chanId)
        channel?.queue.end()
        this.channels.delete(chanId)
        if (channel !== undefined) this.channelOfRequest.delete(channel.reqId)
      }
      return
    }
    if (typeof frame.id !== 'number') return
    const call = this.pending.get(frame.id)
    if (call === undefined) return
    this.pending.delete(frame.id)
    if (frame.error != null) {
      call.reject(new RpcError(call.method, frame.error))
      return
    }
    if (!call.channel) {
      call.resolve(frame.result)
      return
    }
    const chanId = frame.result
    if (typeof chanId !== 'number') {
      call.reject(new RpcTransportError(call.method, this.endpoint, `expected a channel id, got ${JSON.stringify(chanId)}`))
      return
    }
    const reqId = frame.id
    const ws = this.ws
    const queue = new AsyncQueue<unknown>(() => {
      this.channels.delete(chanId)
      this.channelOfRequest.delete(reqId)
      if (ws !== undefined) this.sendCancel(ws, reqId)
    })
    this.channels.set(chanId, { method: call.method, reqId, queue })
    this.channelOfRequest.set(reqId, chanId)
    call.resolve(queue)
  }

  private onDrop (ws: WebSocket): void {
    if (this.ws !== ws) return
    this.ws = undefined
    clearInterval(this.pinger)
    this.failAll((method) => new RpcConnectionClosedError(method, this.endpoint))
    if (!this.closed) {
      this.reconnecting = true
      this.scheduleReconnect()
    }
  }

  private failAll (error: (method: string) => Error): void {
    for (const call of this.pending.values()) call.reject(error(call.method))
    this.pending.clear()
    for (const { method, queue } of this.channels.values()) queue.end(error(method))
    this.channels.clear()
    this.channelOfRequest.clear()
  }

  private scheduleReconnect (): void {
    if (this.closed || this.reconnectTimer !== undefined) return
    const delay = this.reconnectDelay
    this.reconnectDelay = Math.min(delay * 2, this.options.maxReconnectDelayMs ?? 5_000)
    this.reconnectTimer = setTimeout(() => {
      this.reconnectTimer = undefined
      if (this.closed || this.dialing !== undefined || this.ws !== undefined) return
      this.dialing = this.dial().finally(() => { this.dialing = undefined })
      this.dialing.catch(() => {})
    }, delay)
    this.reconnectTimer.unref()
  }

  async close (): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearTimeout(this.reconnectTimer)
    clearInterval(this.pinger)
    this.failAll((method) => new RpcTransportError(method, this.endpoint, 'client closed'))
    const ws = this.ws
    this.ws = undefined
    if (ws === undefined || ws.readyState === WebSocket.CLOSED) return
    await new Promise<void>((resolve) => {
      ws.once('close', () => { resolve() })
      ws.close()
      setTimeout(() => { ws.terminate() }, 1000).unref()
    })
  }
}
