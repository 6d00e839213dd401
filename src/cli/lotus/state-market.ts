/**
 * `lotus state` over the market actor (Lotus v1.20 `cli/state.go`): market balance, get-deal.
 * Each reads the state of `--tipset` (the head when unset).
 */
import { Command } from 'commander'
import { MarketDeal } from '../../api/fullnode/types/market.js'
import { formatFil } from '../../core/token/index.js'
import { dealId } from '../../core/types.js'
import { addressArg, goJson, out, withFullNode } from './full-api.js'
import { requireArg, stateTipSet, uintArg } from './state-args.js'

export function addMarketStateCommands (state: Command): void {
  const market = new Command('market').description('Inspect the storage market actor')
  market.command('balance')
    .description('Get the market balance (locked and escrowed) for a given account')
    .argument('[address]')
    .action(async (addrText: string | undefined, _o: unknown, cmd: Command) => {
      const addr = addressArg(requireArg(addrText, 'must specify address to print market balance for'), 'address')
      await withFullNode(cmd, async (api) => {
        const balance = await api.StateMarketBalance(addr, (await stateTipSet(api, cmd)).key)
        out(cmd, `Escrow: ${formatFil(balance.Escrow)}\nLocked: ${formatFil(balance.Locked)}\n`)
      })
    })
  state.addCommand(market)

  state.command('get-deal')
    .description('View on-chain deal info')
    .argument('[dealId]')
    .action(async (idText: string | undefined, _o: unknown, cmd: Command) => {
      const id = dealId(uintArg(requireArg(idText, 'must specify deal ID'), 'deal ID', 'dealId'), 'dealId')
      await withFullNode(cmd, async (api) => {
        const deal = await api.StateMarketStorageDeal(id, (await stateTipSet(api, cmd)).key)
        out(cmd, goJson(MarketDeal.toJson(deal)))
      })
    })
}
