import { Command } from 'commander'
import { CommonContract } from '../../api/index.js'
import { withNodeApi } from '../node-api.js'
import { routeTo } from '../routing.js'

/**
 * `stop` (lotus-miner) and `daemon stop` (lotus): calls `Shutdown` and prints nothing.
 * `usage` is Lotus's wording for the binary.
 */
export function stopCommand (usage: string): Command {
  return routeTo(new Command('stop').description(usage), 'common')
    .action(async (_opts: unknown, cmd: Command) => {
      await withNodeApi(cmd, CommonContract, async (api) => { await api.Shutdown() })
    })
}
