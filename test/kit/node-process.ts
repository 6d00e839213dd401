// Starts test/kit/test-node.js as a child process and waits for its ready line (an event,
// not a sleep). Collects its stderr (JSON log lines) for assertions; `stop` kills it if it
// is still running and always waits for it to exit.
import { type ChildProcess, spawn } from 'node:child_process'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

export interface TestNodeProcess {
  readonly child: ChildProcess
  readonly multiaddr: string
  readonly url: string
  /** Everything the node wrote to stderr so far. */
  stderr: () => string
  /** Resolves with the exit code once the process has exited. */
  readonly exited: Promise<number | null>
  /** Resolves once a stderr line matching `re` has appeared. */
  waitForLog: (re: RegExp) => Promise<string>
  stop: () => Promise<void>
}

const script = fileURLToPath(new URL('./test-node.js', import.meta.url))

export async function startTestNode (repo: string, opts: { type?: 'StorageMiner' | 'FullNode', env?: NodeJS.ProcessEnv } = {}): Promise<TestNodeProcess> {
  const child = spawn(process.execPath, [script, '--repo', repo, '--type', opts.type ?? 'StorageMiner'], {
    env: { ...process.env, LOTUS_API_LISTENADDRESS: '/ip4/127.0.0.1/tcp/0/http', ...opts.env },
    stdio: ['ignore', 'pipe', 'pipe']
  })
  let err = ''
  const waiters: Array<{ re: RegExp, resolve: (line: string) => void }> = []
  child.stderr?.setEncoding('utf8').on('data', (d: string) => {
    err += d
    for (const w of [...waiters]) {
      const line = err.split('\n').find((l) => w.re.test(l))
      if (line !== undefined) {
        waiters.splice(waiters.indexOf(w), 1)
        w.resolve(line)
      }
    }
  })
  const exited = new Promise<number | null>((resolve) => { child.once('exit', (code) => { resolve(code) }) })
  const ready = await new Promise<{ multiaddr: string, url: string }>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.once('line', (line) => { resolve(JSON.parse(line) as { multiaddr: string, url: string }) })
    void exited.then((code) => { reject(new Error(`test node exited with ${String(code)} before it was ready: ${err}`)) })
  })
  return {
    child,
    ...ready,
    stderr: () => err,
    exited,
    waitForLog: async (re) => {
      const line = err.split('\n').find((l) => re.test(l))
      if (line !== undefined) return line
      return await new Promise((resolve) => waiters.push({ re, resolve }))
    },
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
      await exited
    }
  }
}
