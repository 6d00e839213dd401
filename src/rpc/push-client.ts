/**
 * The client side of reader parameters (Lotus `lib/rpcenc` ReaderParamEncoder): a stream in a
 * call's params goes out as `{"Type":"push","Info":"<uuid>"}`, and, concurrently with the call,
 * its bytes go to the server's push endpoint: HEAD first (302 → follow `Location`, 204 → the
 * server closed the reader unread, 200 → it is reading), then POST with the stream as the body,
 * sent only as fast as the server reads it.
 */
import { type IncomingMessage, type RequestOptions, request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { RpcTransportError } from './errors.js'

export interface PendingPush {
  uuid: string
  stream: AsyncIterable<Uint8Array>
}

export interface PushTarget {
  /** `http(s)://host:port/rpc/streams/v0/push`, see `pushUrlOf`. */
  base: URL
  /** Sent only to the RPC endpoint's own origin (a redirect may lead elsewhere). */
  headers: Record<string, string>
}

const MAX_REDIRECTS = 10
const POST_REFUSED = 'ERR_RPC_PUSH_REFUSED'
/** How long a successful call waits for its pushes to be answered before dropping them. */
const SETTLE_MS = 2_000

/** Lotus `getPushUrl`: ws→http, wss→https, and `/rpc/v0` (or v1) → `/rpc/streams/v0/push`. */
export function pushUrlOf (rpcUrl: URL): URL {
  const url = new URL(rpcUrl.href)
  if (url.protocol === 'ws:') url.protocol = 'http:'
  if (url.protocol === 'wss:') url.protocol = 'https:'
  const dir = url.pathname.replace(/\/+$/, '').split('/').slice(0, -1).join('/')
  url.pathname = `${dir}/streams/v0/push`
  return url
}

/**
 * Runs a call whose params carry `pushes`: the pushes start first and run beside it. A push that
 * cannot deliver (refused HEAD, network, a failing source) aborts the call with its error rather
 * than leave the server waiting for bytes; a POST the server answered badly does not, since the
 * method has seen the data and its own answer says more (and may race the POST's). When the
 * call ends, unfinished pushes are dropped.
 */
export async function callWithPushes<T> (
  method: string,
  target: PushTarget,
  pushes: readonly PendingPush[],
  signal: AbortSignal | undefined,
  call: (signal: AbortSignal) => Promise<T>
): Promise<T> {
  const callCtl = new AbortController()
  const onAbort = (): void => { callCtl.abort(signal?.reason) }
  if (signal?.aborted === true) onAbort()
  else signal?.addEventListener('abort', onAbort, { once: true })
  const pushCtl = new AbortController()
  const running = pushes.map(async (p) => {
    try {
      await pushReader(method, target, p, pushCtl.signal)
    } catch (err) {
      const answered = err instanceof RpcTransportError && err.code === POST_REFUSED
      if (!pushCtl.signal.aborted && !answered) callCtl.abort(err)
    }
  })
  let ok = false
  try {
    const result = await call(callCtl.signal)
    ok = true
    return result
  } finally {
    signal?.removeEventListener('abort', onAbort)
    if (ok) await settle(Promise.all(running), SETTLE_MS)
    pushCtl.abort()
    await Promise.all(running)
  }
}

async function settle (done: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined
  await Promise.race([done, new Promise<void>((resolve) => { timer = setTimeout(resolve, ms) })])
  clearTimeout(timer)
}

/** One push: the HEAD dance, then the POST; rejects with the URL and status of a refusal. */
export async function pushReader (method: string, target: PushTarget, push: PendingPush, signal: AbortSignal): Promise<void> {
  let url = new URL(`${target.base.pathname.replace(/\/+$/, '')}/${push.uuid}${target.base.search}`, target.base)
  for (let hops = 0; ; hops++) {
    const res = await send(method, url, 'HEAD', headersFor(url, target), undefined, signal)
    const text = await readText(res)
    if (res.statusCode === 204) return // the server closed the reader without reading
    if (res.statusCode === 302 && res.headers.location !== undefined) {
      if (hops >= MAX_REDIRECTS) throw refused(method, url, `more than ${MAX_REDIRECTS} redirects`)
      url = new URL(res.headers.location, url)
      continue
    }
    if (res.statusCode !== 200) throw refused(method, url, `HEAD answered ${String(res.statusCode)}${detail(text)}`, res.statusCode)
    break
  }
  const res = await send(method, url, 'POST', headersFor(url, target), push.stream, signal)
  const text = await readText(res)
  if (res.statusCode !== 200) throw refused(method, url, `POST answered ${String(res.statusCode)}${detail(text)}`, res.statusCode, POST_REFUSED)
}

function headersFor (url: URL, target: PushTarget): Record<string, string> {
  const own = url.origin === target.base.origin ? target.headers : {}
  return { ...own, 'Content-Type': 'application/octet-stream' }
}

function refused (method: string, url: URL, reason: string, status?: number, code = 'ERR_RPC_PUSH'): RpcTransportError {
  return new RpcTransportError(method, `${url.origin}${url.pathname}`, `pushing reader data: ${reason}`, { status, code })
}

function detail (text: string): string {
  const t = text.trim()
  return t === '' ? '' : `: ${t.length > 200 ? `${t.slice(0, 197)}...` : t}`
}

/** Sends a request (a streamed body for POST) and resolves with the response. */
async function send (
  method: string,
  url: URL,
  verb: 'HEAD' | 'POST',
  headers: Record<string, string>,
  body: AsyncIterable<Uint8Array> | undefined,
  signal: AbortSignal
): Promise<IncomingMessage> {
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest
  const options: RequestOptions = {
    method: verb,
    host: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port,
    path: url.pathname + url.search,
    headers,
    agent: false,
    signal
  }
  return await new Promise<IncomingMessage>((resolve, reject) => {
    const req = request(options, resolve)
    req.once('error', (err) => {
      reject(signal.aborted ? err : refused(method, url, `${verb} failed: ${err.message}`))
    })
    if (body === undefined) {
      req.end()
      return
    }
    // The source's own failure wins over the broken request it causes.
    pipeline(Readable.from(body, { objectMode: false }), req).catch((err: unknown) => {
      reject(signal.aborted ? err : refused(method, url, `reading the data to push: ${(err as Error).message}`))
    })
  })
}

async function readText (res: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = []
  for await (const chunk of res) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks).toString('utf8')
}
