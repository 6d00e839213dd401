/**
 * Online data transfer for Boost-protocol deals (`Transfer.Type = "http"`): the provider pulls
 * the file from the client's URL into its staging folder, resuming with a Range request after a
 * broken connection, and takes exactly `Transfer.Size` bytes. A 4xx answer is final; network
 * errors and 5xx are retried a few times.
 */
import { createWriteStream, statSync } from 'node:fs'
import { Readable, Transform } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { NelumboError } from '../../core/errors.js'
import type { Transfer } from '../../protocols/deals.js'

export interface HttpTransferParams {
  URL: string
  Headers: Record<string, string>
}

export class TransferError extends NelumboError {
  constructor (message: string, readonly fatal: boolean) {
    super('ERR_DEAL_TRANSFER', message)
  }
}

/** `Transfer.Params` of an http transfer; anything else is refused up front, as Boost's `Transfer.Host()` does. */
export function httpTransferParams (t: Transfer): HttpTransferParams {
  if (t.Type !== 'http' && t.Type !== 'libp2p') throw new TransferError(`cannot parse params for unrecognized transfer type '${t.Type}'`, true)
  let parsed: unknown
  try {
    parsed = JSON.parse(Buffer.from(t.Params).toString('utf8'))
  } catch (err) {
    throw new TransferError(`transfer params are not JSON: ${(err as Error).message}`, true)
  }
  const p = parsed as { URL?: unknown, Headers?: unknown }
  if (typeof p.URL !== 'string') throw new TransferError('transfer params have no URL', true)
  if (p.URL.startsWith('libp2p://')) throw new TransferError(`HTTP-over-libp2p transfers are not supported by this provider yet (${p.URL}); send an http:// or https:// URL`, true)
  let url: URL
  try {
    url = new URL(p.URL)
  } catch {
    throw new TransferError(`transfer URL ${JSON.stringify(p.URL)} is not a URL`, true)
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new TransferError(`transfer URL scheme ${url.protocol} is not http or https`, true)
  const headers: Record<string, string> = {}
  if (p.Headers !== undefined && p.Headers !== null) {
    if (typeof p.Headers !== 'object') throw new TransferError('transfer params Headers must be an object of strings', true)
    for (const [k, v] of Object.entries(p.Headers)) {
      if (typeof v !== 'string') throw new TransferError(`transfer header ${k} must be a string`, true)
      headers[k] = v
    }
  }
  return { URL: url.toString(), Headers: headers }
}

export interface FetchOptions {
  size: number
  retries?: number
  signal?: AbortSignal
  onProgress?: (received: number) => void
}

/** Downloads into `file` (appending to what is already there) until it holds exactly `size` bytes. */
export async function httpPull (params: HttpTransferParams, file: string, o: FetchOptions): Promise<void> {
  const retries = o.retries ?? 5
  for (let attempt = 0; ; attempt++) {
    try {
      await pullOnce(params, file, o)
      return
    } catch (err) {
      if (o.signal?.aborted === true) throw err
      const fatal = err instanceof TransferError && err.fatal
      if (fatal || attempt >= retries) throw err instanceof TransferError ? err : new TransferError(`transfer failed: ${(err as Error).message}`, false)
      await backOff(Math.min(30_000, 500 * 2 ** attempt), o.signal)
      if (isAborted(o.signal)) throw err
    }
  }
}

async function pullOnce (params: HttpTransferParams, file: string, o: FetchOptions): Promise<void> {
  const have = sizeOf(file)
  if (have === o.size) return
  if (have > o.size) throw new TransferError(`staging file ${file} holds ${have} bytes, more than the transfer size ${o.size}`, true)
  const headers = new Headers(params.Headers)
  if (have > 0) headers.set('Range', `bytes=${have}-`)
  const res = await fetch(params.URL, { headers, signal: o.signal })
  if (res.status >= 400 && res.status < 500) throw new TransferError(`GET ${params.URL}: HTTP ${res.status}`, true)
  if (res.status !== 200 && res.status !== 206) throw new TransferError(`GET ${params.URL}: HTTP ${res.status}`, false)
  const from = res.status === 206 ? have : 0
  const length = Number(res.headers.get('content-length') ?? NaN)
  if (Number.isFinite(length) && from + length !== o.size) {
    throw new TransferError(`GET ${params.URL}: the server sends ${from + length} bytes, the deal's transfer size is ${o.size}`, true)
  }
  if (res.body === null) throw new TransferError(`GET ${params.URL}: no body`, false)
  let received = from
  const count = new Transform({
    transform (chunk: Buffer, _enc, done) {
      received += chunk.length
      if (received > o.size) { done(new TransferError(`GET ${params.URL}: more than the transfer size of ${o.size} bytes`, true)); return }
      o.onProgress?.(received)
      done(null, chunk)
    }
  })
  await pipeline(Readable.fromWeb(res.body as never), count, createWriteStream(file, { flags: from === 0 ? 'w' : 'a' }), { signal: o.signal })
  if (received !== o.size) throw new TransferError(`GET ${params.URL}: the body ended after ${received} of ${o.size} bytes`, false)
}

function sizeOf (file: string): number {
  try {
    return statSync(file).size
  } catch {
    return 0
  }
}

/** Waits `ms`, or less if `signal` aborts first. */
async function backOff (ms: number, signal: AbortSignal | undefined): Promise<void> {
  await new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms)
    signal?.addEventListener('abort', () => { clearTimeout(t); resolve() }, { once: true })
  })
}

/** Read through a call so TypeScript does not narrow it across an await. */
function isAborted (signal: AbortSignal | undefined): boolean {
  return signal?.aborted === true
}
