/**
 * `lotus-miner actor control set`, `actor propose-change-worker` and `actor confirm-change-worker`
 * (Lotus v1.20 `cmd/lotus-miner/actor.go`). All three are owner messages to the miner actor:
 * ChangeWorkerAddress with the same worker and a new control list, ChangeWorkerAddress with a new
 * worker (effective after the network's WorkerKeyChangeDelay), then ConfirmChangeWorkerAddress
 * once that epoch has come. Without --really-do-it they only print what they would do.
 */
import type { Command } from 'commander'
import { type Address, parseAddress } from '../../core/address/index.js'
import { encodeCbor } from '../../core/cbor/index.js'
import { NelumboError } from '../../core/errors.js'
import { signedMessageCid } from '../../core/message/index.js'
import { changeWorkerAddressParamsCbor, MinerMethods } from '../../chain/actors/builtin/miner/types.js'
import { TipSetKey } from '../../chain/types/index.js'
import { withFullNode } from '../lotus/full-api.js'
import { actorMessage, waitMsg } from './actor-send.js'
import { actorAddress, print, withMiner } from './miner-api.js'

const REALLY = 'Actually send transaction performing the action'
const PASS_REALLY = 'Pass --really-do-it to actually execute this action\n'

interface ReallyFlags { reallyDoIt?: boolean }

/** Go prints an unset address (`address.Undef`) as `<empty>`. */
const show = (a: Address | null): string => a === null ? '<empty>' : a.toString()

export function addControlSetCommand (control: Command): void {
  control.command('set').description('Set control address(-es)')
    .argument('[address...]')
    .option('--really-do-it', REALLY)
    .action(async (args: string[], flags: ReallyFlags, cmd: Command) => {
      await withMiner(cmd, async (miner) => {
        await withFullNode(cmd, async (full) => {
          const maddr = await actorAddress(cmd, miner)
          const mi = await full.StateMinerInfo(maddr, TipSetKey.empty)
          const existing = await Promise.all(mi.ControlAddresses.map(async (a) => await full.StateAccountKey(a, TipSetKey.empty)))
          const toSet: Address[] = []
          for (const [i, text] of args.entries()) {
            let a: Address
            try {
              a = parseAddress(text, `address ${i}`)
            } catch (err) {
              throw new NelumboError('ERR_INVALID_ARGS', `parsing address ${i}: ${(err as Error).message}`, { cause: err })
            }
            const ka = await full.StateAccountKey(a, TipSetKey.empty)
            // The address must exist on chain.
            await full.StateLookupID(ka, TipSetKey.empty).catch((err: unknown) => {
              throw new NelumboError('ERR_NOT_FOUND', `looking up ${ka.toString()}: ${(err as Error).message}`, { cause: err })
            })
            toSet.push(ka)
          }
          const has = (list: Address[], a: Address): boolean => list.some((b) => b.equals(a))
          let text = ''
          for (const a of existing) if (!has(toSet, a)) text += `Remove ${a.toString()}\n`
          for (const a of toSet) if (!has(existing, a)) text += `Add ${a.toString()}\n`
          if (flags.reallyDoIt !== true) {
            print(cmd, text + PASS_REALLY)
            return
          }
          print(cmd, text)
          const params = encodeCbor(changeWorkerAddressParamsCbor, { NewWorker: mi.Worker, NewControlAddrs: toSet })
          const smsg = await full.MpoolPushMessage(actorMessage(mi.Owner, maddr, MinerMethods.ChangeWorkerAddress, params), null)
          print(cmd, `Message CID: ${signedMessageCid(smsg).toString()}\n`)
        })
      })
    })
}

