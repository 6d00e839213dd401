/**
 * `lotus chain` (Lotus `cli/chain.go`): head, getblock, getmessage, list.
 */
import { Command } from 'commander'
import { InvalidInputError } from '../../core/errors.js'
import { messageJson, signedMessageJson } from '../../core/lotus-json/index.js'
import { decodeMessage, decodeSignedMessage } from '../../core/message/index.js'
import type { ChainEpoch } from '../../core/types.js'
import { blockHeaderJson, TipSetKey, type TipSet } from '../../chain/types/index.js'
import { messageReceiptJson } from '../../chain/vm/receipt.js'
import { routeTo } from '../routing.js'
import { cidArg, goJson, out, withFullNode } from './full-api.js'

export function chainCommand (): Command {
  const chain = routeTo(new Command('chain').description('Interact with filecoin blockchain'), 'full')

  chain.command('head')
    .description('Print chain head')
    .option('--height', 'print just the epoch number of the chain head')
    .action(async (opts: { height?: boolean }, cmd: Command) => {
      await withFullNode(cmd, async (api) => {
        const head = await api.ChainHead()
        out(cmd, opts.height === true ? `${head.height}\n` : head.cids.map((c) => `${c.toString()}\n`).join(''))
      })
    })

  chain.command('get-block')
    .alias('getblock')
    .description('Get a block and print its details')
    .argument('[blockCid]')
    .option('--raw', 'print just the raw block header')
    .action(async (cidText: string | undefined, opts: { raw?: boolean }, cmd: Command) => {
      if (cidText === undefined) throw new InvalidInputError('ERR_MISSING_ARGUMENT', 'must pass cid of block to print')
      const bcid = cidArg(cidText, 'blockCid')
      await withFullNode(cmd, async (api) => {
        const blk = await api.ChainGetBlock(bcid)
        const header = blockHeaderJson.toJson(blk) as Record<string, unknown>
        if (opts.raw === true) {
          out(cmd, goJson(header))
          return
        }
        const msgs = await api.ChainGetBlockMessages(bcid)
        const pmsgs = await api.ChainGetParentMessages(bcid)
        const recpts = await api.ChainGetParentReceipts(bcid)
        out(cmd, goJson({
          ...header,
          BlsMessages: msgs.BlsMessages.map((m) => messageJson.toJson(m)),
          SecpkMessages: msgs.SecpkMessages.map((m) => signedMessageJson.toJson(m)),
          ParentReceipts: recpts.map((r) => messageReceiptJson.toJson(r)),
          ParentMessages: pmsgs.length === 0 ? null : pmsgs.map((m) => ({ '/': m.Cid.toString() }))
        }))
      })
    })

  chain.command('getmessage')
    .aliases(['get-message', 'get-msg'])
    .description('Get and print a message by its cid')
    .argument('[messageCid]')
    .action(async (cidText: string | undefined, _o: unknown, cmd: Command) => {
      if (cidText === undefined) throw new InvalidInputError('ERR_MISSING_ARGUMENT', 'must pass a cid of a message to get')
      const c = cidArg(cidText, 'failed to parse cid input')
      await withFullNode(cmd, async (api) => {
        let bytes: Uint8Array
        try {
          bytes = await api.ChainReadObj(c)
        } catch (err) {
          throw new Error(`failed to read object: ${(err as Error).message}`, { cause: err })
        }
        out(cmd, goJson(decodeAnyMessage(bytes)))
      })
    })

  chain.command('list')
    .alias('love')
    .description('View a segment of the chain')
    .option('--height <epoch>', 'the height to start from (default: current head)')
    .option('--count <n>', 'how many tipsets', '30')
    .option('--format <format>', 'specify the format to print out tipsets', '<height>: (<time>) <blocks>')
    .action(async (opts: { height?: string, count: string, format: string }, cmd: Command) => {
      const count = Number(opts.count)
      if (!Number.isInteger(count)) throw new InvalidInputError('ERR_INVALID_FLAG', `expected an integer, got ${JSON.stringify(opts.count)}`, { source: '--count' })
      await withFullNode(cmd, async (api) => {
        let head = opts.height !== undefined
          ? await api.ChainGetTipSetByHeight(heightFlag(opts.height) as ChainEpoch, TipSetKey.empty)
          : await api.ChainHead()
        if (count < 1) return
        const tss: TipSet[] = [head]
        for (let i = 1; i < count && head.height > 0; i++) {
          head = await api.ChainGetTipSet(head.parents)
          tss.push(head)
        }
        out(cmd, tss.reverse().map((ts) => `${formatTipSet(opts.format, ts)}\n`).join(''))
      })
    })

  return chain
}

function heightFlag (text: string): number {
  if (!/^\d+$/.test(text)) throw new InvalidInputError('ERR_INVALID_FLAG', `expected an epoch, got ${JSON.stringify(text)}`, { value: text, source: '--height' })
  return Number(text)
}

function decodeAnyMessage (bytes: Uint8Array): unknown {
  try {
    return messageJson.toJson(decodeMessage(bytes))
  } catch {
    try {
      return signedMessageJson.toJson(decodeSignedMessage(bytes))
    } catch (err) {
      throw new Error(`failed to decode object as a message: ${(err as Error).message}`, { cause: err })
    }
  }
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

/** Go's `time.Stamp` layout in local time: `Jan _2 15:04:05`. */
function goStamp (unixSeconds: number): string {
  const d = new Date(unixSeconds * 1000)
  const p = (n: number): string => n.toString().padStart(2, '0')
  return `${MONTHS[d.getMonth()]!} ${d.getDate().toString().padStart(2, ' ')} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`
}

/** Lotus `printTipSet`: `<height>`, `<time>`, `<blocks>`, `<tipset>`, `<weight>` placeholders. */
export function formatTipSet (format: string, ts: TipSet): string {
  const blocks = `[ ${ts.blocks.map((b, i) => `${ts.cids[i]!.toString()}: ${b.Miner.toString()},`).join('')} ]`
  return format
    .replaceAll('<height>', String(ts.height))
    .replaceAll('<time>', goStamp(ts.minTimestamp))
    .replaceAll('<tipset>', ts.cids.map((c) => c.toString()).join(','))
    .replaceAll('<blocks>', blocks)
    .replaceAll('<weight>', ts.parentWeight.toString())
}
