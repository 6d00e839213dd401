/**
 * Lotus's `api.Common` as every node serves it (`node/impl/common/common.go`): version,
 * tokens, log levels, shutdown, session and start time. The node hands in its JWT secret,
 * its log registry and what to do on `Shutdown`; nothing here knows which node it is.
 */
import { randomUUID } from 'node:crypto'
import type { Alert, ApiVersion, CommonApi, Contract } from '../../api/index.js'
import type { TypeOf } from '../../api/codecs/index.js'
import { createToken, verifyToken } from '../../auth/index.js'
import type { LogRegistry } from '../../log/index.js'
import { BUILD_VERSION } from '../../version.js'

export interface CommonDeps {
  /** The node's JWT secret (keystore `auth-jwt-private`). */
  secret: Uint8Array
  /** Subsystem loggers that `LogList` / `LogSetLevel` act on. */
  logs: LogRegistry
  /** What `Version().APIVersion` reports: MinerAPIVersion0 on a miner or markets node. */
  apiVersion: ApiVersion
  /** `Version().BlockDelay`, seconds. */
  blockDelaySecs: number
  /** Called (after the reply is on its way) when a client calls `Shutdown`. */
  onShutdown: () => void
  /** Alerts for `LogAlerts`; none until a node tracks any. */
  alerts?: () => Array<TypeOf<typeof Alert>>
  /** The contracts this endpoint serves, so `Discover` can describe them. */
  contracts?: readonly Contract[]
  startTime?: Date
}

/** The Common API plus the node-side switch that ends every `Closing` channel. */
export interface CommonService {
  readonly api: CommonApi
  readonly session: string
  readonly startTime: Date
  /** Ends every `Closing` subscription; call it when the node starts to stop. */
  beginClosing: () => void
}

export function createCommonService (deps: CommonDeps): CommonService {
  const session = randomUUID()
  const startTime = deps.startTime ?? new Date()
  let beginClosing: () => void = () => {}
  const closing = new Promise<void>((resolve) => { beginClosing = resolve })
  let shuttingDown = false

  const api: CommonApi = {
    AuthVerify: async (token) => await verifyToken(deps.secret, token),
    AuthNew: async (perms) => new TextEncoder().encode(await createToken(deps.secret, perms)),
    LogList: async () => deps.logs.list(),
    LogSetLevel: async (system, level) => { deps.logs.setLevel(system, level) },
    LogAlerts: async () => deps.alerts?.() ?? [],
    Version: async () => ({ Version: BUILD_VERSION, APIVersion: deps.apiVersion, BlockDelay: deps.blockDelaySecs }),
    Discover: async () => discoverDocument(deps.contracts ?? []),
    Shutdown: async () => {
      if (shuttingDown) return
      shuttingDown = true
      // Reply first, then stop, as Lotus's Shutdown only signals its shutdown channel.
      setImmediate(deps.onShutdown)
    },
    StartTime: async () => startTime,
    Session: async () => session,
    Closing: async (opts) => closingChannel(closing, opts?.signal)
  }
  return { api, session, startTime, beginClosing: () => { beginClosing() } }
}

// Lotus's Closing channel never carries a value: it only closes when the node shuts down.
async function * closingChannel (closing: Promise<void>, signal?: AbortSignal): AsyncGenerator<Record<string, never>> {
  await new Promise<void>((resolve) => {
    void closing.then(resolve)
    if (signal === undefined) return
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => { resolve() }, { once: true })
  })
  yield * []
}

/** A small OpenRPC document listing each method with its permission and summary. */
function discoverDocument (contracts: readonly Contract[]): Record<string, unknown> {
  const methods = contracts.flatMap((c) => Object.values(c)).map((def) => ({
    name: def.name,
    summary: def.summary,
    paramStructure: 'by-position',
    'x-permission': def.perm,
    'x-channel': def.channel
  }))
  return { openrpc: '1.2.6', info: { title: 'Lotus RPC API', version: BUILD_VERSION }, methods }
}
