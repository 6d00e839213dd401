/** Start-up steps every node process shares: signals that stop it, and waiting for the full node to sync. */
import type { Logger } from '../../log/index.js'
import { ShutdownController } from '../shutdown.js'
import { type FullNodeConnection, waitForSync } from './full-node.js'
import type { StopStack } from './stop-stack.js'

/** A shutdown controller, bound to SIGINT/SIGTERM unless `bindSignals` is false (tests). */
export function processShutdown (stack: StopStack, bindSignals: boolean | undefined): ShutdownController {
  const shutdown = new ShutdownController()
  if (bindSignals !== false) {
    shutdown.bindSignals()
    stack.push({ name: 'signals', stop: () => { shutdown.unbindSignals() } })
  }
  return shutdown
}

/** Waits for the full node to be in sync (Lotus's start-up check), unless `--nosync`; a shutdown ends the wait. */
export async function syncUnlessNosync (full: FullNodeConnection, shutdown: ShutdownController, log: Logger, nosync: boolean | undefined): Promise<void> {
  if (nosync === true) return
  const abort = new AbortController()
  void shutdown.requested.then(() => { abort.abort() })
  await waitForSync(full.api, full.blockDelaySecs, log, abort.signal)
}
