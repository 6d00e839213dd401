/**
 * `npm start`: a local devnet in one command. Creates (first run) or reuses a devnet folder
 * (default `~/.nelumbo-devnet`, `--dir` to change) and runs Lotus's local-network sequence with
 * our binaries as real child processes:
 *
 *   lotus fetch-params 2048
 *   lotus-seed --sector-dir <dir>/genesis-sectors pre-seal --sector-size 2KiB --num-sectors 2
 *   lotus-seed genesis new <dir>/localnet.json
 *   lotus-seed genesis add-miner <dir>/localnet.json <dir>/genesis-sectors/pre-seal-t01000.json
 *   lotus daemon --lotus-make-genesis=<dir>/devgen.car --genesis-template=<dir>/localnet.json --bootstrap=false
 *   lotus wallet import --as-default <dir>/genesis-sectors/pre-seal-t01000.key
 *
 * then keeps the daemon running, with a block producer for the genesis miner (a test stand-in
 * until the mining subsystem lands; its log lines say so), prints `FULLNODE_API_INFO` and how to
 * point the CLI at it, and stops every process it started on Ctrl-C. Until the build has a
 * storage miner actor, the miner is the test kit's stand-in (see `minerId`), and says so.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { newActorRegistry, StorageMinerActorCode } from '../chain/actors/index.js'
import { builtinStorageGenesis } from '../chain/genesis/index.js'
import { builtinMinerReaders } from '../node/fullnode/index.js'

const distRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const bin = (name: string): string => join(distRoot, 'src', 'cli', 'bin', `${name}.js`)
const producerScript = join(distRoot, 'test', 'kit', 'block-producer.js')
const standInDaemonScript = join(distRoot, 'test', 'kit', 'daemon.js')

interface Devnet {
  dir: string
  lotusPath: string
  minerPath: string
  sectorDir: string
  template: string
  car: string
}

function say (text: string): void {
  process.stdout.write(`${text}\n`)
}

function layout (dir: string): Devnet {
  return {
    dir,
    lotusPath: join(dir, 'lotus'),
    minerPath: join(dir, 'lotusminer'),
    sectorDir: join(dir, 'genesis-sectors'),
    template: join(dir, 'localnet.json'),
    car: join(dir, 'devgen.car')
  }
}

function envFor (d: Devnet): NodeJS.ProcessEnv {
  return { ...process.env, LOTUS_PATH: d.lotusPath, LOTUS_MINER_PATH: d.minerPath, LOTUS_SKIP_GENESIS_CHECK: '_yes_' }
}

/** Whether this build can put a miner in the genesis and let consensus find it. */
const canMine = newActorRegistry(builtinStorageGenesis.actors).get(StorageMinerActorCode) !== undefined && builtinMinerReaders !== undefined
/**
 * Without a miner actor, the test kit's stand-in: sectors pre-sealed for t099 (the burnt-funds
 * account, so block rewards have somewhere to go) and a daemon whose consensus sees t099 holding
 * all the power. The genesis then has no miner.
 */
const minerId = canMine ? 't01000' : 't099'

/** Runs one of our binaries to completion, echoing its output; fails with its stderr. */
async function run (d: Devnet, name: string, args: string[]): Promise<string> {
  say(`$ ${name} ${args.join(' ')}`)
  const child = spawn(process.execPath, [bin(name), ...args], { env: envFor(d), stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => { out += s })
  child.stderr.setEncoding('utf8').on('data', (s: string) => { err += s })
  const code = await new Promise<number | null>((resolve, reject) => { child.on('error', reject).on('close', resolve) })
  if (out !== '') process.stdout.write(`${out.trimEnd().replace(/^/gm, '  ')}\n`)
  if (code !== 0) throw new Error(`${name} ${args.join(' ')} failed (exit ${String(code)}):\n${err}`)
  return out
}

/** Starts the daemon and resolves with its API multiaddr once its "full node started" line appears. */
async function startDaemon (d: Devnet, args: string[]): Promise<{ child: ChildProcess, multiaddr: string }> {
  say(`$ lotus daemon ${args.join(' ')}${canMine ? '' : '   (through the test kit\'s stand-in miner entry)'}`)
  const entry = canMine ? [bin('lotus')] : [standInDaemonScript, '--standin-preseal', join(d.sectorDir, `pre-seal-${minerId}.json`)]
  const child = spawn(process.execPath, [...entry, 'daemon', ...args], { env: envFor(d), stdio: ['ignore', 'inherit', 'pipe'] })
  let err = ''
  const multiaddr = await new Promise<string>((resolve, reject) => {
    child.stderr?.setEncoding('utf8').on('data', (s: string) => {
      err += s
      process.stderr.write(s)
      const line = err.split('\n').find((l) => l.includes('"full node started"'))
      if (line !== undefined) resolve((JSON.parse(line) as { api: string }).api)
    })
    child.once('exit', (code) => { reject(new Error(`lotus daemon exited (code ${String(code)}) before it was ready`)) })
  })
  return { child, multiaddr }
}

async function stopChild (child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => { child.once('exit', () => { resolve() }) })
  child.kill('SIGTERM')
  await exited
}

