// A whole devnet from our binaries as child processes, as Lotus's local-network guide builds
// one: `lotus-seed pre-seal` per genesis miner (t01000, t01001, …), `genesis new` with short
// epochs and proving periods, `genesis add-miner`, `lotus daemon --lotus-make-genesis`, the
// miners' keys imported into the daemon wallet, then per miner `lotus-miner init --genesis-miner
// … --nosync` and `lotus-miner run --nosync`. The miners' mining subsystems make the blocks.
// Every process started here is stopped by `stop()`; a miner can also be SIGKILLed and restarted.
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MinerContract, type MinerApi } from '../../src/api/miner.js'
import { createRpcClient } from '../../src/rpc/index.js'
import { binPath, runBin, type RunResult } from './bin.js'
import { startDaemon, type DaemonProcess } from './daemon.js'

export interface DevnetOptions {
  /** Pre-sealed sectors of each genesis miner t01000, t01001, …; default one miner with 2. */
  miners?: number[]
  /** Default '2KiB'. */
  sectorSize?: '2KiB' | '8MiB'
  /** Epoch length for `genesis new --block-delay`; default '1s'. */
  blockDelay?: string
  /** Window PoSt shape; defaults 4 deadlines of 10 epochs (a 40-epoch proving period). */
  deadlines?: number
  challengeWindow?: number
  /** Epochs from PreCommit to the ProveCommit seed; default 5. */
  preCommitChallengeDelay?: number
  /** Start `lotus-miner run` for every miner (default true). */
  runMiners?: boolean
  /** Extra environment for the miner processes. */
  minerEnv?: NodeJS.ProcessEnv
  /**
   * Run Markets in the miners (Lotus's default monolith). Default false: tests about mining and
   * sealing run mining nodes (`LOTUS_SUBSYSTEMS_ENABLEMARKETS=false`), the markets tests opt in.
   */
  markets?: boolean
}

export interface MinerProcess {
  readonly id: string
  readonly repo: string
  readonly child: ChildProcess
  /** StorageMiner API client (admin token); closed when the process is stopped or killed. */
  readonly api: MinerApi
  /** `LOTUS_MINER_PATH`/`MINER_API_INFO` plus the daemon's variables, for CLI child processes. */
  readonly env: NodeJS.ProcessEnv
  readonly exited: Promise<number | null>
  stderr: () => string
  /** SIGTERM and wait. */
  stop: () => Promise<number | null>
  /** SIGKILL and wait: nothing gets to clean up. */
  kill: () => Promise<void>
}

export interface Devnet {
  readonly dir: string
  readonly daemon: DaemonProcess
  /** Running miners by index (index 0 = t01000). */
  readonly miners: MinerProcess[]
  readonly minerIds: string[]
  /** The pre-funded account `genesis new` made (its key is in the daemon wallet). */
  readonly funded: string
  /** Where miner `i`'s pre-sealed sectors are. */
  sectorDir: (i: number) => string
  minerRepo: (i: number) => string
  /** Runs a CLI against the daemon (and miner `i`, default 0); asserts exit 0 and returns stdout. */
  cli: (name: 'lotus' | 'lotus-miner' | 'lotus-shed', args: string[], miner?: number) => Promise<string>
  /** Same, returning the whole result whatever the exit code. */
  run: (name: 'lotus' | 'lotus-miner' | 'lotus-shed', args: string[], miner?: number) => Promise<RunResult>
  /** Starts (again) `lotus-miner run` for miner `i`, replacing its entry in `miners`. */
  startMiner: (i: number) => Promise<MinerProcess>
  /** Stops every miner, then the daemon, and removes the folder. */
  stop: () => Promise<void>
}

/** Polls `check` every `intervalMs` until it returns a value other than undefined/false. */
export async function waitFor<T> (check: () => Promise<T | undefined | false>, what: string, timeoutMs = 60_000, intervalMs = 250): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await check()
    if (v !== undefined && v !== false) return v
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

