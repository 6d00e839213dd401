import { type ChildProcess, spawn } from 'node:child_process'
import { once } from 'node:events'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'

const SCRIPT = fileURLToPath(new URL('../../kit/rpc-test-server.js', import.meta.url))

export interface ChildServer {
  url: string
  port: number
  child: ChildProcess
  /** Stops the child (SIGTERM: graceful; SIGKILL: a crash) and waits for it to exit. */
  stop: (signal?: NodeJS.Signals) => Promise<void>
}

/** Spawns the compiled test server and waits for the address line it prints. */
export async function spawnRpcTestServer (secret: Uint8Array, port = 0): Promise<ChildServer> {
  const child = spawn(process.execPath, [SCRIPT, '--port', String(port)], {
    env: { ...process.env, RPC_TEST_SECRET: Buffer.from(secret).toString('hex') },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  const exited = once(child, 'exit')
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
  const first = await Promise.race([
    once(lines, 'line').then(([line]) => line as string),
    exited.then(([code]) => { throw new Error(`test server exited with ${String(code)} before listening`) })
  ])
  lines.close()
  const { url } = JSON.parse(first) as { url: string }
  return {
    url,
    port: Number(new URL(url).port),
    child,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal)
      await exited
    }
  }
}
