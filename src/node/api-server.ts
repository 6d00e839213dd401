/**
 * A node's API server, as Lotus's `node/rpc.go` serves it: JSON-RPC on `/rpc/v0` (and
 * `/rpc/v1` when the node has one), reader-param pushes on `/rpc/streams/v0/push/<uuid>`,
 * Prometheus text on `/debug/metrics`, all behind the
 * node's JWT. It writes the repo's `api` file with the port really bound (so `/tcp/0` works)
 * and removes it again on close.
 */
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import type { ApiOf, Contract } from '../api/index.js'
import { NelumboError } from '../core/errors.js'
import { AllPermissions, createToken, createTokenVerifier } from '../auth/index.js'
import type { Logger } from '../log/index.js'
import { type NodeMetrics, instrumentApi, metricsRoute } from '../metrics/index.js'
import { API_FILE, type Keystore, loadOrCreateApiSecret } from '../repo/index.js'
import {
  type Authorize, HttpRouter, type HttpRoute, PUSH_PATH, PushStreams, type RpcHandler, createRpcHandler
} from '../rpc/index.js'
import { logApiCalls } from './call-log.js'
import { type ApiMultiaddr, formatApiMultiaddr, parseApiMultiaddr, withPort } from './multiaddr.js'

/** What the API server needs of an opened repo (`LockedRepo` has all of it). */
export interface ApiRepo {
  readonly path: string
  keystore: () => Keystore
  setApiEndpoint: (multiaddr: string) => void
  setApiToken: (token: string | Uint8Array) => void
}

/**
 * Loads the JWT secret from the keystore, creating it on first start; only then (as Lotus does)
 * it also mints an all-permission token and writes the repo's `token` file.
 */
export async function loadApiSecret (repo: ApiRepo): Promise<{ secret: Uint8Array, generated: boolean }> {
  const { secret, generated } = loadOrCreateApiSecret(repo.keystore())
  if (generated) repo.setApiToken(await createToken(secret, AllPermissions))
  return { secret, generated }
}

/** One contract served on one path; built with `rpcEndpoint` so its types stay checked. */
export interface RpcEndpoint {
  readonly path: string
  readonly create: (ctx: EndpointContext) => RpcHandler
}

interface EndpointContext {
  authorize: Authorize
  metrics: NodeMetrics | undefined
  log: Logger | undefined
  onError: (err: unknown, method: string) => void
}

/**
 * `rpcEndpoint('/rpc/v0', CommonContract, impl)`. Calls are counted when the server has
 * metrics, and logged at debug level on its logger.
 */
export function rpcEndpoint<C extends Contract> (path: string, contract: C, impl: ApiOf<C>): RpcEndpoint {
  return {
    path,
    create: ({ authorize, metrics, log, onError }) => {
      let served = impl
      if (log !== undefined) served = logApiCalls(contract, served, log)
      if (metrics !== undefined) served = instrumentApi(contract, served, metrics)
      return createRpcHandler(contract, served, { authorize, onError })
    }
  }
}

export interface ApiServerOptions {
  repo: ApiRepo
  /** `[API] ListenAddress`, e.g. `/ip4/127.0.0.1/tcp/2345/http`; port 0 picks a free one. */
  listenAddress: string
  /** The node's JWT secret (see `loadApiSecret`). */
  secret: Uint8Array
  /** `/rpc/v0`, and `/rpc/v1` on a full node. */
  endpoints: readonly RpcEndpoint[]
  /** Served at `/debug/metrics` when given. */
  metrics?: NodeMetrics
  /** More routes, e.g. `/remote` on a miner. */
  routes?: ReadonlyArray<{ path: string, route: HttpRoute, prefix?: boolean }>
  /** The `rpc` subsystem logger: start/stop at info, every call at debug. */
  log?: Logger
}

export interface ApiServer {
  /** The address written to the `api` file, with the bound port. */
  readonly multiaddr: string
  readonly port: number
  /** `http://host:port`, for tests and logs. */
  readonly url: string
  /** Readers pushed to `/rpc/streams/v0/push/<uuid>`, for methods with reader params. */
  readonly pushStreams: PushStreams
  /** Drops every connection, stops listening and removes the `api` file. Safe to call twice. */
  close: () => Promise<void>
}

export async function startApiServer (options: ApiServerOptions): Promise<ApiServer> {
  const ma = parseApiMultiaddr(options.listenAddress, 'API.ListenAddress')
  const authorize = createTokenVerifier(options.secret)
  const onError = (err: unknown, method: string): void => {
    options.log?.warn({ err, method }, 'RPC error no caller could be told about')
  }
  const router = new HttpRouter()
  const handlers: RpcHandler[] = []
  for (const ep of options.endpoints) {
    const handler = ep.create({ authorize, metrics: options.metrics, log: options.log, onError })
    handlers.push(handler)
    router.mount(ep.path, handler)
  }
  const pushStreams = new PushStreams({ authorize, onError: (err, uuid) => { onError(err, `push ${uuid}`) } })
  router.mount(PUSH_PATH, pushStreams, { prefix: true })
  if (options.metrics !== undefined) router.mount('/debug/metrics', metricsRoute(options.metrics.registry, { authorize }))
  for (const r of options.routes ?? []) router.mount(r.path, r.route, { prefix: r.prefix })

  const server = createServer()
  server.keepAliveTimeout = 60_000
  // A pushed piece is read as sealing writes it, which can take longer than Node's default 5 min
  // for a whole request; Go's server (Lotus) has no such limit either.
  server.requestTimeout = 0
  router.attach(server)
  try {
    await listen(server, ma)
  } catch (err) {
    await Promise.all(handlers.map(async (h) => { await h.close() }))
    pushStreams.close()
    throw new NelumboError('ERR_API_LISTEN',
      `API.ListenAddress: could not listen on ${options.listenAddress}: ${(err as Error).message}`, { cause: err })
  }
  const port = (server.address() as AddressInfo).port
  const bound = withPort(ma, port)
  const multiaddr = formatApiMultiaddr(bound)
  options.repo.setApiEndpoint(multiaddr)
  options.log?.info({ multiaddr }, 'API server listening')

  let closed: Promise<void> | undefined
  const close = async (): Promise<void> => {
    closed ??= (async () => {
      rmSync(join(options.repo.path, API_FILE), { force: true })
      pushStreams.close()
      await Promise.all(handlers.map(async (h) => { await h.close() }))
      server.closeAllConnections()
      await new Promise<void>((resolve) => { server.close(() => { resolve() }) })
      options.log?.info('API server stopped')
    })()
    await closed
  }
  return { multiaddr, port, url: `http://${urlHost(bound)}:${port}`, pushStreams, close }
}

async function listen (server: Server, ma: ApiMultiaddr): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(ma.port, ma.host, () => {
      server.off('error', reject)
      resolve()
    })
  })
}

function urlHost (ma: ApiMultiaddr): string {
  return ma.hostProtocol === 'ip6' ? `[${ma.host}]` : ma.host
}
