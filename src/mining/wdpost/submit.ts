/**
 * Sending a deadline's proofs (Lotus `runSubmitPoST` / `submitPoStMessage`): each batch as a
 * SubmitWindowedPoSt (method 5) from the PoSt address, with a chain commitment to the tickets
 * at `ChainCommitEpoch`, and the fee cap `[Fees] MaxWindowPoStGasFee`.
 */
import { encodeCbor } from '../../core/cbor/index.js'
import type { CID } from '../../core/cid.js'
import { signedMessageCid } from '../../core/message/index.js'
import type { ChainEpoch, TokenAmount } from '../../core/types.js'
import type { TipSet } from '../../chain/types/index.js'
import { submitWindowedPoStParamsCbor } from '../../chain/actors/builtin/miner/types.js'
import { DomainSeparationTag } from '../../proofs/index.js'
import { configFilToAtto } from '../../repo/config/index.js'
import { selectPoStAddress } from './address.js'
import { messageUuid, minerMessage, PoStMethod, type CycleContext } from './context.js'
import type { DeadlineInfo } from './deadlines.js'
import type { DeadlinePoSt } from './prove.js'

/**
 * The epoch the proof commits to. Lotus uses the challenge epoch; the actor refuses a
 * commitment older than WPoStMaxChainCommitAge, which on a short devnet window a late
 * submission can exceed, so the commitment follows the head at the challenge lookback's
 * depth, never before the challenge.
 */
export function chainCommitEpoch (di: DeadlineInfo, head: TipSet): ChainEpoch {
  return Math.max(di.Challenge, head.height - di.WPoStChallengeLookback) as ChainEpoch
}

export async function submitDeadlinePoSts (ctx: CycleContext, di: DeadlineInfo, posts: readonly DeadlinePoSt[], head: TipSet): Promise<CID[]> {
  const { chain } = ctx.deps
  const opts = { signal: ctx.signal }
  const commitEpoch = chainCommitEpoch(di, head)
  const commitRand = await chain.StateGetRandomnessFromTickets(DomainSeparationTag.PoStChainCommit, commitEpoch, new Uint8Array(0), head.key, opts)
  const maxFee = configFilToAtto(ctx.config.Fees.MaxWindowPoStGasFee) as TokenAmount
  const from = await selectPoStAddress(chain, ctx.miner, ctx.config.Addresses, maxFee)
  const cids: CID[] = []
  for (const post of posts) {
    const params = encodeCbor(submitWindowedPoStParamsCbor, {
      Deadline: post.Deadline,
      Partitions: post.Partitions,
      Proofs: post.Proofs,
      ChainCommitEpoch: commitEpoch,
      ChainCommitRand: commitRand
    })
    const smsg = await chain.MpoolPushMessage(minerMessage(from, ctx.miner, PoStMethod.SubmitWindowedPoSt, params), { MaxFee: maxFee, MsgUuid: messageUuid() }, opts)
    const cid = signedMessageCid(smsg)
    cids.push(cid)
    ctx.metrics.submitted.inc()
    ctx.log?.info({ cid: cid.toString(), deadline: di.Index, partitions: post.Partitions.map((p) => p.Index), proven: post.proven, skipped: post.skipped, from: from.toString() }, `Submitted window post: ${cid.toString()} (deadline ${di.Index})`)
  }
  return cids
}
