/**
 * `lotus state list-actors` and `list-miners` (Lotus v1.20 `cli/state.go`), at `--tipset` (the
 * head when unset).
 */
import type { Command } from 'commander'
import { InvalidInputError } from '../../core/errors.js'
import { TipSetKey } from '../../chain/types/index.js'
import { type FullNodeApi, out, withFullNode } from './full-api.js'
import { stateTipSet } from './state-args.js'

/** How many miners `--sort-by num-deals` prints, as in Lotus. */
const TopMiners = 50

export function addListStateCommands (state: Command): void {
  state.command('list-actors')
    .description('list all actors in the network')
    .action(async (_o: unknown, cmd: Command) => {
      await withFullNode(cmd, async (api) => {
        const actors = await api.StateListActors((await stateTipSet(api, cmd)).key)
        out(cmd, actors.map((a) => `${a.toString()}\n`).join(''))
      })
    })

  state.command('list-miners')
    .description('list all miners in the network')
    .option('--sort-by <criteria>', 'criteria to sort miners by (none, num-deals)')
    .action(async (opts: { sortBy?: string }, cmd: Command) => {
      const sortBy = opts.sortBy ?? ''
      if (!['', 'none', 'num-deals'].includes(sortBy)) {
        throw new InvalidInputError('ERR_INVALID_FLAG', `unrecognized sorting order ${JSON.stringify(sortBy)} (want none or num-deals)`, { value: sortBy, source: '--sort-by' })
      }
      await withFullNode(cmd, async (api) => {
        const miners = await api.StateListMiners((await stateTipSet(api, cmd)).key)
        if (sortBy !== 'num-deals') {
          out(cmd, miners.map((m) => `${m.toString()}\n`).join(''))
          return
        }
        const counts = await activeDealCounts(api)
        const count = (m: { toString: () => string }): number => counts.get(m.toString()) ?? 0
        const top = [...miners].sort((a, b) => count(b) - count(a)).slice(0, TopMiners)
        out(cmd, top.map((m) => `${m.toString()} ${count(m)}\n`).join(''))
      })
    })
}

/** Deals in a sector per provider, at the head as Lotus counts them (whatever `--tipset` says). */
async function activeDealCounts (api: FullNodeApi): Promise<Map<string, number>> {
  const counts = new Map<string, number>()
  for (const d of Object.values(await api.StateMarketDeals(TipSetKey.empty))) {
    if (d.State.SectorStartEpoch === -1) continue
    const p = d.Proposal.Provider.toString()
    counts.set(p, (counts.get(p) ?? 0) + 1)
  }
  return counts
}
