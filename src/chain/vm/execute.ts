import type { Address } from '../../core/address/index.js'
import type { CID } from '../../core/cid.js'
import { encodeCbor } from '../../core/cbor/index.js'
import { BufferedBlockstore, type Blockstore } from '../../core/ipld/index.js'
import type { Message, SignedMessage } from '../../core/message/index.js'
import type { ChainEpoch, MethodNum, TokenAmount } from '../../core/types.js'
import { CronActorAddr, RewardActorAddr, SystemActorAddr } from '../actors/builtin/addresses.js'
import { CronMethods } from '../actors/builtin/cron/actor.js'
import { awardBlockRewardParamsCbor, RewardMethods } from '../actors/builtin/reward/actor.js'
import { BlockGasLimit } from '../gas/index.js'
import { StateTree } from '../state/index.js'
import { putAmt0 } from '../types/amt0.js'
import { applyImplicitMessage, applyMessage, chainMessageCid, vmMessage, type ApplyRet, type ChainMessage } from './apply.js'
import type { VmContext } from './context.js'
import { VmFatalError } from './errors.js'
import { ExitCode } from './exitcode.js'
import { messageReceiptCbor, type MessageReceipt } from './receipt.js'

/** One block of the tipset: its miner, election wins and messages (Lotus `FilecoinBlockMessages`). */
export interface TipsetBlock {
  miner: Address
  winCount: number
  blsMessages: Message[]
  secpMessages: SignedMessage[]
}

export interface ApplyTipsetParams {
  /** Where the parent state lives and the new state is written (only what the new root reaches). */
  store: Blockstore
  parentStateRoot: CID
  parentEpoch: ChainEpoch
  epoch: ChainEpoch
  blocks: TipsetBlock[]
  /** The tipset's base fee (the parent's ParentBaseFee successor, see computeNextBaseFee). */
  baseFee: TokenAmount
  /** Everything else the VM needs, per epoch (cron for a null round runs at that round's epoch). */
  vm: (epoch: ChainEpoch) => Omit<VmContext, 'epoch' | 'baseFee'>
  /** Called for each applied message, implicit ones included, in order. */
  onMessageApplied?: (cid: CID, message: Message, ret: ApplyRet, implicit: boolean) => void
}

export interface ApplyTipsetResult {
  stateRoot: CID
  /** Root of the v0 AMT of receipts, one per applied message (the next blocks' ParentMessageReceipts). */
  receiptsRoot: CID
  receipts: MessageReceipt[]
  /** Gas used by the tipset's messages (cron and rewards excluded). */
  gasUsed: bigint
}

/** The system's per-epoch messages use the epoch as nonce, as Lotus does. */
function implicitMessage (to: Address, method: MethodNum, params: Uint8Array, epoch: ChainEpoch, gasLimit: bigint): Message {
  return {
    Version: 0,
    To: to,
    From: SystemActorAddr,
    Nonce: BigInt(epoch),
    Value: 0n as TokenAmount,
    GasLimit: gasLimit,
    GasFeeCap: 0n as TokenAmount,
    GasPremium: 0n as TokenAmount,
    Method: method,
    Params: params
  }
}

/**
 * Executes a tipset on its parent state, as Lotus `ApplyBlocks`: cron for each null round
 * between the parent and this epoch, then each block's messages in order (BLS then secp256k1,
 * a message already applied from an earlier block skipped), the block reward for each block's
 * miner with its gas tips, and cron for this epoch. Deterministic: the same inputs give the
 * same roots. Throws VmFatalError if cron or a reward fails, InvalidMessageError for a message
 * no block may hold.
 */
export async function applyTipset (p: ApplyTipsetParams): Promise<ApplyTipsetResult> {
  const buffer = new BufferedBlockstore(p.store)
  let root = p.parentStateRoot

  const runCron = async (tree: StateTree, vm: VmContext): Promise<void> => {
    const msg = implicitMessage(CronActorAddr, BigInt(CronMethods.EpochTick) as MethodNum, new Uint8Array(0), vm.epoch, BlockGasLimit * 10_000n)
    const ret = await applyImplicitMessage(tree, msg, vm)
    if (ret.receipt.ExitCode !== ExitCode.Ok) throw new VmFatalError(`cron failed at epoch ${vm.epoch}: ${ret.error ?? ''}`)
    p.onMessageApplied?.(ret.cid, msg, ret, true)
  }

  for (let e = p.parentEpoch + 1; e < p.epoch; e++) {
    const epoch = e as ChainEpoch
    const tree = await StateTree.load(buffer, root)
    await runCron(tree, { ...p.vm(epoch), epoch, baseFee: p.baseFee })
    root = await tree.flush()
  }

  const vm: VmContext = { ...p.vm(p.epoch), epoch: p.epoch, baseFee: p.baseFee }
  const tree = await StateTree.load(buffer, root)
  const receipts: MessageReceipt[] = []
  const applied = new Set<string>()
  let gasUsed = 0n
  for (const block of p.blocks) {
    let gasReward = 0n
    let penalty = 0n
    const messages: ChainMessage[] = [...block.blsMessages, ...block.secpMessages]
    for (const m of messages) {
      // Lotus dedupes by the unsigned message's CID, so a BLS and a secp copy count as one.
      const key = chainMessageCid(vmMessage(m)).toString()
      if (applied.has(key)) continue
      const ret = await applyMessage(tree, m, vm)
      receipts.push(ret.receipt)
      gasUsed += ret.receipt.GasUsed
      gasReward += ret.gasCosts.MinerTip
      penalty += ret.gasCosts.MinerPenalty
      applied.add(key)
      p.onMessageApplied?.(ret.cid, vmMessage(m), ret, false)
    }
    const params = encodeCbor(awardBlockRewardParamsCbor, {
      Miner: block.miner,
      Penalty: penalty as TokenAmount,
      GasReward: gasReward as TokenAmount,
      WinCount: BigInt(block.winCount)
    })
    const msg = implicitMessage(RewardActorAddr, BigInt(RewardMethods.AwardBlockReward) as MethodNum, params, p.epoch, 1n << 30n)
    const ret = await applyImplicitMessage(tree, msg, vm)
    if (ret.receipt.ExitCode !== ExitCode.Ok) {
      throw new VmFatalError(`reward application for miner ${block.miner.toString()} failed at epoch ${p.epoch}: ${ret.error ?? ''}`)
    }
    p.onMessageApplied?.(ret.cid, msg, ret, true)
  }
  await runCron(tree, vm)

  const stateRoot = await tree.flush()
  await buffer.flush(stateRoot)
  const receiptsRoot = await putAmt0(p.store, receipts.map((r) => messageReceiptCbor.toCbor(r)))
  return { stateRoot, receiptsRoot, receipts, gasUsed }
}