export function addChangeWorkerCommands (actor: Command): void {
  actor.command('propose-change-worker').description('Propose a worker address change')
    .argument('[address]')
    .option('--really-do-it', REALLY)
    .action(async (arg: string | undefined, flags: ReallyFlags, cmd: Command) => {
      if (arg === undefined) throw new NelumboError('ERR_ARGS', 'must pass address of new worker address')
      await withMiner(cmd, async (miner) => {
        await withFullNode(cmd, async (full) => {
          const na = parseAddress(arg, 'address')
          const newAddr = await full.StateLookupID(na, TipSetKey.empty)
          const maddr = await actorAddress(cmd, miner)
          const mi = await full.StateMinerInfo(maddr, TipSetKey.empty)
          if (mi.NewWorker === null) {
            if (mi.Worker.equals(newAddr)) throw new NelumboError('ERR_NO_CHANGE', `worker address already set to ${na.toString()}`)
          } else if (mi.NewWorker.equals(newAddr)) {
            throw new NelumboError('ERR_NO_CHANGE', `change to worker address ${na.toString()} already pending`)
          }
          if (flags.reallyDoIt !== true) {
            print(cmd, PASS_REALLY)
            return
          }
          const params = encodeCbor(changeWorkerAddressParamsCbor, { NewWorker: newAddr, NewControlAddrs: mi.ControlAddresses })
          const smsg = await full.MpoolPushMessage(actorMessage(mi.Owner, maddr, MinerMethods.ChangeWorkerAddress, params), null)
          print(cmd, `Propose Message CID: ${signedMessageCid(smsg).toString()}\n`)
          const wait = await waitMsg(full, signedMessageCid(smsg))
          if (Number(wait.Receipt.ExitCode) !== 0) throw new NelumboError('ERR_MESSAGE_FAILED', 'propose worker change failed')
          const after = await full.StateMinerInfo(maddr, wait.TipSet)
          if (after.NewWorker === null || !after.NewWorker.equals(newAddr)) {
            throw new NelumboError('ERR_NOT_ON_CHAIN', `Proposed worker address change not reflected on chain: expected '${na.toString()}', found '${show(after.NewWorker)}'`)
          }
          print(cmd, `Worker key change to ${na.toString()} successfully sent, change happens at height ${after.WorkerChangeEpoch}.\n` +
            `If you have no active deadlines, call 'confirm-change-worker' at or after height ${after.WorkerChangeEpoch} to complete.\n`)
        })
      })
    })

  actor.command('confirm-change-worker').description('Confirm a worker address change')
    .argument('[address]')
    .option('--really-do-it', REALLY)
    .action(async (arg: string | undefined, flags: ReallyFlags, cmd: Command) => {
      if (arg === undefined) throw new NelumboError('ERR_ARGS', 'must pass address of new worker address')
      await withMiner(cmd, async (miner) => {
        await withFullNode(cmd, async (full) => {
          const newAddr = await full.StateLookupID(parseAddress(arg, 'address'), TipSetKey.empty)
          const maddr = await actorAddress(cmd, miner)
          const mi = await full.StateMinerInfo(maddr, TipSetKey.empty)
          if (mi.NewWorker === null) throw new NelumboError('ERR_NO_CHANGE', 'no worker key change proposed')
          if (!mi.NewWorker.equals(newAddr)) {
            throw new NelumboError('ERR_NO_CHANGE', `worker key ${newAddr.toString()} does not match current worker key proposal ${mi.NewWorker.toString()}`)
          }
          const head = await full.ChainHead()
          if (head.height < mi.WorkerChangeEpoch) {
            throw new NelumboError('ERR_TOO_EARLY', `worker key change cannot be confirmed until ${mi.WorkerChangeEpoch}, current height is ${head.height}`)
          }
          if (flags.reallyDoIt !== true) {
            print(cmd, PASS_REALLY)
            return
          }
          const smsg = await full.MpoolPushMessage(actorMessage(mi.Owner, maddr, MinerMethods.ConfirmChangeWorkerAddress, new Uint8Array()), null)
          print(cmd, `Confirm Message CID: ${signedMessageCid(smsg).toString()}\n`)
          const wait = await waitMsg(full, signedMessageCid(smsg))
          // Lotus prints this and still exits 0.
          if (Number(wait.Receipt.ExitCode) !== 0) {
            print(cmd, 'Worker change failed!\n')
            return
          }
          const after = await full.StateMinerInfo(maddr, wait.TipSet)
          if (!after.Worker.equals(newAddr)) {
            throw new NelumboError('ERR_NOT_ON_CHAIN', `Confirmed worker address change not reflected on chain: expected '${newAddr.toString()}', found '${after.Worker.toString()}'`)
          }
        })
      })
    })
}
