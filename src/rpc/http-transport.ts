import { Agent as HttpAgent, STATUS_CODES, request as httpRequest } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { RpcError, RpcTransportError } from './errors.js'
import { stringifyJson, type ResponseFrame } from './protocol.js'
import { type Transport, abortReason, endpointOf } from './transport.js'

/**
 * Calls over HTTP POST with keep-alive connections. Channels need a WebSocket, so a channel
 * method called over HTTP fails at once with an error saying so.
 */
export class HttpTransport implements Transport {
  readonly endpoint: string
  private readonly agent: HttpAgent
  private readonly headers: Record<string, string>
  private nextId = 0

  constructor (private readonly url: URL, token: string | undefined, headers: Record<string, string> = {}) {
    this.endpoint = endpointOf(url)
    const secure = url.protocol === 'https:'
    this.agent = secure ? new HttpsAgent({ keepAlive: true, maxSockets: 64 }) : new HttpAgent({ keepAlive: true, maxSockets: 64 })
    this.headers = { 'Content-Type': 'application/json', ...headers }
    if (token !== undefined && token !== '') this.headers.Authorization = `Bearer ${token}`
  }

  async call (method: string, params: unknown[], signal?: AbortSignal): Promise<unknown> {
    signal?.throwIfAborted()
    const id = ++this.nextId
    const body = stringifyJson({ jsonrpc: '2.0', id, method, params })
    const send = this.url.protocol === 'https:' ? httpsRequest : httpRequest
    const text = await new Promise<{ status: number, text: string }>((resolve, reject) => {
      const req = send({
        protocol: this.url.protocol,
        host: this.url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: this.url.port,
        path: this.url.pathname + this.url.search,
        method: 'POST',
        agent: this.agent,
        headers: { ...this.headers, 'Content-Length': String(Buffer.byteLength(body)) },
        signal
      }, (res) => {
        const chunks: Buffer[] = []
        res.on('data', (c: Buffer) => chunks.push(c))
        res.on('end', () => { resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }) })
        res.on('error', reject)
      })
      req.on('error', (err) => {
        if (signal?.aborted === true) reject(abortReason(signal))
        else reject(new RpcTransportError(method, this.endpoint, `cannot dial address ${this.endpoint} for ${err.message}`, { cause: err }))
      })
      req.end(body)
    })
    // go-jsonrpc's client reads the body of 200, 400 and 500 replies; any other status is a refusal.
    if (text.status > 400 && text.status !== 500) {
      throw new RpcTransportError(method, this.endpoint,
        `request failed, http status ${text.status} ${STATUS_CODES[text.status] ?? ''}`.trimEnd(), { status: text.status })
    }
    let frame: ResponseFrame
    try {
      frame = JSON.parse(text.text) as ResponseFrame
    } catch (err) {
      throw new RpcTransportError(method, this.endpoint,
        `http status ${text.status} unmarshaling response: ${(err as Error).message}`, { status: text.status })
    }
    if (frame.error != null) throw new RpcError(method, frame.error)
    return frame.result
  }

  async subscribe (method: string): Promise<AsyncIterable<unknown>> {
    throw new RpcTransportError(method, this.endpoint, 'channel methods need a WebSocket endpoint (ws:// or wss://)')
  }

  async close (): Promise<void> {
    this.agent.destroy()
  }
}
