// A small JSON-RPC server built on src/rpc, src/api and src/auth: the Common contract with a
// stub implementation plus a test contract. Importable (tests start it in-process) and runnable:
//   node dist/test/kit/rpc-test-server.js [--port N]   (secret in RPC_TEST_SECRET, hex)
// prints {"url":"http://127.0.0.1:PORT"} on stdout once listening, and stops on SIGTERM.
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { fileURLToPath } from 'node:url'
import { InvalidInputError } from '../../src/core/errors.js'
import { type ApiOf, type CommonApi, CommonContract, MinerAPIVersion0, channel, defineContract, lj, method, mergeContracts } from '../../src/api/index.js'
import { createToken, createTokenVerifier, verifyToken } from '../../src/auth/index.js'
import { HttpRouter, createRpcHandler } from '../../src/rpc/index.js'

export const EchoValue = lj.struct({
  Name: lj.string,
  Amount: lj.bigInt,
  Data: lj.bytes,
  Root: lj.nullable(lj.cid),
  Wait: lj.duration,
  Tags: lj.array(lj.string),
  Note: lj.optional(lj.string)
})

export const TestContract = defineContract({
  ReadOp: method({ name: 'Filecoin.ReadOp', perm: 'read', summary: 'needs read', params: [], result: lj.string }),
  WriteOp: method({ name: 'Filecoin.WriteOp', perm: 'write', summary: 'needs write', params: [], result: lj.string }),
  SignOp: method({ name: 'Filecoin.SignOp', perm: 'sign', summary: 'needs sign', params: [], result: lj.string }),
  AdminOp: method({ name: 'Filecoin.AdminOp', perm: 'admin', summary: 'needs admin', params: [], result: lj.string }),
  Add: method({ name: 'Filecoin.Add', perm: 'read', summary: 'adds', params: [lj.int, lj.int], result: lj.int }),
  Echo: method({ name: 'Filecoin.Echo', perm: 'read', summary: 'echoes', params: [EchoValue], result: EchoValue }),
  Nothing: method({ name: 'Filecoin.Nothing', perm: 'read', summary: 'returns only an error', params: [], result: lj.none }),
  Fail: method({ name: 'Filecoin.Fail', perm: 'read', summary: 'throws', params: [lj.string], result: lj.none }),
  Hang: method({ name: 'Filecoin.Hang', perm: 'read', summary: 'waits until cancelled', params: [], result: lj.none }),
  Ticks: channel({ name: 'Filecoin.Ticks', perm: 'read', summary: 'counts; 0 = forever', params: [lj.uint], result: lj.uint }),
  Cancelled: method({ name: 'Filecoin.Cancelled', perm: 'read', summary: 'cancels seen', params: [], result: lj.uint })
})

export const TestServerContract = mergeContracts(CommonContract, TestContract)
export type TestServerApi = ApiOf<typeof TestServerContract>

export const STUB_SESSION = '5f3b2a1c-0d4e-4f6a-8b9c-1a2b3c4d5e6f'
export const STUB_START = new Date('2024-01-02T03:04:05Z')

/** A stub Common implementation; `closing` ends the `Closing` channel. */
export function createStubCommon (secret: Uint8Array, hooks: { onShutdown?: () => void, closing?: Promise<void> } = {}): CommonApi {
  const levels = new Map([['rpc', 'info'], ['chain', 'info']])
  return {
    AuthVerify: async (token) => await verifyToken(secret, token),
    AuthNew: async (perms) => new TextEncoder().encode(await createToken(secret, perms)),
    LogList: async () => [...levels.keys()],
    LogSetLevel: async (system, level) => {
      if (!levels.has(system)) throw new InvalidInputError('ERR_LOG_SYSTEM', `unknown logger '${system}'`, { value: system })
      levels.set(system, level)
    },
    LogAlerts: async () => [{
      Type: { System: 'rpc', Subsystem: 'test' },
      Active: true,
      LastActive: { Type: 'raised', Message: { why: 'test' }, Time: STUB_START },
      LastResolved: null
    }],
    Version: async () => ({ Version: '1.20.0+nelumbo+test', APIVersion: MinerAPIVersion0, BlockDelay: 30 }),
    Discover: async () => ({ openrpc: '1.2.6', info: { title: 'Lotus RPC API' } }),
    Shutdown: async () => { setImmediate(() => hooks.onShutdown?.()) },
    StartTime: async () => STUB_START,
    Session: async () => STUB_SESSION,
    Closing: async (opts) => closingChannel(hooks.closing ?? new Promise<void>(() => {}), opts?.signal)
  }
}

