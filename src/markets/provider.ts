/**
 * The markets subsystem as a node runs it: the storage ask and Boost-protocol storage deals,
 * served over JSON-RPC and to clients over libp2p. It is built the same way in a markets node
 * and in a monolith; the chain comes through the FullNode API and the sealer through its API
 * (a client of the mining node, or the in-process sealing service), and nothing on the mining
 * side ever waits on this subsystem.
 */
import type { Libp2p, StreamHandler } from '@libp2p/interface'
import type { MarketsOnlyApi, ProviderDealInfo } from '../api/markets.js'
import type { Address } from '../core/address/index.js'
import type { Logger } from '../log/index.js'
import type { Datastore } from '../repo/datastore.js'
import type { MinerConfig } from '../repo/index.js'
import { StoredAsk, type StoredAskChain } from './ask/stored-ask.js'
import type { ProviderDeal } from './deals/deal.js'
import type { DealSealer } from './deals/executor.js'
import { DealProvider, type DealProviderChain } from './deals/provider.js'
import { DEAL_PROTOCOLS, DEAL_STATUS_PROTOCOL, uuidString } from '../protocols/deals.js'
import { ASK_PROTOCOL } from '../protocols/ask.js'
import { askStreamHandler } from './network/ask-protocol.js'
import { dealProposalHandler, dealStatusHandler } from './network/deal-protocols.js'

export type MarketsProviderApi = Pick<MarketsOnlyApi, 'MarketGetAsk' | 'MarketSetAsk' | 'MarketImportDealData' | 'MarketListProviderDeals'>
export type ProtocolHost = Pick<Libp2p, 'handle' | 'unhandle'>

export interface MarketsProviderDeps {
  chain: StoredAskChain & DealProviderChain
  sealer: DealSealer
  datastore: Datastore
  host: ProtocolHost
  config: () => MinerConfig
  log: Logger
}

export interface MarketsProviderOptions {
  miner: Address
  sectorSize: number
  stagingDir: string
  blockDelaySecs: number
}

export class MarketsProvider {
  readonly ask: StoredAsk
  readonly deals: DealProvider
  private readonly protocols: Array<[string, StreamHandler]>

  constructor (private readonly deps: MarketsProviderDeps, options: MarketsProviderOptions) {
    this.ask = new StoredAsk({ chain: deps.chain, datastore: deps.datastore }, options)
    this.deals = new DealProvider({ chain: deps.chain, sealer: deps.sealer, datastore: deps.datastore, ask: this.ask, config: deps.config, log: deps.log }, options)
    const proposals = dealProposalHandler(this.deals, deps.log)
    this.protocols = [
      [ASK_PROTOCOL, askStreamHandler({ miner: options.miner, get: () => this.ask.get() }, deps.log)],
      ...DEAL_PROTOCOLS.map((p): [string, StreamHandler] => [p, proposals]),
      [DEAL_STATUS_PROTOCOL, dealStatusHandler(this.deals, deps.log)]
    ]
  }

  async start (): Promise<void> {
    await this.ask.start()
    this.deals.start()
    for (const [protocol, handler] of this.protocols) await this.deps.host.handle(protocol, handler)
  }

  async stop (): Promise<void> {
    for (const [protocol] of this.protocols) await this.deps.host.unhandle(protocol)
    await this.deals.stop()
  }

  api (): MarketsProviderApi {
    return {
      MarketGetAsk: async () => this.ask.get() ?? null,
      MarketSetAsk: async (price, verifiedPrice, duration, minPieceSize, maxPieceSize) => {
        await this.ask.set({ price, verifiedPrice, duration, minPieceSize, maxPieceSize })
      },
      MarketImportDealData: async (proposalCid, path) => { await this.deals.importData(proposalCid, path) },
      MarketListProviderDeals: async () => this.deals.list().map(dealInfo)
    }
  }
}

function dealInfo (d: ProviderDeal): ProviderDealInfo {
  const p = d.ClientDealProposal.Proposal
  return {
    DealUUID: uuidString(d.DealUUID),
    SignedProposalCid: d.SignedProposalCid,
    CreatedAt: new Date(d.CreatedAt).toISOString(),
    Checkpoint: d.Checkpoint,
    Error: d.Error,
    IsOffline: d.IsOffline,
    PieceCID: p.PieceCID,
    PieceSize: p.PieceSize as never,
    VerifiedDeal: p.VerifiedDeal,
    Client: p.Client,
    StartEpoch: p.StartEpoch,
    EndEpoch: p.EndEpoch,
    StoragePricePerEpoch: p.StoragePricePerEpoch,
    TransferSize: d.Transfer.Size,
    PublishCid: d.PublishCid,
    ChainDealID: d.ChainDealID,
    SectorNumber: d.SectorNumber
  }
}
