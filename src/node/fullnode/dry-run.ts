/**
 * Running messages without keeping the result: the message pool's view of the state after the
 * head, gas estimation's `CallWithGas` (the sender's pending messages first, then the message,
 * as a block would run it) and `StateCall` (Lotus `StateManager.Call`: an implicit message on
 * a tipset's state, no nonce or balance checks). Writes go to a buffer over the chain
 * blockstore and are dropped.
 */
import type { Address } from '../../core/address/index.js'
import type { CID } from '../../core/cid.js'
import { BufferedBlockstore } from '../../core/ipld/index.js'
import type { Message, SignedMessage } from '../../core/message/index.js'
import type { ChainEpoch, TokenAmount } from '../../core/types.js'
import type { GasCallResult, MessageExecutor } from '../../chain/gas-estimate/index.js'
import type { MpoolStateView } from '../../chain/mpool/index.js'
import type { TipSetRandomness } from '../../chain/rand/index.js'
import { StateTree } from '../../chain/state/index.js'
import type { VmSettings } from '../../chain/sync/index.js'
import type { TipSet, TipSetKey } from '../../chain/types/index.js'
import {
  applyImplicitMessage, applyMessage, chainMessageCid, type ApplyRet, type MessageReceipt, type VmContext
} from '../../chain/vm/index.js'
import type { NodeChain } from './node-chain.js'

/** Lotus `api.InvocResult`, as far as Nelumbo's VM reports it (no execution trace). */
export interface InvocResult {
  MsgCid: CID
  Msg: Message
  MsgRct: MessageReceipt
  GasCost: {
    Message: CID
    GasUsed: TokenAmount
    BaseFeeBurn: TokenAmount
    OverEstimationBurn: TokenAmount
    MinerPenalty: TokenAmount
    MinerTip: TokenAmount
    Refund: TokenAmount
    TotalCost: TokenAmount
  }
  /** Nelumbo's VM keeps no execution trace: always null. */
  ExecutionTrace: null
  Error: string
  /** Nanoseconds the call took. */
  Duration: number
}

export interface DryRunDeps {
  chain: NodeChain
  vm: VmSettings
  randomness: (tsk: TipSetKey) => TipSetRandomness
}

export class DryRunner implements MessageExecutor {
  constructor (private readonly deps: DryRunDeps) {}

  /** What the message pool checks pushes against: the state after the current head. */
  mpoolState (): MpoolStateView {
    return {
      getActor: async (addr: Address) => {
        const { tree } = await this.deps.chain.stateAfter(this.deps.chain.head())
        return (await tree.getActor(addr)) ?? undefined
      },
      resolveKey: async (addr: Address) => {
        const { tree } = await this.deps.chain.stateAfter(this.deps.chain.head())
        return await tree.resolveToKeyAddress(addr)
      }
    }
  }

  /** Gas estimation's dry run on the state after the head. */
  async callWithGas (msg: Message, prior: readonly SignedMessage[]): Promise<GasCallResult> {
    const head = this.deps.chain.head()
    const { root } = await this.deps.chain.stateAfter(head)
    const tree = await StateTree.load(new BufferedBlockstore(this.deps.chain.store.blockstore), root)
    const vm = this.vmAt(head, (head.height + 1) as ChainEpoch)
    for (const m of prior) await applyMessage(tree, m, vm)
    const sender = await tree.getActor(msg.From)
    const ret = await applyMessage(tree, { ...msg, Nonce: sender?.Nonce ?? msg.Nonce }, vm)
    return { ExitCode: ret.receipt.ExitCode, GasUsed: ret.gasUsed, Error: ret.error ?? undefined }
  }

  /** StateCall: runs `msg` on the parent state of `ts` (the head's by default) as an implicit message. */
  async call (msg: Message, ts: TipSet): Promise<InvocResult> {
    const start = process.hrtime.bigint()
    const tree = await StateTree.load(new BufferedBlockstore(this.deps.chain.store.blockstore), ts.parentState)
    const vm = { ...this.vmAt(ts, ts.height), baseFee: 0n as TokenAmount }
    const filled: Message = { ...msg, GasLimit: msg.GasLimit === 0n ? 10_000_000_000n : msg.GasLimit }
    const ret = await applyImplicitMessage(tree, filled, vm)
    return invocResult(filled, ret, Number(process.hrtime.bigint() - start))
  }

  private vmAt (ts: TipSet, epoch: ChainEpoch): VmContext {
    return { ...this.deps.vm(epoch), epoch, baseFee: ts.parentBaseFee, randomness: this.deps.randomness(ts.key) }
  }
}

function invocResult (msg: Message, ret: ApplyRet, durationNs: number): InvocResult {
  const g = ret.gasCosts
  return {
    MsgCid: chainMessageCid(msg),
    Msg: msg,
    MsgRct: { ...ret.receipt, GasUsed: ret.gasUsed },
    GasCost: {
      Message: chainMessageCid(msg),
      GasUsed: ret.gasUsed as TokenAmount,
      BaseFeeBurn: g.BaseFeeBurn,
      OverEstimationBurn: g.OverEstimationBurn,
      MinerPenalty: g.MinerPenalty,
      MinerTip: g.MinerTip,
      Refund: g.Refund,
      TotalCost: (g.BaseFeeBurn + g.OverEstimationBurn + g.MinerTip) as TokenAmount
    },
    ExecutionTrace: null,
    Error: ret.error ?? '',
    Duration: durationNs
  }
}
