import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { ApiOf, Contract } from '../api/contract.js'
import { type Authorize, authenticate } from './auth.js'
import { type CallContext, type Dispatch, type Outcome, createDispatch } from './dispatch.js'
import type { ErrorCodeEntry } from './errors.js'
import { type ErrorObject, type RpcId, RpcErrorCodes, asRequest, encodeFrame, normalizeId } from './protocol.js'
import { type HttpRoute, rejectUpgrade } from './router.js'
import { WsServerConnection } from './ws-connection.js'

export interface RpcServerOptions {
  /** Verifies a bearer token (e.g. `createTokenVerifier(secret)`); throwing means 401. */
  authorize: Authorize
  /** Permissions of a request without a token. Lotus: `["read"]`. */
  defaultPerms?: readonly string[]
  /** Extra error classes with their JSON-RPC codes (Lotus registers ErrOutOfGas = 2, …). */
  errorCodes?: readonly ErrorCodeEntry[]
  /** Largest accepted request body; go-jsonrpc's default is 100 MiB. */
  maxRequestSize?: number
  /** WebSocket keep-alive: ping every 5 s, drop a peer silent for 30 s (go-jsonrpc's values). */
  pingIntervalMs?: number
  idleTimeoutMs?: number
  /** Told about errors no caller can be told about (a channel that failed mid-stream). */
  onError?: (err: unknown, method: string) => void
}

/** JSON-RPC over HTTP POST and WebSocket on one path; mount it on an `HttpRouter`. */
export interface RpcHandler extends HttpRoute {
  handleRequest: (req: IncomingMessage, res: ServerResponse) => void
  handleUpgrade: (req: IncomingMessage, socket: Duplex, head: Buffer) => void
  /** Drops every WebSocket connection and aborts the calls they started. */
  close: () => Promise<void>
}

const MAX_REQUEST_SIZE = 100 << 20

/**
 * Serves an implementation of a contract the way go-jsonrpc serves a Lotus API: POST bodies
 * with one request (or a batch), WebSocket upgrades on the same path, a 401 with an empty body
 * for a bad token, and per-method permission checks.
 */
export function createRpcHandler<C extends Contract> (contract: C, impl: ApiOf<C>, options: RpcServerOptions): RpcHandler {
  const dispatch = createDispatch(contract, impl, options.errorCodes ?? [])
  const defaultPerms = options.defaultPerms ?? ['read']
  const maxRequestSize = options.maxRequestSize ?? MAX_REQUEST_SIZE
  const onError = options.onError ?? (() => {})
  const connections = new Set<WsServerConnection>()
  const wss = new WebSocketServer({ noServer: true, maxPayload: maxRequestSize, perMessageDeflate: false })
  wss.on('headers', (headers) => { headers.push('Access-Control-Allow-Origin: *') })

  const handleRequest = (req: IncomingMessage, res: ServerResponse): void => {
    readBody(req, maxRequestSize).then(async (body) => {
      const perms = await authenticate(req, options.authorize, defaultPerms)
      if (perms === undefined) {
        res.writeHead(401, { 'Content-Length': '0' }).end()
        return
      }
      const ctl = new AbortController()
      res.once('close', () => { if (!res.writableFinished) ctl.abort() })
      const { status, body: out } = await handlePost(dispatch, body, { perms, signal: ctl.signal, channels: false }, maxRequestSize)
        .finally(() => { ctl.abort() }) // the call is over: end its context, as go-jsonrpc does
      res.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(out) }).end(out)
    }).catch((err: unknown) => {
      onError(err, '')
      if (!res.headersSent) res.writeHead(500).end()
      else res.destroy()
    })
  }

  const handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    authenticate(req, options.authorize, defaultPerms).then((perms) => {
      if (perms === undefined) {
        rejectUpgrade(socket, 401, 'Unauthorized')
        return
      }
      wss.handleUpgrade(req, socket, head, (ws) => {
        const conn = new WsServerConnection(ws, dispatch, perms, {
          pingIntervalMs: options.pingIntervalMs ?? 5000,
          idleTimeoutMs: options.idleTimeoutMs ?? 30000,
          onError
        })
        connections.add(conn)
        ws.once('close', () => connections.delete(conn))
      })
    }).catch((err: unknown) => {
      onError(err, '')
      socket.destroy()
    })
  }

  const close = async (): Promise<void> => {
    for (const conn of connections) conn.terminate()
    connections.clear()
    await new Promise<void>((resolve) => { wss.close(() => { resolve() }) })
  }

  return { handleRequest, handleUpgrade, close }
}

