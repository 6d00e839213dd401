/** Child processes of `npm start`: our binaries run to completion, or started as nodes with a log file. */
import { type ChildProcess, spawn } from 'node:child_process'
import { createWriteStream } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const distRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..')
const bin = (name: string): string => join(distRoot, 'src', 'cli', 'bin', `${name}.js`)
export interface Devnet {
  dir: string
  lotusPath: string
  minerPath: string
  /** The markets node's repo (`init service --type=markets`). */
  marketsPath: string
  sectorDir: string
  template: string
  car: string
}

export function say (text: string): void {
  process.stdout.write(`${text}\n`)
}

export function layout (dir: string): Devnet {
  return {
    dir,
    lotusPath: join(dir, 'lotus'),
    minerPath: join(dir, 'lotusminer'),
    marketsPath: join(dir, 'lotusmarkets'),
    sectorDir: join(dir, 'genesis-sectors'),
    template: join(dir, 'localnet.json'),
    car: join(dir, 'devgen.car')
  }
}

export function envFor (d: Devnet): NodeJS.ProcessEnv {
  return { ...process.env, LOTUS_PATH: d.lotusPath, LOTUS_MINER_PATH: d.minerPath, LOTUS_MARKETS_PATH: d.marketsPath, LOTUS_SKIP_GENESIS_CHECK: '_yes_' }
}

/** Runs one of our binaries to completion, echoing its output; fails with its stderr. */
export async function run (d: Devnet, name: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  say(`$ ${name} ${args.join(' ')}`)
  const child = spawn(process.execPath, [bin(name), ...args], { env: { ...envFor(d), ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  let out = ''
  let err = ''
  child.stdout.setEncoding('utf8').on('data', (s: string) => { out += s })
  child.stderr.setEncoding('utf8').on('data', (s: string) => { err += s })
  const code = await new Promise<number | null>((resolve, reject) => { child.on('error', reject).on('close', resolve) })
  if (out !== '') process.stdout.write(`${out.trimEnd().replace(/^/gm, '  ')}\n`)
  if (code !== 0) throw new Error(`${name} ${args.join(' ')} failed (exit ${String(code)}):\n${err}`)
  return out
}

/**
 * Starts a long-running node with its log in `logFile`; resolves once the log line `ready`
 * appears, with the JSON of that line.
 */
export async function startNode (d: Devnet, name: string, args: string[], logFile: string, ready: string, env: NodeJS.ProcessEnv = {}): Promise<{ child: ChildProcess, line: Record<string, unknown> }> {
  // API infos carry an admin token: the console names them without printing it.
  const shown = Object.entries(env).map(([k, v]) => `${k}=${k.endsWith('APIINFO') ? '<mining node API info>' : String(v)} `).join('')
  say(`$ ${shown}${name} ${args.join(' ')}   (log: ${logFile})`)
  const child = spawn(process.execPath, [bin(name), ...args], { env: { ...envFor(d), ...env }, stdio: ['ignore', 'pipe', 'pipe'] })
  const log = createWriteStream(logFile, { flags: 'a' })
  child.stdout.pipe(log)
  let seen = ''
  let started = false
  const line = await new Promise<Record<string, unknown>>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      log.write(s)
      if (started) return
      seen += s
      const l = seen.split('\n').find((x) => x.includes(`"${ready}"`))
      if (l !== undefined) {
        started = true
        seen = ''
        resolve(JSON.parse(l) as Record<string, unknown>)
      }
    })
    child.once('exit', (code) => { reject(new Error(`${name} exited (code ${String(code)}) before it was ready; see ${logFile}`)) })
  })
  return { child, line }
}

export async function stopChild (child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return
  const exited = new Promise<void>((resolve) => { child.once('exit', () => { resolve() }) })
  child.kill('SIGTERM')
  await exited
}

