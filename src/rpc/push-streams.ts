/**
 * The server side of reader parameters (Lotus `lib/rpcenc` ReaderParamDecoder): bytes for a
 * `{"Type":"push","Info":"<uuid>"}` param arrive on `/rpc/streams/v0/push/<uuid>`, concurrently
 * with the call. A client first sends HEAD, which is held until the method starts reading
 * (then 200, and the client POSTs the bytes) or closes the reader unread (204); old clients
 * POST at once. The method reads the POST body as it goes, so TCP back-pressure, not memory,
 * holds a piece until it is written. Either side waits `timeoutMs` (rpcenc.Timeout, 30 s) for
 * the other; a reader ends with its call.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { type Authorize, authenticate } from './auth.js'
import type { HttpRoute } from './router.js'

/** Where the routes go (Lotus node/rpc.go); a push for a uuid is `${PUSH_PATH}/<uuid>`. */
export const PUSH_PATH = '/rpc/streams/v0/push'

export interface PushStreamsOptions {
  /** Same verifier as the RPC endpoints: a bad token is a 401; no token is allowed, as in Lotus. */
  authorize: Authorize
  defaultPerms?: readonly string[]
  /** How long a push waits for its call and a call for its push (Lotus rpcenc.Timeout: 30 s). */
  timeoutMs?: number
  /** Told about pushes that ended badly after their call was answered. */
  onError?: (err: unknown, uuid: string) => void
}

export interface OpenReaderOptions {
  /** The call's signal: when the call ends, an unfinished reader is closed and its push answered. */
  signal?: AbortSignal
  /** The declared size: a longer push fails the reader and is answered 413. */
  maxBytes?: number
}

/** A pushed reader as the method sees it: the bytes, in order, as they arrive. */
export interface PushedReader extends AsyncIterableIterator<Uint8Array> {
  readonly uuid: string
  /** Closes the reader: an unread push is answered 204, a half-read one 500 with the reason. */
  cancel: (reason?: Error) => void
}

interface Arrival {
  method: 'HEAD' | 'POST'
  req: IncomingMessage
  res: ServerResponse
  /** The pusher hung up before we answered. */
  gone: boolean
}

interface Slot {
  arrival?: Arrival
  taker?: { resolve: (a: Arrival) => void, reject: (err: Error) => void }
  timer?: NodeJS.Timeout
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** A push that failed or timed out; names the reader and what went wrong. */
export class PushStreamError extends Error {
  readonly uuid: string
  /** The HTTP status the push is answered with. */
  readonly status: number
  constructor (uuid: string, message: string, options?: { cause?: unknown, status?: number }) {
    super(`reader ${uuid}: ${message}`, options)
    this.name = 'PushStreamError'
    this.uuid = uuid
    this.status = options?.status ?? 500
  }
}

/**
 * The push registry of one API server: mount it on `PUSH_PATH` with `{ prefix: true }` and
 * give methods `open(uuid)` for their push reader params.
 */
export class PushStreams implements HttpRoute {
  private readonly slots = new Map<string, Slot>()
  /** Readers closed or finished: a late push for them is answered 204 at once. */
  private readonly done = new Map<string, NodeJS.Timeout>()
  private readonly readers = new Set<PushedReader>()
  private readonly timeoutMs: number
  private closed = false

  constructor (private readonly options: PushStreamsOptions) {
    this.timeoutMs = options.timeoutMs ?? 30_000
  }

  handleRequest = (req: IncomingMessage, res: ServerResponse): void => {
    this.accept(req, res).catch((err: unknown) => {
      this.options.onError?.(err, '')
      if (!res.headersSent) res.writeHead(500).end()
    })
  }

  private async accept (req: IncomingMessage, res: ServerResponse): Promise<void> {
    // auth.Handler wraps the whole mux in Lotus, so a bad token is refused before anything else.
    const perms = await authenticate(req, this.options.authorize, this.options.defaultPerms ?? ['read'])
    if (perms === undefined) {
      res.writeHead(401, { 'Content-Length': '0', Connection: 'close' }).end()
      return
    }
    const method = req.method
    if (method !== 'HEAD' && method !== 'POST') {
      reply(res, 405, 'unsupported method')
      return
    }
    const raw = (req.url ?? '').split('?')[0]?.split('/').pop() ?? ''
    if (!UUID.test(raw)) {
      reply(res, 400, `parsing reader uuid: '${raw}' is not a UUID`)
      return
    }
    const uuid = raw.toLowerCase()
    if (this.closed) {
      reply(res, 503, `reader ${uuid}: the API server is shutting down`)
      return
    }
    if (this.done.has(uuid)) {
      res.writeHead(204, { Connection: 'close' }).end()
      return
    }
    const arrival: Arrival = { method, req, res, gone: false }
    res.once('close', () => { if (!res.writableFinished) arrival.gone = true })
    const slot = this.slotOf(uuid)
    if (slot.taker !== undefined) {
      const { resolve } = slot.taker
      this.clearSlot(uuid, slot)
      resolve(arrival)
      return
    }
    if (slot.arrival !== undefined) {
      reply(res, 409, `reader ${uuid} already has a push waiting for its call`)
      return
    }
    slot.arrival = arrival
    slot.timer = setTimeout(() => {
      if (this.slots.get(uuid)?.arrival !== arrival) return
      this.slots.delete(uuid)
      reply(res, 500, `reader ${uuid}: no call took this push within ${this.timeoutMs} ms`)
    }, this.timeoutMs)
    res.once('close', () => {
      if (this.slots.get(uuid)?.arrival === arrival) this.clearSlot(uuid, slot)
    })
  }

