/**
 * The provider's side of Boost-protocol storage deals: takes proposals (checked, then recorded
 * before the client hears "accepted"), runs each accepted deal (`executeDeal`), takes offline
 * data (`MarketImportDealData`), answers status requests signed by the deal's client, and
 * resumes every unfinished deal when the node starts again.
 */
import { join } from 'node:path'
import { mkdirSync } from 'node:fs'
import type { CID } from 'multiformats/cid'
import type { FullNodeApi } from '../../api/fullnode/index.js'
import { TipSetKey } from '../../chain/types/index.js'
import type { Address } from '../../core/address/index.js'
import { verify } from '../../core/crypto/index.js'
import { NelumboError } from '../../core/errors.js'
import type { Logger } from '../../log/index.js'
import type { Datastore } from '../../repo/datastore.js'
import type { MinerConfig } from '../../repo/index.js'
import type { StoredAsk } from '../ask/stored-ask.js'
import { type ProviderDeal, isFinal } from './deal.js'
import { type DealChain, type DealSealer, executeDeal } from './executor.js'
import { DealPublisher, type PublisherChain } from './publisher.js'
import { DealStore } from './store.js'
import { type DealParams, type DealResponse, type DealStatusRequest, type DealStatusResponse, signedProposalCid, uuidString } from '../../protocols/deals.js'
import { type ValidationChain, checkProposal } from './validate.js'

export type DealProviderChain = ValidationChain & PublisherChain & DealChain & Pick<FullNodeApi, 'StateAccountKey'>

export interface DealProviderDeps {
  chain: DealProviderChain
  sealer: DealSealer
  datastore: Datastore
  ask: StoredAsk
  config: () => MinerConfig
  log: Logger
}

export interface DealProviderOptions {
  miner: Address
  /** Where downloaded deal data waits for the sealer (`<repo>/deal-staging`). */
  stagingDir: string
  blockDelaySecs: number
}

export class DealProvider {
  private readonly store: DealStore
  private readonly publisher: DealPublisher
  private readonly running = new Map<string, Promise<void>>()
  private readonly abort = new AbortController()
  /** Proposals are taken one at a time, so two identical ones cannot both pass the uniqueness checks. */
  private accepting: Promise<unknown> = Promise.resolve()

  constructor (private readonly deps: DealProviderDeps, private readonly options: DealProviderOptions) {
    this.store = new DealStore(deps.datastore)
    this.publisher = new DealPublisher({ chain: deps.chain, config: deps.config, log: deps.log }, { miner: options.miner })
  }

  /** Resumes every deal that has not finished. */
  start (): void {
    mkdirSync(this.options.stagingDir, { recursive: true })
    for (const deal of this.store.list()) if (!isFinal(deal)) this.run(deal, true)
  }

  async stop (): Promise<void> {
    this.abort.abort()
    this.publisher.stop()
    await Promise.allSettled(this.running.values())
  }

  async propose (params: DealParams, clientPeer: string): Promise<DealResponse> {
    const turn = this.accepting.then(async () => await this.accept(params, clientPeer))
    this.accepting = turn.catch(() => {})
    return await turn
  }

  private async accept (params: DealParams, clientPeer: string): Promise<DealResponse> {
    const id = uuidString(params.DealUUID)
    const reject = (message: string): DealResponse => {
      this.deps.log.info({ deal: id, client: clientPeer, reason: message }, 'storage deal rejected')
      return { Accepted: false, Message: message }
    }
    const cid = await signedProposalCid(params.ClientDealProposal)
    const existing = this.store.list()
    const same = existing.find((d) => d.SignedProposalCid.equals(cid))
    if (same !== undefined) return reject(`deal proposal is identical to deal ${uuidString(same.DealUUID)} (proposed at ${new Date(same.CreatedAt).toISOString()})`)
    const sameId = existing.find((d) => uuidString(d.DealUUID) === id)
    if (sameId !== undefined) return reject(`deal has the same uuid as deal ${id} (proposed at ${new Date(sameId.CreatedAt).toISOString()})`)
    if (!params.IsOffline && params.Transfer.Type !== 'http' && params.Transfer.Type !== 'libp2p') {
      return reject(`server error: get deal transfer host: cannot parse params for unrecognized transfer type '${params.Transfer.Type}'`)
    }
    const reason = await checkProposal(params.ClientDealProposal, {
      chain: this.deps.chain,
      miner: this.options.miner,
      ask: this.deps.ask.get(),
      dealmaking: this.deps.config().Dealmaking,
      blockDelaySecs: this.options.blockDelaySecs,
      isOffline: params.IsOffline
    })
    if (reason !== undefined) return reject(reason)
    const deal: ProviderDeal = {
      DealUUID: params.DealUUID,
      CreatedAt: Date.now(),
      ClientDealProposal: params.ClientDealProposal,
      SignedProposalCid: cid,
      DealDataRoot: params.DealDataRoot,
      ClientPeerID: clientPeer,
      IsOffline: params.IsOffline,
      Transfer: params.Transfer,
      KeepUnsealed: !params.RemoveUnsealedCopy,
      Checkpoint: 'Accepted',
      Error: '',
      InboundFilePath: params.IsOffline ? '' : join(this.options.stagingDir, `${id}.car`),
      PublishCid: null,
      ChainDealID: 0,
      SectorNumber: 0,
      Offset: 0
    }
    this.store.put(deal)
    this.deps.log.info({ deal: id, client: clientPeer, piece: deal.ClientDealProposal.Proposal.PieceCID.toString(), offline: deal.IsOffline }, 'storage deal accepted')
    this.run(deal)
    return { Accepted: true, Message: '' }
  }

