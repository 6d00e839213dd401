/**
 * `lotus mpool pending` (Lotus `cli/mpool.go`): the node's pending messages as indented JSON,
 * or only their CIDs, filtered by local wallet addresses, sender or recipient.
 */
import { Command } from 'commander'
import type { Address } from '../../core/address/index.js'
import { signedMessageJson } from '../../core/lotus-json/index.js'
import { signedMessageCid } from '../../core/message/index.js'
import { TipSetKey } from '../../chain/types/index.js'
import { routeTo } from '../routing.js'
import { addressArg, goJson, out, withFullNode } from './full-api.js'

export function mpoolCommand (): Command {
  const mpool = routeTo(new Command('mpool').description('Manage message pool'), 'full')

  mpool.command('pending')
    .description('Get pending messages')
    .option('--local', 'print pending messages for addresses in local wallet only')
    .option('--cids', 'only print cids of messages in output')
    .option('--to <address>', 'return messages to a given address')
    .option('--from <address>', 'return messages from a given address')
    .action(async (opts: { local?: boolean, cids?: boolean, to?: string, from?: string }, cmd: Command) => {
      const to: Address | undefined = opts.to !== undefined ? addressArg(opts.to, `given 'to' address "${opts.to}" was invalid`) : undefined
      const from: Address | undefined = opts.from !== undefined ? addressArg(opts.from, `given 'from' address "${opts.from}" was invalid`) : undefined
      await withFullNode(cmd, async (api) => {
        const local = opts.local === true ? new Set((await api.WalletList()).map((a) => a.toString())) : undefined
        const msgs = await api.MpoolPending(TipSetKey.empty)
        let text = ''
        for (const m of msgs) {
          if (local !== undefined && !local.has(m.Message.From.toString())) continue
          if (to !== undefined && m.Message.To.toString() !== to.toString()) continue
          if (from !== undefined && m.Message.From.toString() !== from.toString()) continue
          text += opts.cids === true ? `${signedMessageCid(m).toString()}\n` : goJson(signedMessageJson.toJson(m))
        }
        out(cmd, text)
      })
    })

  return mpool
}
