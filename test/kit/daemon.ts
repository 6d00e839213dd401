// Starts `lotus daemon` (the compiled binary) as a child process on 127.0.0.1 with a free port,
// and waits for its "full node started" log line (an event, not a sleep). Gives a typed client of
// the FullNode v1 API with the repo's admin token, and the environment that points our CLI
// binaries at this daemon. `stop` sends SIGTERM and waits for the exit (and the api file to go).
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { FullNodeContract, type FullNodeApi } from '../../src/api/fullnode/index.js'
import { createRpcClient } from '../../src/rpc/index.js'
import { binPath } from './bin.js'

export interface DaemonProcess {
  readonly child: ChildProcess
  readonly repo: string
  /** The API multiaddr the daemon wrote to `<repo>/api`. */
  readonly multiaddr: string
  readonly token: string
  /** A FullNode v1 client; closed by `stop`. */
  readonly api: FullNodeApi
  /** `LOTUS_PATH` and `FULLNODE_API_INFO` for CLI child processes. */
  readonly env: NodeJS.ProcessEnv
  stderr: () => string
  readonly exited: Promise<number | null>
  stop: () => Promise<number | null>
}

export interface DaemonOptions {
  repo: string
  /** Extra daemon flags, e.g. ['--lotus-make-genesis=devgen.car', '--genesis-template=localnet.json']. */
  args?: string[]
  env?: NodeJS.ProcessEnv
  cwd?: string
  /** How long to wait for the node to start. Default 60 s. */
  timeoutMs?: number
}

export async function startDaemon (opts: DaemonOptions): Promise<DaemonProcess> {
  const child = spawn(process.execPath, [binPath('lotus'), '--repo', opts.repo, 'daemon', '--api', '0', '--bootstrap=false', ...(opts.args ?? [])], {
    env: { ...process.env, GOLOG_LOG_LEVEL: 'info', ...opts.env },
    cwd: opts.cwd,
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let err = ''
  let out = ''
  const exited = new Promise<number | null>((resolve) => { child.once('exit', (code) => { resolve(code) }) })
  const started = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`lotus daemon did not start within ${opts.timeoutMs ?? 60_000} ms:\n${err}`)) }, opts.timeoutMs ?? 60_000)
    child.stderr?.setEncoding('utf8').on('data', (d: string) => {
      err += d
      const line = err.split('\n').find((l) => l.includes('"full node started"'))
      if (line !== undefined) {
        clearTimeout(timer)
        resolve((JSON.parse(line) as { api: string }).api)
      }
    })
    void exited.then((code) => {
      clearTimeout(timer)
      reject(new Error(`lotus daemon exited with ${String(code)} before it was ready:\n${out}${err}`))
    })
  })
  child.stdout?.setEncoding('utf8').on('data', (d: string) => { out += d })
  let multiaddr: string
  try {
    multiaddr = await started
  } catch (e) {
    if (child.exitCode === null) child.kill('SIGKILL')
    await exited
    throw e
  }
  const token = readFileSync(join(opts.repo, 'token'), 'utf8').trim()
  const port = /\/tcp\/(\d+)/.exec(multiaddr)?.[1] ?? '0'
  const api = createRpcClient(FullNodeContract, { url: `http://127.0.0.1:${port}/rpc/v1`, token })
  return {
    child,
    repo: opts.repo,
    multiaddr,
    token,
    api,
    env: { LOTUS_PATH: opts.repo, FULLNODE_API_INFO: `${token}:${multiaddr}` },
    stderr: () => err,
    exited,
    stop: async () => {
      await api.close()
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      return await exited
    }
  }
}