  /**
   * The reader for a push param. The push may already be here or come later (within the
   * timeout, counted from now, as Lotus counts it from decoding the call).
   */
  open (uuid: string, options: OpenReaderOptions = {}): PushedReader {
    const id = uuid.toLowerCase()
    const first = this.take(id, options.signal)
    first.catch(() => {}) // a reader never read still ends cleanly with its call
    const reader = new Reader(id, first, async () => await this.take(id, options.signal), options.maxBytes, () => {
      this.readers.delete(reader)
      this.finish(id)
    })
    this.readers.add(reader)
    const signal = options.signal
    if (signal !== undefined) {
      const onAbort = (): void => { reader.cancel(new PushStreamError(id, 'the call ended before the pushed data was read')) }
      if (signal.aborted) onAbort()
      else signal.addEventListener('abort', onAbort, { once: true })
    }
    return reader
  }

  /** Shutdown: every waiting push is answered 503 and every open reader fails. */
  close (): void {
    this.closed = true
    for (const [uuid, slot] of this.slots) {
      this.clearSlot(uuid, slot)
      if (slot.arrival !== undefined) reply(slot.arrival.res, 503, `reader ${uuid}: the API server is shutting down`)
      slot.taker?.reject(new PushStreamError(uuid, 'the API server is shutting down'))
    }
    for (const reader of [...this.readers]) reader.cancel(new PushStreamError(reader.uuid, 'the API server is shutting down'))
    for (const timer of this.done.values()) clearTimeout(timer)
    this.done.clear()
  }

  /** The next push for `uuid` (HEAD or POST), waiting at most the timeout. */
  private async take (uuid: string, signal: AbortSignal | undefined): Promise<Arrival> {
    if (this.closed) throw new PushStreamError(uuid, 'the API server is shutting down')
    const slot = this.slotOf(uuid)
    if (slot.arrival !== undefined) {
      const arrival = slot.arrival
      this.clearSlot(uuid, slot)
      return arrival
    }
    if (slot.taker !== undefined) throw new PushStreamError(uuid, 'the reader is already being waited for')
    return await new Promise<Arrival>((resolve, reject) => {
      const fail = (err: Error): void => {
        if (this.slots.get(uuid)?.taker === taker) this.clearSlot(uuid, slot)
        signal?.removeEventListener('abort', onAbort)
        reject(err)
      }
      const taker = {
        resolve: (a: Arrival) => { signal?.removeEventListener('abort', onAbort); resolve(a) },
        reject: fail
      }
      const onAbort = (): void => { fail(new PushStreamError(uuid, 'the call ended before its data was pushed')) }
      slot.taker = taker
      slot.timer = setTimeout(() => {
        fail(new PushStreamError(uuid, `no data pushed to ${PUSH_PATH}/${uuid} within ${this.timeoutMs} ms`))
      }, this.timeoutMs)
      signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  private slotOf (uuid: string): Slot {
    let slot = this.slots.get(uuid)
    if (slot === undefined) {
      slot = {}
      this.slots.set(uuid, slot)
    }
    return slot
  }

  private clearSlot (uuid: string, slot: Slot): void {
    clearTimeout(slot.timer)
    if (this.slots.get(uuid) === slot) this.slots.delete(uuid)
  }

  /** Remembers a finished reader for a while, so a late or repeated push is told at once. */
  private finish (uuid: string): void {
    const slot = this.slots.get(uuid)
    if (slot !== undefined) {
      this.clearSlot(uuid, slot)
      if (slot.arrival !== undefined) closeUnread(slot.arrival)
      slot.taker?.reject(new PushStreamError(uuid, 'the reader was closed'))
    }
    if (this.closed) return
    clearTimeout(this.done.get(uuid))
    const timer = setTimeout(() => { this.done.delete(uuid) }, this.timeoutMs)
    timer.unref()
    this.done.set(uuid, timer)
  }
}

/** Lotus's answer to a push whose reader closed before reading it. */
function closeUnread (arrival: Arrival): void {
  if (arrival.res.headersSent || arrival.res.destroyed) return
  arrival.res.writeHead(204, { Connection: 'close' }).end()
  if (arrival.method === 'POST') destroyAfterReply(arrival)
}

/** Drops the rest of an upload once the answer is out (destroying first would lose the answer). */
function destroyAfterReply (arrival: Arrival): void {
  if (arrival.res.writableFinished) arrival.req.destroy()
  else arrival.res.once('finish', () => { arrival.req.destroy() })
}

/** A plain-text answer; anything but 200 also closes the connection so an unread body stops. */
function reply (res: ServerResponse, status: number, text: string): void {
  if (res.headersSent || res.destroyed) return
  const body = `${text}\n`
  res.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': Buffer.byteLength(body),
    Connection: 'close'
  }).end(body)
}

class Reader implements PushedReader {
  private body: AsyncIterator<Buffer> | undefined
  private post: Arrival | undefined
  /** The push, while nobody has started reading it. */
  private unread: Arrival | undefined
  private starting: Promise<void> | undefined
  private received = 0
  private ended = false
  private failure: Error | undefined