export async function startDevnet (opts: DevnetOptions = {}): Promise<Devnet> {
  const dir = mkdtempSync(join(tmpdir(), 'nelumbo-devnet-'))
  const sectorCounts = opts.miners ?? [2]
  const minerIds = sectorCounts.map((_, i) => `t0${1000 + i}`)
  const sectorSize = opts.sectorSize ?? '2KiB'
  const lotusRepo = join(dir, 'lotus')
  const sectorDir = (i: number): string => join(dir, `genesis-sectors-${i}`)
  const minerRepo = (i: number): string => join(dir, `lotusminer-${i}`)
  const template = join(dir, 'localnet.json')
  const miners: MinerProcess[] = []
  let daemon: DaemonProcess | undefined

  const envFor = (i: number): NodeJS.ProcessEnv => ({
    ...daemon?.env, LOTUS_PATH: lotusRepo, LOTUS_MINER_PATH: minerRepo(i), GOLOG_LOG_LEVEL: 'info',
    // Markets hosts (monolith or markets node) listen on loopback only: tests stay off the network.
    LOTUS_LIBP2P_LISTENADDRESSES: '/ip4/127.0.0.1/tcp/0'
  })
  const run = async (name: 'lotus' | 'lotus-miner' | 'lotus-shed' | 'lotus-seed', args: string[], miner = 0): Promise<RunResult> =>
    await runBin(name, args, { env: envFor(miner) })
  const cli = async (name: 'lotus' | 'lotus-miner' | 'lotus-shed' | 'lotus-seed', args: string[], miner = 0): Promise<string> => {
    const r = await run(name, args, miner)
    assert.equal(r.code, 0, `${name} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`)
    return r.stdout
  }

  const startMiner = async (i: number): Promise<MinerProcess> => {
    const env = { ...process.env, ...envFor(i), ...(opts.markets === true ? {} : { LOTUS_SUBSYSTEMS_ENABLEMARKETS: 'false' }), ...opts.minerEnv }
    const child = spawn(process.execPath, [binPath('lotus-miner'), 'run', '--nosync', '--miner-api', '0'], { env, stdio: ['ignore', 'pipe', 'pipe'] })
    let err = ''
    const exited = new Promise<number | null>((resolve) => { child.once('exit', (code) => { resolve(code) }) })
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { reject(new Error(`lotus-miner run (${minerIds[i]}) did not start:\n${err}`)) }, 60_000)
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        err += d
        if (err.includes('"miner node started"')) { clearTimeout(timer); resolve() }
      })
      void exited.then((code) => { clearTimeout(timer); reject(new Error(`lotus-miner run (${minerIds[i]}) exited with ${String(code)}:\n${err}`)) })
    })
    child.stdout.resume()
    const repo = minerRepo(i)
    const multiaddr = readFileSync(join(repo, 'api'), 'utf8').trim()
    const token = readFileSync(join(repo, 'token'), 'utf8').trim()
    const port = /\/tcp\/(\d+)/.exec(multiaddr)?.[1] ?? '0'
    const api = createRpcClient(MinerContract, { url: `http://127.0.0.1:${port}/rpc/v0`, token })
    const alive = (): boolean => child.exitCode === null && child.signalCode === null
    const m: MinerProcess = {
      id: minerIds[i]!,
      repo,
      child,
      api,
      env: { ...envFor(i), MINER_API_INFO: `${token}:${multiaddr}` },
      exited,
      stderr: () => err,
      stop: async () => {
        await api.close()
        if (alive()) child.kill('SIGTERM')
        return await exited
      },
      kill: async () => {
        await api.close()
        if (alive()) child.kill('SIGKILL')
        await exited
      }
    }
    miners[i] = m
    return m
  }

  const stop = async (): Promise<void> => {
    await Promise.allSettled(miners.map(async (m) => { await m.stop() }))
    await daemon?.stop()
    rmSync(dir, { recursive: true, force: true })
  }

  try {
    await cli('lotus', ['fetch-params', sectorSize === '2KiB' ? '2048' : '8388608'])
    for (const [i, n] of sectorCounts.entries()) {
      await cli('lotus-seed', ['--sector-dir', sectorDir(i), 'pre-seal', '--miner-addr', minerIds[i]!, '--sector-size', sectorSize, '--num-sectors', String(n)])
    }
    const deadlines = opts.deadlines ?? 4
    const window = opts.challengeWindow ?? 10
    const out = await cli('lotus-seed', ['genesis', 'new', template, '--block-delay', opts.blockDelay ?? '1s', '--network-name', 'devnet-itest',
      '--sector-sizes', sectorSize, '--deadlines', String(deadlines), '--challenge-window', String(window),
      '--proving-period', String(deadlines * window), '--pre-commit-challenge-delay', String(opts.preCommitChallengeDelay ?? 5)])
    const funded = /account (\S+)/.exec(out)?.[1] ?? ''
    assert.notEqual(funded, '', out)
    for (const [i, id] of minerIds.entries()) await cli('lotus-seed', ['genesis', 'add-miner', template, join(sectorDir(i), `pre-seal-${id}.json`)])
    daemon = await startDaemon({ repo: lotusRepo, args: [`--lotus-make-genesis=${join(dir, 'devgen.car')}`, `--genesis-template=${template}`] })
    for (const [i, id] of minerIds.entries()) {
      await cli('lotus', ['wallet', 'import', ...(i === 0 ? ['--as-default'] : []), join(sectorDir(i), `pre-seal-${id}.key`)])
    }
    await cli('lotus', ['wallet', 'import', join(`${template}.keys`, `${funded}.key`)])
    for (const [i, id] of minerIds.entries()) {
      await cli('lotus-miner', ['init', '--genesis-miner', `--actor=${id}`, `--sector-size=${sectorSize}`, `--pre-sealed-sectors=${sectorDir(i)}`,
        `--pre-sealed-metadata=${join(sectorDir(i), `pre-seal-${id}.json`)}`, '--nosync'], i)
    }
    if (opts.runMiners !== false) for (const i of minerIds.keys()) await startMiner(i)
    return {
      dir, daemon, miners, minerIds, funded, sectorDir, minerRepo,
      cli: async (name, args, miner) => await cli(name, args, miner),
      run: async (name, args, miner) => await run(name, args, miner),
      startMiner,
      stop
    }
  } catch (err) {
    await stop()
    throw err
  }
}
