import { Command } from 'commander'
import { CommonContract } from '../../api/index.js'
import { InvalidInputError, NelumboError } from '../../core/errors.js'
import { goDurationToMs } from '../../repo/index.js'
import { RpcTransportError } from '../../rpc/index.js'
import { withNodeApi } from '../node-api.js'
import { programInfo, routeTo } from '../routing.js'

const RETRY_MS = 1000

/**
 * `wait-api [--timeout 30s]` (Lotus `cli/wait.go`): retries once a second until the node
 * answers `Version`. An endpoint that cannot be resolved or dialled yet is "not online yet";
 * an error the node itself returns ends the wait at once.
 */
export function waitApiCommand (): Command {
  return routeTo(new Command('wait-api').description('Wait for lotus api to come online'), 'common')
    .option('--timeout <duration>', 'duration to wait till fail', '30s')
    .action(async (opts: { timeout: string }, cmd: Command) => {
      const { io } = programInfo(cmd)
      const timeoutMs = parseTimeout(opts.timeout)
      const deadline = Date.now() + timeoutMs
      for (;;) {
        try {
          await withNodeApi(cmd, CommonContract, async (api) => await api.Version())
          return
        } catch (err) {
          if (!notOnlineYet(err)) throw err
          io.stdout(`Not online yet... (${(err as Error).message})\n`)
        }
        const left = deadline - Date.now()
        if (left <= 0) break
        await io.sleep(Math.min(RETRY_MS, left))
        if (Date.now() >= deadline) break
      }
      throw new NelumboError('ERR_WAIT_API_TIMEOUT', 'timed out waiting for api to come online')
    })
}

function notOnlineYet (err: unknown): boolean {
  if (err instanceof RpcTransportError) return true
  // Endpoint resolution failures (no api file yet, repo not created yet) are retried too.
  return err instanceof NelumboError && err.code === 'ERR_API_ENDPOINT'
}

function parseTimeout (text: string): number {
  try {
    return goDurationToMs(text)
  } catch (err) {
    throw new InvalidInputError('ERR_INVALID_DURATION', `invalid duration ${JSON.stringify(text)}: ${(err as Error).message}`,
      { value: text, source: '--timeout' })
  }
}