async function main (): Promise<void> {
  const { values } = parseArgs({ options: { dir: { type: 'string' }, help: { type: 'boolean', short: 'h' } } })
  if (values.help === true) {
    say('usage: npm start [-- --dir <devnet folder>]   (default ~/.nelumbo-devnet)')
    return
  }
  const dir = resolve((values.dir ?? join(homedir(), '.nelumbo-devnet')).replace(/^~(?=$|\/)/, homedir()))
  const d = layout(dir)
  mkdirSync(dir, { recursive: true })
  // The genesis CAR is the last file the first run writes; until it exists, the sequence runs again.
  const firstRun = !existsSync(d.car)
  say(firstRun ? `Creating a devnet in ${dir}` : `Reusing the devnet in ${dir}`)

  let daemon: { child: ChildProcess, multiaddr: string } | undefined
  let producer: ChildProcess | undefined
  let stopping = false
  const stopAll = async (): Promise<void> => {
    if (stopping) return
    stopping = true
    say('\nStopping the devnet...')
    await stopChild(producer)
    await stopChild(daemon?.child)
    say('Stopped.')
  }
  process.on('SIGINT', () => { void stopAll() })
  process.on('SIGTERM', () => { void stopAll() })

  try {
    if (!canMine) {
      say('NOTE: this build has no storage miner actor yet. The genesis has no miner; blocks come from a TEST')
      say(`      STAND-IN: sectors pre-sealed for ${minerId}, which the daemon's consensus sees holding all the power.`)
    }
    if (firstRun) {
      const preSealFile = join(d.sectorDir, `pre-seal-${minerId}.json`)
      await run(d, 'lotus', ['fetch-params', '2048'])
      if (!existsSync(preSealFile)) {
        await run(d, 'lotus-seed', ['--sector-dir', d.sectorDir, 'pre-seal', '--miner-addr', minerId, '--sector-size', '2KiB', '--num-sectors', '2'])
      }
      const created = await run(d, 'lotus-seed', ['genesis', 'new', d.template])
      if (canMine) await run(d, 'lotus-seed', ['genesis', 'add-miner', d.template, preSealFile])
      daemon = await startDaemon(d, [`--lotus-make-genesis=${d.car}`, `--genesis-template=${d.template}`, '--bootstrap=false'])
      await run(d, 'lotus', ['wallet', 'import', ...(canMine ? ['--as-default'] : []), join(d.sectorDir, `pre-seal-${minerId}.key`)])
      // The template's pre-funded account: the default address when the miner's owner has no funds.
      const account = /account (\S+)/.exec(created)?.[1]
      if (account !== undefined) {
        await run(d, 'lotus', ['wallet', 'import', ...(canMine ? [] : ['--as-default']), join(`${d.template}.keys`, `${account}.key`)])
      }
    } else {
      daemon = await startDaemon(d, [`--genesis=${d.car}`, '--bootstrap=false'])
    }
    if (stopping) return
    const token = readFileSync(join(d.lotusPath, 'token'), 'utf8').trim()
    const apiInfo = `${token}:${daemon.multiaddr}`

    producer = spawn(process.execPath, [producerScript, '--api', apiInfo, '--miner', minerId, '--sector-dir', d.sectorDir,
      '--block-delay-ms', String(blockDelayMs(d))], { env: envFor(d), stdio: ['ignore', 'inherit', 'inherit'] })
    say(`Block producer started: a TEST STAND-IN for the mining subsystem, mining as ${minerId}.`)

    say('')
    say('The devnet is running. Point the lotus CLI at it with either of:')
    say(`  export LOTUS_PATH=${d.lotusPath}`)
    say(`  export FULLNODE_API_INFO=${apiInfo}`)
    say('then try: lotus chain head, lotus wallet list, lotus send <address> 10')
    say('Press Ctrl-C to stop.')
    await new Promise<void>((resolve) => { daemon!.child.once('exit', () => { resolve() }) })
  } catch (err) {
    await stopAll()
    throw err
  }
  await stopAll()
}

/** The template's block delay (ms), for the producer's clock. */
function blockDelayMs (d: Devnet): number {
  try {
    const t = JSON.parse(readFileSync(d.template, 'utf8')) as { NetworkParams?: { BlockDelayMs?: number } }
    return t.NetworkParams?.BlockDelayMs ?? 4000
  } catch {
    return 4000
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`npm start: ${err instanceof Error ? err.message : String(err)}\n`)
  process.exitCode = 1
})