  /** Offline data for an accepted offline deal, by its signed proposal CID (Lotus `storage-deals import-data`). */
  async importData (proposalCid: CID, path: string): Promise<void> {
    const deal = this.store.list().find((d) => d.SignedProposalCid.equals(proposalCid))
    if (deal === undefined) throw new NelumboError('ERR_DEAL_NOT_FOUND', `no storage deal with proposal CID ${proposalCid.toString()}`)
    if (!deal.IsOffline) throw new NelumboError('ERR_DEAL_NOT_OFFLINE', `deal ${uuidString(deal.DealUUID)} is not an offline deal: its data comes by ${deal.Transfer.Type}`)
    if (deal.Checkpoint !== 'Accepted' || deal.InboundFilePath !== '') {
      throw new NelumboError('ERR_DEAL_STATE', `deal ${uuidString(deal.DealUUID)} already has its data (checkpoint ${deal.Checkpoint})`)
    }
    deal.InboundFilePath = path
    this.store.put(deal)
    this.run(deal)
  }

  list (): ProviderDeal[] {
    return this.store.list().sort((a, b) => a.CreatedAt - b.CreatedAt)
  }

  /** `/fil/storage/status/1.2.0`: only the deal's client, by its signature over the UUID bytes, may ask. */
  async status (req: DealStatusRequest): Promise<DealStatusResponse> {
    const id = uuidString(req.DealUUID)
    const none = { DealUUID: req.DealUUID, IsOffline: false, DealStatus: null, TransferSize: 0, NBytesReceived: 0 }
    const deal = this.store.get(req.DealUUID)
    if (deal === undefined) return { ...none, Error: `no storage deal found with deal UUID ${id}` }
    const client = deal.ClientDealProposal.Proposal.Client
    let key: Address
    try {
      key = await this.deps.chain.StateAccountKey(client, TipSetKey.empty)
    } catch {
      return { ...none, Error: `failed to get account key for client addr ${client.toString()}` }
    }
    if (!verify(req.Signature, key, req.DealUUID)) return { ...none, Error: 'signature verification failed' }
    return {
      DealUUID: req.DealUUID,
      Error: '',
      IsOffline: deal.IsOffline,
      TransferSize: deal.Transfer.Size,
      NBytesReceived: 0,
      DealStatus: {
        Error: deal.Error,
        Status: deal.Checkpoint,
        Proposal: deal.ClientDealProposal.Proposal,
        PublishCid: deal.PublishCid,
        ChainDealID: deal.ChainDealID,
        SealingStatus: await this.sealingStatus(deal),
        SignedProposalCid: deal.SignedProposalCid
      }
    }
  }

  private async sealingStatus (deal: ProviderDeal): Promise<string> {
    if (deal.Checkpoint !== 'AddedPiece') return ''
    try {
      return (await this.deps.sealer.SectorsStatus(deal.SectorNumber as never, false)).State
    } catch (err) {
      return `sealer unreachable: ${(err as Error).message}`
    }
  }

  private run (deal: ProviderDeal, resumed = false): void {
    const id = uuidString(deal.DealUUID)
    if (this.running.has(id)) return
    const done = executeDeal(deal, {
      chain: this.deps.chain,
      sealer: this.deps.sealer,
      publisher: this.publisher,
      save: (d) => { this.store.put(d) },
      log: this.deps.log,
      blockDelayMs: this.options.blockDelaySecs * 1000,
      resumed
    }, this.abort.signal).finally(() => { this.running.delete(id) })
    this.running.set(id, done)
  }
}
