// Runs lotus / lotus-miner commands in-process against fake nodes: an in-memory file system,
// a chosen environment, and a `connect` that hands out in-process Common APIs by URL while
// recording which endpoint each command resolved. Routing rules are checked command by command
// this way without sockets or child processes.
import { join } from 'node:path'
import { CommonContract, MinerAPIVersion0, type CommonApi } from '../../src/api/index.js'
import type { EndpointFs, ResolvedEndpoint } from '../../src/cli/endpoint/index.js'
import type { CliIo } from '../../src/cli/io.js'
import { lotusMinerProgram } from '../../src/cli/lotus-miner/index.js'
import { lotusProgram } from '../../src/cli/lotus/index.js'
import { executeProgram } from '../../src/cli/program.js'
import { LogRegistry } from '../../src/log/index.js'
import { type CommonService, createCommonService } from '../../src/node/common/index.js'

export const HOME = '/home/op'

/** A file system of a few files; every parent folder of a file exists. */
export function memoryFs (files: Record<string, string>): EndpointFs {
  const dirs = new Set<string>()
  for (const f of Object.keys(files)) {
    for (let d = f; d !== '/'; d = join(d, '..')) dirs.add(join(d, '..'))
  }
  return {
    exists: (p) => p in files || dirs.has(p),
    readText: (p) => files[p]
  }
}

/** The files of an initialised repo with a running node: keystore/, api and (optionally) token. */
export function repoFiles (path: string, api: string | undefined, token?: string): Record<string, string> {
  const files: Record<string, string> = { [join(path, 'keystore', 'MF2XI2BNNJ3XILLQOJUXMYLUMU')]: '{}' }
  if (api !== undefined) files[join(path, 'api')] = api
  if (token !== undefined) files[join(path, 'token')] = token
  return files
}

export interface FakeNode {
  readonly service: CommonService
  readonly logs: LogRegistry
  shutdowns: number
}

export function fakeNode (secret = new Uint8Array(32).fill(7)): FakeNode {
  const logs = new LogRegistry({ sink: { write: () => {} } })
  for (const s of ['rpc', 'sectors', 'markets']) logs.logger(s)
  const node: FakeNode = {
    logs,
    shutdowns: 0,
    service: createCommonService({
      secret, logs, apiVersion: MinerAPIVersion0, blockDelaySecs: 4, onShutdown: () => { node.shutdowns++ }
    })
  }
  return node
}

export interface CliRun {
  code: number
  stdout: string
  stderr: string
  /** Endpoints the command connected to, in order. */
  endpoints: ResolvedEndpoint[]
}

export interface HarnessOptions {
  env?: Record<string, string>
  files?: Record<string, string>
  /** Fake nodes by dial URL (`ws://127.0.0.1:2345/rpc/v0`). */
  nodes?: Record<string, FakeNode>
}

/** Runs one command line of `lotus-miner` (or `lotus`) in-process. */
export async function runCli (bin: 'lotus' | 'lotus-miner', args: string[], opts: HarnessOptions = {}): Promise<CliRun> {
  let stdout = ''
  let stderr = ''
  const endpoints: ResolvedEndpoint[] = []
  const io: CliIo = {
    env: opts.env ?? {},
    home: HOME,
    fs: memoryFs(opts.files ?? {}),
    stdout: (t) => { stdout += t },
    stderr: (t) => { stderr += t },
    sleep: async () => {},
    connect: (contract, endpoint) => {
      endpoints.push(endpoint)
      if (contract !== CommonContract as unknown) throw new Error('the harness serves only the Common contract')
      const node = opts.nodes?.[endpoint.url]
      if (node === undefined) throw new Error(`no fake node at ${endpoint.url}`)
      const api: CommonApi & { close: () => Promise<void> } = { ...node.service.api, close: async () => {} }
      return api as never
    }
  }
  const program = bin === 'lotus' ? lotusProgram(io) : lotusMinerProgram(io)
  const code = await executeProgram(program, args, { from: 'user', output: { stdout: io.stdout, stderr: io.stderr } })
  return { code, stdout, stderr, endpoints }
}