  constructor (
    readonly uuid: string,
    private readonly first: Promise<Arrival>,
    private readonly nextArrival: () => Promise<Arrival>,
    private readonly maxBytes: number | undefined,
    private readonly onEnd: () => void
  ) {
    // A push that arrived but is never read is answered 204 when the reader closes.
    first.then((a) => {
      if (this.ended) closeUnread(a)
      else if (this.body === undefined && this.starting === undefined) this.unread = a
    }, () => {})
  }

  async next (): Promise<IteratorResult<Uint8Array>> {
    if (this.failure !== undefined) throw this.failure
    if (this.ended) return { value: undefined, done: true }
    try {
      this.starting ??= this.start()
      await this.starting
      if (this.ended) {
        if (this.failure !== undefined) throw this.failure
        return { value: undefined, done: true }
      }
      const step = await (this.body as AsyncIterator<Buffer>).next()
      if (step.done === true) {
        this.end(200)
        return { value: undefined, done: true }
      }
      this.received += step.value.length
      if (this.maxBytes !== undefined && this.received > this.maxBytes) {
        throw new PushStreamError(this.uuid, `pushed data is longer than the declared ${this.maxBytes} bytes`, { status: 413 })
      }
      return { value: new Uint8Array(step.value.buffer, step.value.byteOffset, step.value.length), done: false }
    } catch (err) {
      const failure = err instanceof PushStreamError ? err : new PushStreamError(this.uuid, `push aborted after ${this.received} bytes: ${(err as Error).message}`, { cause: err })
      this.end(failure.status, failure)
      throw failure
    }
  }

  /** Waits for the push; a HEAD is answered 200 now, and the POST that follows carries the bytes. */
  private async start (): Promise<void> {
    let arrival = await this.first
    this.unread = undefined
    if (this.ended) {
      closeUnread(arrival)
      return
    }
    if (arrival.method === 'HEAD') {
      if (arrival.gone) throw new PushStreamError(this.uuid, 'the pusher hung up before sending data')
      arrival.res.writeHead(200).end()
      arrival = await this.nextArrival()
      if (this.ended) {
        closeUnread(arrival)
        return
      }
      if (arrival.method !== 'POST') {
        reply(arrival.res, 400, `reader ${this.uuid}: expected the POST with the data after HEAD, got ${arrival.method}`)
        throw new PushStreamError(this.uuid, `expected the POST with the data after HEAD, got ${arrival.method}`)
      }
    }
    this.post = arrival
    const declared = Number(arrival.req.headers['content-length'] ?? NaN)
    if (this.maxBytes !== undefined && declared > this.maxBytes) {
      throw new PushStreamError(this.uuid, `pushed data is longer than the declared ${this.maxBytes} bytes (Content-Length ${declared})`, { status: 413 })
    }
    this.body = arrival.req[Symbol.asyncIterator]()
  }

  cancel (reason?: Error): void {
    this.end(500, reason ?? new PushStreamError(this.uuid, 'the reader was closed'))
  }

  async return (): Promise<IteratorResult<Uint8Array>> {
    this.cancel()
    return { value: undefined, done: true }
  }

  /**
   * Answers the push and lets go of it: 200 after the whole body, 204 for a push never read,
   * an error status (and the connection closed) for one cut short.
   */
  private end (status: number, failure?: Error): void {
    if (this.ended) return
    this.ended = true
    this.failure = failure
    if (this.unread !== undefined) {
      closeUnread(this.unread)
      this.unread = undefined
    }
    const post = this.post
    if (post !== undefined) {
      if (status === 200) {
        if (!post.res.headersSent) post.res.writeHead(200).end()
      } else {
        reply(post.res, status, failure?.message ?? 'reader failed')
        destroyAfterReply(post) // nobody will read the rest
      }
    }
    this.onEnd()
  }

  [Symbol.asyncIterator] (): this {
    return this
  }
}
