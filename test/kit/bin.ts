import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** Absolute path of a compiled CLI entry point (dist/src/cli/bin/<name>.js). */
export function binPath (name: 'lotus' | 'lotus-miner' | 'lotus-seed' | 'lotus-shed'): string {
  return fileURLToPath(new URL(`../../src/cli/bin/${name}.js`, import.meta.url))
}

export interface RunResult { code: number | null, stdout: string, stderr: string }

/** Runs one of our binaries as a real child process and collects its output. */
export async function runBin (
  name: Parameters<typeof binPath>[0],
  args: string[],
  opts: { env?: NodeJS.ProcessEnv, cwd?: string, input?: string } = {}
): Promise<RunResult> {
  const child = spawn(process.execPath, [binPath(name), ...args], {
    env: { ...process.env, ...opts.env },
    cwd: opts.cwd,
    stdio: ['pipe', 'pipe', 'pipe']
  })
  let stdout = ''
  let stderr = ''
  child.stdout.setEncoding('utf8').on('data', (d: string) => { stdout += d })
  child.stderr.setEncoding('utf8').on('data', (d: string) => { stderr += d })
  child.stdin.end(opts.input ?? '')
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  })
  return { code, stdout, stderr }
}
