// A markets node as a child process (`LOTUS_MINER_PATH=<markets repo> lotus-miner run`), with
// the controls the split tests need: SIGTERM, SIGKILL, and SIGSTOP/SIGCONT to make it hang.
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { MarketsContract, type MarketsApi } from '../../src/api/miner.js'
import { createRpcClient } from '../../src/rpc/index.js'
import { binPath } from './bin.js'
import type { Devnet } from './devnet.js'

export interface MarketsProcess {
  readonly repo: string
  readonly child: ChildProcess
  readonly api: MarketsApi
  /** `MARKETS_API_INFO` for CLI child processes. */
  readonly apiInfo: string
  readonly exited: Promise<number | null>
  stderr: () => string
  stop: () => Promise<number | null>
  kill: () => Promise<void>
  /** SIGSTOP: the process keeps its sockets open and answers nothing. */
  pause: () => void
  resume: () => void
}

export async function startMarketsProcess (repo: string, env: NodeJS.ProcessEnv): Promise<MarketsProcess> {
  const child = spawn(process.execPath, [binPath('lotus-miner'), 'run', '--nosync'], {
    env: { ...process.env, ...env, LOTUS_MINER_PATH: repo, GOLOG_LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let err = ''
  const exited = new Promise<number | null>((resolve) => { child.once('exit', (code) => { resolve(code) }) })
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => { reject(new Error(`markets node did not start:\n${err}`)) }, 60_000)
    child.stderr!.setEncoding('utf8').on('data', (d: string) => {
      err += d
      if (err.includes('"markets node started"')) { clearTimeout(timer); resolve() }
    })
    void exited.then((code) => { clearTimeout(timer); reject(new Error(`markets node exited with ${String(code)}:\n${err}`)) })
  })
  child.stdout!.resume()
  const multiaddr = readFileSync(join(repo, 'api'), 'utf8').trim()
  const token = readFileSync(join(repo, 'token'), 'utf8').trim()
  const port = /\/tcp\/(\d+)/.exec(multiaddr)?.[1] ?? '0'
  const api = createRpcClient(MarketsContract, { url: `http://127.0.0.1:${port}/rpc/v0`, token })
  const alive = (): boolean => child.exitCode === null && child.signalCode === null
  return {
    repo,
    child,
    api,
    apiInfo: `${token}:${multiaddr}`,
    exited,
    stderr: () => err,
    stop: async () => {
      await api.close()
      if (alive()) { child.kill('SIGCONT'); child.kill('SIGTERM') }
      return await exited
    },
    kill: async () => {
      await api.close()
      if (alive()) child.kill('SIGKILL')
      await exited
    },
    pause: () => { child.kill('SIGSTOP') },
    resume: () => { child.kill('SIGCONT') }
  }
}

/**
 * The seed's split on a devnet whose miners are running: `lotus-miner backup`, the mining node
 * restarted with `EnableMarkets = false`, `init service --type=markets` from the backup with the
 * given seed config lines, and the markets node started. The devnet's miners must have been
 * started with `LOTUS_BACKUP_BASE_PATH` = `backupBase`.
 */
export async function splitMarkets (net: Devnet, backupBase: string, seedConfig: string, i = 0): Promise<{ markets: MarketsProcess, repo: string }> {
  const backup = join(backupBase, `backup-${i}.cbor`)
  await net.cli('lotus-miner', ['backup', backup], i)
  await net.miners[i]!.stop()
  const minerConfig = join(net.minerRepo(i), 'config.toml')
  writeFileSync(minerConfig, readFileSync(minerConfig, 'utf8').replace('#EnableMarkets = true', 'EnableMarkets = false'))
  await net.startMiner(i)
  const apiInfo = (await net.cli('lotus-miner', ['auth', 'api-info', '--perm=admin'], i)).trim()
  const repo = join(net.dir, `lotusmarkets-${i}`)
  const seed = join(net.dir, `markets-config-${i}.toml`)
  writeFileSync(seed, seedConfig)
  await net.cli('lotus-miner', ['--markets-repo', repo, 'init', 'service', '--type=markets', `--api-sealer=${apiInfo}`, `--api-sector-index=${apiInfo}`, `--config=${seed}`, backup], i)
  return { markets: await startMarketsProcess(repo, net.miners[i]!.env), repo }
}