// Like Lotus's: never sends a value, just closes when the node shuts down or the caller cancels.
async function * closingChannel (closing: Promise<void>, signal?: AbortSignal): AsyncGenerator<Record<string, never>> {
  await Promise.race([closing, abortPromise(signal)])
  yield * []
}

function abortPromise (signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal === undefined) return
    if (signal.aborted) resolve()
    else signal.addEventListener('abort', () => { resolve() }, { once: true })
  })
}

export function createTestImpl (): ApiOf<typeof TestContract> {
  let cancelled = 0
  return {
    ReadOp: async () => 'read',
    WriteOp: async () => 'write',
    SignOp: async () => 'sign',
    AdminOp: async () => 'admin',
    Add: async (a, b) => a + b,
    Echo: async (v) => v,
    Nothing: async () => {},
    Fail: async (kind) => {
      if (kind === 'bug') throw new TypeError("Cannot read properties of undefined (reading 'x')")
      throw new InvalidInputError('ERR_TEST', `bad kind '${kind}'`, { value: kind, source: 'Fail param 0' })
    },
    Hang: async (opts) => {
      await abortPromise(opts?.signal)
      cancelled++
    },
    Ticks: async (count, opts) => (async function * () {
      try {
        for (let i = 1; count === 0 || i <= count; i++) {
          if (opts?.signal?.aborted === true) return
          yield i
          await new Promise((resolve) => setImmediate(resolve))
        }
      } finally {
        if (opts?.signal?.aborted === true) cancelled++
      }
    })(),
    Cancelled: async () => cancelled
  }
}

export interface RunningTestServer {
  url: string
  /** Ends every `Closing` channel, as a node does when it starts shutting down. */
  signalClosing: () => void
  close: () => Promise<void>
}

/** Starts the test server in this process on 127.0.0.1 (port 0 unless given). */
export async function startRpcTestServer (secret: Uint8Array, port = 0, onShutdown?: () => void): Promise<RunningTestServer> {
  let endClosing: () => void = () => {}
  const closing = new Promise<void>((resolve) => { endClosing = resolve })
  const impl: TestServerApi = { ...createStubCommon(secret, { onShutdown, closing }), ...createTestImpl() }
  const handler = createRpcHandler(TestServerContract, impl, { authorize: createTokenVerifier(secret) })
  const server = createServer()
  server.keepAliveTimeout = 60_000
  new HttpRouter().attach(server).mount('/rpc/v0', handler)
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, '127.0.0.1', resolve)
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${address.port}`,
    signalClosing: () => { endClosing() },
    close: async () => {
      endClosing()
      await handler.close()
      server.closeAllConnections()
      await new Promise<void>((resolve) => { server.close(() => { resolve() }) })
    }
  }
}

async function main (): Promise<void> {
  const portArg = process.argv.indexOf('--port')
  const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 0
  const secret = new Uint8Array(Buffer.from(process.env.RPC_TEST_SECRET ?? '', 'hex'))
  const holder: { running?: RunningTestServer } = {}
  const stop = (): void => { void holder.running?.close().then(() => process.exit(0)) }
  const running = await startRpcTestServer(secret, port, stop)
  holder.running = running
  process.on('SIGTERM', stop)
  process.stdout.write(JSON.stringify({ url: running.url }) + '\n')
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  main().catch((err: unknown) => {
    process.stderr.write(`rpc-test-server: ${String(err)}\n`)
    process.exit(1)
  })
}
