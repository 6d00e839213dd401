/**
 * `lotus-miner actor withdraw` and `actor repay-debt` (Lotus v1.20 `cmd/lotus-miner/actor.go`).
 * withdraw asks the mining node to send WithdrawBalance (ActorWithdrawBalance, from the owner, or
 * BeneficiaryWithdrawBalance) and waits for it, printing what the actor paid out. repay-debt sends
 * the fee debt (or the amount given) with RepayDebt from the worker or another controller.
 */
import type { Command } from 'commander'
import { parseAddress, type Address } from '../../core/address/index.js'
import { decodeCbor } from '../../core/cbor/index.js'
import { NelumboError } from '../../core/errors.js'
import { signedMessageCid } from '../../core/message/index.js'
import { formatFil } from '../../core/token/index.js'
import type { TokenAmount } from '../../core/types.js'
import type { MinerInfo } from '../../api/fullnode/types/miner.js'
import { MinerMethods, withdrawBalanceReturnCbor } from '../../chain/actors/builtin/miner/types.js'
import { minerStateCbor } from '../../chain/actors/builtin/miner/state.js'
import { TipSetKey } from '../../chain/types/index.js'
import { exitCodeName } from '../../chain/vm/exitcode.js'
import { type FullNodeApi, withFullNode } from '../lotus/full-api.js'
import { actorMessage, amountArg, MessageConfidence, waitMsg } from './actor-send.js'
import { actorAddress, print, withMiner } from './miner-api.js'

/** The network version from which WithdrawBalance returns the amount withdrawn. */
const Version14 = 14

export function addActorMoneyCommands (actor: Command): void {
  actor.command('withdraw')
    .description('withdraw available balance to beneficiary')
    .argument('[amount]', 'amount (FIL)')
    .option('--confidence <n>', 'number of block confirmations to wait for', String(MessageConfidence))
    .option('--beneficiary', 'send withdraw message from the beneficiary address')
    .action(async (amountText: string | undefined, flags: { confidence: string, beneficiary?: boolean }, cmd: Command) => {
      const amount = amountText === undefined ? 0n as TokenAmount : amountArg(amountText)
      if (!/^\d+$/.test(flags.confidence)) throw new NelumboError('ERR_INVALID_ARGS', `--confidence: "${flags.confidence}" is not a non-negative integer`)
      await withMiner(cmd, async (miner) => {
        await withFullNode(cmd, async (full) => {
          const res = flags.beneficiary === true ? await miner.BeneficiaryWithdrawBalance(amount) : await miner.ActorWithdrawBalance(amount)
          print(cmd, `Requested withdrawal in message ${res.toString()}\nwaiting for it to be included in a block..\n`)
          const wait = await waitMsg(full, res, Number(flags.confidence)).catch((err: unknown) => {
            throw new NelumboError('ERR_TIMEOUT', `Timeout waiting for withdrawal message ${res.toString()}`, { cause: err })
          })
          const code = Number(wait.Receipt.ExitCode)
          if (code !== 0) throw new NelumboError('ERR_MESSAGE_FAILED', `Failed to execute withdrawal message ${wait.Message.toString()}: ${exitCodeName(code)}`)
          if (await full.StateNetworkVersion(wait.TipSet) < Version14) return
          const withdrawn = decodeCbor(withdrawBalanceReturnCbor, wait.Receipt.Return)
          print(cmd, `Successfully withdrew ${formatFil(withdrawn)} \n`)
          if (withdrawn < amount) print(cmd, `Note that this is less than the requested amount of ${formatFil(amount)}\n`)
        })
      })
    })

  actor.command('repay-debt')
    .description("pay down a miner's debt")
    .argument('[amount]', 'amount (FIL)')
    .option('--from <address>', 'optionally specify the account to send funds from')
    .action(async (amountText: string | undefined, flags: { from?: string }, cmd: Command) => {
      await withMiner(cmd, async (miner) => {
        await withFullNode(cmd, async (full) => {
          const maddr = await actorAddress(cmd, miner)
          const mi = await full.StateMinerInfo(maddr, TipSetKey.empty)
          const amount = amountText !== undefined ? amountArg(amountText) : await feeDebt(full, maddr)
          const from = flags.from !== undefined && flags.from !== '' ? parseAddress(flags.from, '--from') : mi.Worker
          const fromId = await full.StateLookupID(from, TipSetKey.empty)
          if (!isController(mi, fromId)) throw new NelumboError('ERR_NOT_CONTROLLER', `sender isn't a controller of miner: ${fromId.toString()}`)
          const smsg = await full.MpoolPushMessage(actorMessage(fromId, maddr, MinerMethods.RepayDebt, new Uint8Array(), amount), null)
          print(cmd, `Sent repay debt message ${signedMessageCid(smsg).toString()}\n`)
        })
      })
    })
}

/** The miner actor's FeeDebt, read from its state object. */
async function feeDebt (full: FullNodeApi, maddr: Address): Promise<TokenAmount> {
  const act = await full.StateGetActor(maddr, TipSetKey.empty)
  return decodeCbor(minerStateCbor, await full.ChainReadObj(act.Head)).FeeDebt
}

/** Lotus `isController`: the owner, the worker or a control address (all ID addresses). */
function isController (mi: MinerInfo, id: Address): boolean {
  return [mi.Owner, mi.Worker, ...mi.ControlAddresses].some((a) => a.equals(id))
}
