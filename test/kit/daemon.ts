// Starts `lotus daemon` (the compiled binary) as a child process on 127.0.0.1 with a free port,
// and waits for its "full node started" log line (an event, not a sleep). Gives a typed client of
// the FullNode v1 API with the repo's admin token, and the environment that points our CLI
// binaries at this daemon. `stop` sends SIGTERM and waits for the exit (and the api file to go).
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { FullNodeContract, type FullNodeApi } from '../../src/api/fullnode/index.js'
import { createRpcClient } from '../../src/rpc/index.js'
import { binPath } from './bin.js'

const standInScript = fileURLToPath(import.meta.url)

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
  /**
   * A `pre-seal-<miner>.json` whose miner consensus should see as holding all the power: runs
   * the same `lotus` program through this file's stand-in entry point, for chains made before
   * the miner actor exists (the miner must be an existing account's ID, e.g. t099).
   */
  standInPreSeal?: string
}

export async function startDaemon (opts: DaemonOptions): Promise<DaemonProcess> {
  const entry = opts.standInPreSeal !== undefined ? [standInScript, '--standin-preseal', opts.standInPreSeal] : [binPath('lotus')]
  const child = spawn(process.execPath, [...entry, '--repo', opts.repo, 'daemon', '--api', '0', '--bootstrap=false', ...(opts.args ?? [])], {
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

/**
 * Consensus's view for a stand-in miner: the pre-seal manifest's miner holds all the power, its
 * worker is the manifest's key and its proving set the pre-sealed sectors. Test-only.
 */
export async function standInPowerView (preSealFile: string): Promise<import('../../src/chain/consensus/index.js').PowerView> {
  const { readPreSealFile } = await import('../../src/chain/genesis/index.js')
  const miners = [...(await readPreSealFile(preSealFile)).values()]
  const m = miners[0]
  if (m === undefined) throw new Error(`${preSealFile} describes no miner`)
  const power = BigInt(m.SectorSize * m.Sectors.length)
  const claim = { RawBytePower: power, QualityAdjPower: power }
  const sectors = m.Sectors.map((s) => ({ SealProof: s.ProofType, SectorNumber: s.SectorID as never, SectorKey: null, SealedCID: s.CommR }))
  return {
    minerPower: async (_root, a) => a.equals(m.ID) ? { miner: claim, network: claim, hasMinPower: true } : undefined,
    minerInfo: async (_root, a) => a.equals(m.ID) ? { worker: m.Worker, sectorSize: m.SectorSize } : undefined,
    eligibleForElection: async (_root, a) => a.equals(m.ID),
    provingSectors: async (_root, a) => a.equals(m.ID) ? sectors : []
  }
}

// Stand-in entry point: `node dist/test/kit/daemon.js --standin-preseal <manifest> <lotus args…>`.
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--standin-preseal')
  const file = process.argv[i + 1]
  if (i < 0 || file === undefined) {
    process.stderr.write('usage: daemon.js --standin-preseal <pre-seal manifest> <lotus args…>\n')
    process.exit(2)
  }
  const argv = [...process.argv.slice(0, i), ...process.argv.slice(i + 2)]
  const { lotusProgram } = await import('../../src/cli/lotus/index.js')
  const { processIo } = await import('../../src/cli/io.js')
  const { runProgram } = await import('../../src/cli/program.js')
  process.stderr.write(`${JSON.stringify({ level: 'warn', logger: 'test', msg: `stand-in miner from ${file}: consensus sees it holding all the power (test only)` })}\n`)
  await runProgram(lotusProgram(processIo(), { daemon: { power: await standInPowerView(file) } }), argv)
}