/** Reads a body, keeping at most `limit + 1` bytes so an oversized one can be reported. */
async function readBody (req: IncomingMessage, limit: number): Promise<Buffer> {
  return await new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (chunk: Buffer) => {
      if (size > limit) return
      chunks.push(chunk)
      size += chunk.length
    })
    req.once('end', () => { resolve(chunks.length === 1 ? chunks[0] as Buffer : Buffer.concat(chunks)) })
    req.once('error', reject)
    // A client that hangs up mid-body never sends 'end'.
    req.once('close', () => { if (!req.complete) reject(new Error('request body aborted')) })
  })
}

interface PostReply { status: number, body: string }

function errorReply (id: RpcId | null, code: number, message: string): PostReply {
  // go-jsonrpc: 400 only for an empty request; every other transport-level error is 500.
  const status = code === RpcErrorCodes.InvalidRequest ? 400 : 500
  return { status, body: encodeFrame({ jsonrpc: '2.0', id, error: { code, message } }) }
}

async function handlePost (dispatch: Dispatch, body: Buffer, ctx: CallContext, limit: number): Promise<PostReply> {
  if (body.length > limit) return errorReply(null, RpcErrorCodes.ParseError, `request bigger than maximum ${limit} allowed`)
  const text = body.toString('utf8').trim()
  if (text === '') return errorReply(null, RpcErrorCodes.InvalidRequest, 'Invalid request')
  let json: unknown
  try {
    json = JSON.parse(text)
  } catch {
    return errorReply(null, RpcErrorCodes.ParseError, 'Parse error')
  }
  if (Array.isArray(json)) {
    if (json.length === 0) return errorReply(null, RpcErrorCodes.InvalidRequest, 'Invalid request')
    // A batch answers 200 with one response per request that has an id, in order.
    const parts: string[] = []
    for (const item of json) {
      const reply = await handleOne(dispatch, item, ctx)
      if (reply !== undefined) parts.push(reply.body.trimEnd())
    }
    return { status: 200, body: parts.length === 0 ? '' : `[${parts.join(',')}]\n` }
  }
  return await handleOne(dispatch, json, ctx) ?? { status: 200, body: '' }
}

async function handleOne (dispatch: Dispatch, json: unknown, ctx: CallContext): Promise<PostReply | undefined> {
  const frame = asRequest(json)
  if (typeof frame === 'string') return errorReply(null, RpcErrorCodes.ParseError, frame)
  let id: RpcId | null | undefined
  try {
    id = normalizeId(frame.id)
  } catch (err) {
    return errorReply(null, RpcErrorCodes.ParseError, (err as Error).message)
  }
  const outcome: Outcome = await dispatch(frame, ctx)
  if (outcome.kind === 'error') {
    const err: ErrorObject = outcome.error
    // Errors the method returned travel with 200; transport-level ones with 500 (go-jsonrpc).
    if (err.code === RpcErrorCodes.Error || err.code >= 2) {
      return id == null ? undefined : { status: 200, body: encodeFrame({ jsonrpc: '2.0', id, error: err }) }
    }
    const reply = errorReply(id ?? null, err.code, err.message)
    return id == null ? { status: reply.status, body: '' } : reply
  }
  if (id == null) return undefined
  // Channels never reach here over HTTP: dispatch refuses them when `channels` is false.
  const result = outcome.kind === 'result' ? outcome.result : undefined
  return { status: 200, body: encodeFrame(result === undefined ? { jsonrpc: '2.0', id } : { jsonrpc: '2.0', id, result }) }
}
