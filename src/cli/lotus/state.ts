/**
 * `lotus state` (Lotus `cli/state.go`): get-actor (alias actor), lookup, wait-msg,
 * network-version here; the storage actors' readers in state-miner, state-sectors, state-market
 * and state-list. `--tipset` picks the state to read, as in Lotus.
 */
import { Command } from 'commander'
import { InvalidInputError } from '../../core/errors.js'
import type { ChainEpoch } from '../../core/types.js'
import { formatFil } from '../../core/token/index.js'
import { builtinActorCodeName } from '../../chain/actors/index.js'
import { goDurationToMs } from '../../repo/index.js'
import { routeTo } from '../routing.js'
import { addressArg, cidArg, goCidList, loadTipSet, out, withFullNode } from './full-api.js'
import { addListStateCommands } from './state-list.js'
import { addMarketStateCommands } from './state-market.js'
import { addMinerStateCommands } from './state-miner.js'
import { addSectorStateCommands } from './state-sectors.js'

/** Lotus `build.MessageConfidence`. */
const MessageConfidence = 5
/** Lotus `api.LookbackNoLimit`. */
const LookbackNoLimit = -1 as ChainEpoch

export function stateCommand (): Command {
  const state = routeTo(new Command('state').description('Interact with and query filecoin chain state'), 'full')
    .option('--tipset <tipset>', 'specify tipset to call method on (pass comma separated array of cids)')
  const tipsetOf = (cmd: Command): string | undefined => cmd.optsWithGlobals<{ tipset?: string }>().tipset

  state.command('get-actor')
    .alias('actor')
    .description('Print actor information')
    .argument('[actorAddress]')
    .action(async (addrText: string | undefined, _o: unknown, cmd: Command) => {
      if (addrText === undefined) throw new InvalidInputError('ERR_MISSING_ARGUMENT', 'must pass address of actor to get')
      const addr = addressArg(addrText, 'actorAddress')
      await withFullNode(cmd, async (api) => {
        const ts = await loadTipSet(api, tipsetOf(cmd))
        const a = await api.StateGetActor(addr, ts.key)
        const name = builtinActorCodeName(a.Code)
        let text = `Address:\t${addr.toString()}\n`
        text += `Balance:\t${formatFil(a.Balance)}\n`
        text += `Nonce:\t\t${a.Nonce}\n`
        text += `Code:\t\t${a.Code.toString()} (${name === null ? '<unknown>' : `fil/${name.version}/${name.name}`})\n`
        text += `Head:\t\t${a.Head.toString()}\n`
        if (a.DelegatedAddress !== null) text += `Delegated address:\t\t${a.DelegatedAddress.toString()}\n`
        out(cmd, text)
      })
    })

  state.command('lookup')
    .description('Find corresponding ID address')
    .argument('[address]')
    .option('-r, --reverse', 'Perform reverse lookup')
    .action(async (addrText: string | undefined, opts: { reverse?: boolean }, cmd: Command) => {
      if (addrText === undefined) throw new InvalidInputError('ERR_MISSING_ARGUMENT', 'must pass address of actor to get')
      const addr = addressArg(addrText, 'address')
      await withFullNode(cmd, async (api) => {
        const ts = await loadTipSet(api, tipsetOf(cmd))
        const a = opts.reverse === true ? await api.StateAccountKey(addr, ts.key) : await api.StateLookupID(addr, ts.key)
        out(cmd, `${a.toString()}\n`)
      })
    })

  state.command('wait-msg')
    .alias('wait-message')
    .description('Wait for a message to appear on chain')
    .argument('[messageCid]')
    .option('--timeout <duration>', 'how long to wait', '10m')
    .action(async (cidText: string | undefined, opts: { timeout: string }, cmd: Command) => {
      if (cidText === undefined) throw new InvalidInputError('ERR_MISSING_ARGUMENT', 'must specify message cid to wait for')
      const c = cidArg(cidText, 'messageCid')
      const timeoutMs = durationFlag(opts.timeout)
      await withFullNode(cmd, async (api) => {
        const signal = AbortSignal.timeout(timeoutMs)
        let mw
        try {
          mw = await api.StateWaitMsg(c, MessageConfidence, LookbackNoLimit, true, { signal })
        } catch (err) {
          if (signal.aborted) throw new Error(`timed out after ${opts.timeout} waiting for message ${c.toString()}`, { cause: err })
          throw err
        }
        if (mw === null) {
          out(cmd, 'message was not found on chain\n')
          return
        }
        let text = ''
        if (!mw.Message.equals(c)) text += `Message was replaced: ${mw.Message.toString()}\n`
        const ts = await api.ChainGetTipSet(mw.TipSet)
        text += `Executed in tipset: ${goCidList(ts.cids)}\n`
        text += `Exit Code: ${mw.Receipt.ExitCode}\n`
        text += `Gas Used: ${mw.Receipt.GasUsed}\n`
        text += `Return: ${Buffer.from(mw.Receipt.Return).toString('hex')}\n`
        out(cmd, text)
      })
    })

  state.command('network-version')
    .description('Returns the network version')
    .action(async (_o: unknown, cmd: Command) => {
      if (cmd.args.length > 0) throw new InvalidInputError('ERR_ARGS', "doesn't expect any arguments")
      await withFullNode(cmd, async (api) => {
        const ts = await loadTipSet(api, tipsetOf(cmd))
        out(cmd, `Network Version: ${await api.StateNetworkVersion(ts.key)}\n`)
      })
    })

  addMinerStateCommands(state)
  addSectorStateCommands(state)
  addMarketStateCommands(state)
  addListStateCommands(state)
  return state
}

function durationFlag (text: string): number {
  try {
    return goDurationToMs(text)
  } catch (err) {
    throw new InvalidInputError('ERR_INVALID_DURATION', `invalid duration ${JSON.stringify(text)}: ${(err as Error).message}`, { value: text, source: '--timeout' })
  }
}
