/**
 * Lotus's DealPublisher: deals ready to publish wait up to `[Dealmaking] PublishMsgPeriod` for
 * company, then go out together in one PublishStorageDeals message from the miner's worker
 * (at most `MaxDealsPerPublishMsg` per message). After the message lands, each deal finds its ID
 * by its place among the message's valid deals.
 */
import type { CID } from 'multiformats/cid'
import type { FullNodeApi } from '../../api/fullnode/index.js'
import { StorageMarketActorAddr } from '../../chain/actors/index.js'
import {
  type ClientDealProposal, MarketMethods, publishStorageDealsParamsCbor, publishStorageDealsReturnCbor
} from '../../chain/actors/builtin/market/types.js'
import { TipSetKey } from '../../chain/types/index.js'
import type { Address } from '../../core/address/index.js'
import { decodeCbor, encodeCbor } from '../../core/cbor/index.js'
import { signedMessageCid } from '../../core/message/index.js'
import { methodNum, type ChainEpoch, type TokenAmount } from '../../core/types.js'
import type { Logger } from '../../log/index.js'
import type { MinerConfig } from '../../repo/index.js'
import { goDurationToMs } from '../../repo/config/duration.js'
import { signedProposalCid } from '../../protocols/deals.js'

export type PublisherChain = Pick<FullNodeApi, 'StateMinerInfo' | 'MpoolPushMessage' | 'StateWaitMsg' | 'ChainGetMessage'>

interface Pending { proposal: ClientDealProposal, resolve: (cid: CID) => void, reject: (err: Error) => void }

/** Lotus's build.MessageConfidence. */
const CONFIDENCE = 5

export class DealPublisher {
  private pending: Pending[] = []
  private timer: NodeJS.Timeout | undefined

  constructor (
    private readonly deps: { chain: PublisherChain, config: () => MinerConfig, log: Logger },
    private readonly options: { miner: Address }
  ) {}

  /** Queues a deal; resolves with the CID of the message that carries it once that is sent. */
  async publish (proposal: ClientDealProposal): Promise<CID> {
    return await new Promise<CID>((resolve, reject) => {
      this.pending.push({ proposal, resolve, reject })
      const d = this.deps.config().Dealmaking
      if (this.pending.length >= Math.max(1, d.MaxDealsPerPublishMsg)) {
        this.flush()
      } else if (this.timer === undefined) {
        this.timer = setTimeout(() => { this.flush() }, goDurationToMs(d.PublishMsgPeriod))
      }
    })
  }

  /** Waits for the message and returns the deal's on-chain ID, or why it has none. */
  async dealId (publishCid: CID, proposal: ClientDealProposal, signal?: AbortSignal): Promise<{ id: number } | { error: string }> {
    const lookup = await this.deps.chain.StateWaitMsg(publishCid, CONFIDENCE, -1 as ChainEpoch, true, { signal })
    if (lookup === null) return { error: `publish message ${publishCid.toString()} not found on chain` }
    if (lookup.Receipt.ExitCode !== 0) return { error: `publish message ${publishCid.toString()} failed with exit code ${lookup.Receipt.ExitCode}` }
    const msg = await this.deps.chain.ChainGetMessage(lookup.Message)
    const params = decodeCbor(publishStorageDealsParamsCbor, msg.Params, `PublishStorageDeals params of ${lookup.Message.toString()}`)
    const ret = decodeCbor(publishStorageDealsReturnCbor, lookup.Receipt.Return ?? new Uint8Array(0), `PublishStorageDeals return of ${lookup.Message.toString()}`)
    const mine = (await signedProposalCid(proposal)).toString()
    const cids = await Promise.all(params.Deals.map(async (d) => (await signedProposalCid(d)).toString()))
    const index = cids.indexOf(mine)
    if (index < 0) return { error: `deal not found in publish message ${lookup.Message.toString()}` }
    const valid = [...ret.ValidDeals.values()]
    const k = valid.indexOf(index)
    if (k < 0) return { error: `the market actor refused the deal in publish message ${lookup.Message.toString()}` }
    return { id: Number(ret.IDs[k]) }
  }

  stop (): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    for (const p of this.pending.splice(0)) p.reject(new Error('the deal publisher stopped'))
  }

  private flush (): void {
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
    const max = Math.max(1, this.deps.config().Dealmaking.MaxDealsPerPublishMsg)
    while (this.pending.length > 0) {
      const batch = this.pending.splice(0, max)
      void this.send(batch)
    }
  }

  private async send (batch: Pending[]): Promise<void> {
    try {
      const mi = await this.deps.chain.StateMinerInfo(this.options.miner, TipSetKey.empty)
      const smsg = await this.deps.chain.MpoolPushMessage({
        Version: 0,
        To: StorageMarketActorAddr,
        From: mi.Worker,
        Nonce: 0n,
        Value: 0n as TokenAmount,
        GasLimit: 0n,
        GasFeeCap: 0n as TokenAmount,
        GasPremium: 0n as TokenAmount,
        Method: methodNum(MarketMethods.PublishStorageDeals),
        Params: encodeCbor(publishStorageDealsParamsCbor, { Deals: batch.map((p) => p.proposal) })
      }, null)
      const cid = signedMessageCid(smsg)
      this.deps.log.info({ cid: cid.toString(), deals: batch.length }, 'published storage deals')
      for (const p of batch) p.resolve(cid)
    } catch (err) {
      for (const p of batch) p.reject(err as Error)
    }
  }
}
