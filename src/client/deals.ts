/**
 * The storage client (`lotus client deal`, `list-deals`, `query-ask`): builds and signs the
 * proposal with the client's wallet, reserves its escrow, offers the data over this node's HTTP
 * API, and proposes the deal on Boost's protocol to the peer the miner actor names on chain.
 * Deals are recorded before the call returns; their status comes from the provider's status
 * protocol (signed by the client) and, for activation, from the market actor.
 */
import { randomBytes } from 'node:crypto'
import { multiaddr } from '@multiformats/multiaddr'
import type { CID } from 'multiformats/cid'
import type { FullNodeApi, ClientDealInfo, StartDealParams } from '../api/fullnode/index.js'
import { type DealProposal, dealProposalCbor } from '../chain/actors/builtin/market/types.js'
import { TipSetKey } from '../chain/types/index.js'
import type { Address } from '../core/address/index.js'
import { encodeCbor } from '../core/cbor/index.js'
import { InvalidInputError, NelumboError } from '../core/errors.js'
import type { ChainEpoch, TokenAmount } from '../core/types.js'
import type { Logger } from '../log/index.js'
import type { SignedStorageAsk } from '../protocols/ask.js'
import { ASK_PROTOCOL } from '../protocols/ask.js'
import { dealStatusOverStream, proposeDealOverStream, queryAskOverStream } from '../protocols/client.js'
import { DEAL_PROTOCOLS, DEAL_STATUS_PROTOCOL, signedProposalCid, uuidString } from '../protocols/deals.js'
import { StorageDealStatus, isFinalStatus, statusFromCheckpoint } from './deal-state.js'
import type { ProviderDialer } from './dialer.js'
import type { ClientDealRecord, ClientStore } from './store.js'
import type { TransferOffers } from './transfers.js'

export type ClientChain = Pick<FullNodeApi, 'ChainHead' | 'StateMinerInfo' | 'StateDealProviderCollateralBounds' | 'WalletSign' |
'MarketReserveFunds' | 'MarketReleaseFunds' | 'StateWaitMsg' | 'StateMarketStorageDeal'>

/** Lotus's dealStartBufferHours: with no start epoch given, a deal starts this far ahead. */
const DEAL_START_BUFFER_SECS = 49 * 3600
const GiB = 1n << 30n

export interface ClientDealsDeps {
  chain: ClientChain
  dialer: ProviderDialer
  store: ClientStore
  transfers: TransferOffers
  log: Logger
}

export interface ClientDealsOptions {
  /** This node's API base URL as providers reach it (`http://127.0.0.1:1234`). */
  transferBaseUrl: () => string
  blockDelaySecs: number
}

export class ClientDeals {
  constructor (private readonly deps: ClientDealsDeps, private readonly options: ClientDealsOptions) {}

  async startDeal (p: StartDealParams): Promise<CID> {
    const imp = this.deps.store.importByRoot(p.Data.Root)
    if (imp === undefined) throw new InvalidInputError('ERR_NO_IMPORT', `no import of ${p.Data.Root.toString()} on this node: import the data first (lotus client import)`, { value: p.Data.Root.toString(), source: 'Data.Root' })
    const { peer, addrs } = await this.provider(p.Miner)
    const head = (await this.deps.chain.ChainHead()).height
    const start = p.DealStartEpoch > 0 ? p.DealStartEpoch : head + Math.ceil(DEAL_START_BUFFER_SECS / Math.max(1, this.options.blockDelaySecs))
    const pieceSize = imp.pieceSize
    const bounds = await this.deps.chain.StateDealProviderCollateralBounds(pieceSize as never, p.VerifiedDeal, TipSetKey.empty)
    const proposal: DealProposal = {
      PieceCID: p.Data.PieceCid ?? imp.pieceCid,
      PieceSize: pieceSize,
      VerifiedDeal: p.VerifiedDeal,
      Client: p.Wallet,
      Provider: p.Miner,
      Label: p.Data.Root.toString(),
      StartEpoch: start as ChainEpoch,
      EndEpoch: (start + p.MinBlocksDuration) as ChainEpoch,
      StoragePricePerEpoch: (p.EpochPrice * BigInt(pieceSize) / GiB) as TokenAmount,
      ProviderCollateral: p.ProviderCollateral > 0n ? p.ProviderCollateral : bounds.Min,
      ClientCollateral: 0n as TokenAmount
    }
    const signed = { Proposal: proposal, ClientSignature: await this.deps.chain.WalletSign(p.Wallet, encodeCbor(dealProposalCbor, proposal)) }
    const total = (proposal.StoragePricePerEpoch * BigInt(p.MinBlocksDuration) + proposal.ClientCollateral) as TokenAmount
    const added = await this.deps.chain.MarketReserveFunds(p.Wallet, p.Wallet, total)
    if (added !== null) {
      const lookup = await this.deps.chain.StateWaitMsg(added, 1, -1 as ChainEpoch, true)
      if (lookup === null || lookup.Receipt.ExitCode !== 0) throw new NelumboError('ERR_CLIENT_FUNDS', `adding ${total} attoFIL to ${p.Wallet.toString()}'s market escrow failed (message ${added.toString()})`)
    }
    const offer = this.deps.transfers.offer(imp.carPath)
    const uuid = Uint8Array.from(randomBytes(16))
    // A deal the provider never took gives back what was set aside for it.
    const giveBack = async (): Promise<void> => {
      this.deps.transfers.withdraw(offer.path)
      await this.deps.chain.MarketReleaseFunds(p.Wallet, total).catch((err: Error) => { this.deps.log.warn({ err: err.message }, 'releasing reserved escrow failed') })
    }
    let res: { Accepted: boolean, Message: string }
    try {
      const stream = await this.deps.dialer.dial(peer, addrs, DEAL_PROTOCOLS)
      res = await proposeDealOverStream(stream, {
        DealUUID: uuid,
        IsOffline: false,
        ClientDealProposal: signed,
        DealDataRoot: p.Data.Root,
        Transfer: {
          Type: 'http',
          ClientID: '',
          Params: Buffer.from(JSON.stringify({ URL: `${this.options.transferBaseUrl()}${offer.path}`, Headers: { Authorization: offer.authorization } })),
          Size: imp.carSize
        },
        RemoveUnsealedCopy: !p.FastRetrieval,
        SkipIPNIAnnounce: false
      })
    } catch (err) {
      await giveBack()
      throw err
    }
    if (!res.Accepted) await giveBack()
    const proposalCid = await signedProposalCid(signed)
    const record: ClientDealRecord = {
      uuid,
      proposalCid,
      proposal: signed,
      providerPeer: peer,
      createdAt: Date.now(),
      state: res.Accepted ? StorageDealStatus.ProposalAccepted : StorageDealStatus.ProposalRejected,
      message: res.Message,
      dealId: 0
    }
    this.deps.store.putDeal(record)
    this.deps.log.info({ deal: uuidString(uuid), proposal: proposalCid.toString(), miner: p.Miner.toString(), accepted: res.Accepted, message: res.Message }, 'storage deal proposed')
    if (!res.Accepted) throw new NelumboError('ERR_DEAL_REJECTED', `deal proposal rejected: ${res.Message}`)
    return proposalCid
  }

  /** Every deal, with the status of unfinished ones refreshed from their providers and the chain. */
  async listDeals (): Promise<ClientDealInfo[]> {
    const out: ClientDealInfo[] = []
    for (const d of this.deps.store.deals()) {
      if (!isFinalStatus(d.state)) await this.refresh(d)
      const p = d.proposal.Proposal
      out.push({
        ProposalCid: d.proposalCid,
        DealUUID: uuidString(d.uuid),
        State: d.state,
        Message: d.message,
        Provider: p.Provider,
        PieceCID: p.PieceCID,
        Size: p.PieceSize as never,
        PricePerEpoch: p.StoragePricePerEpoch,
        Duration: p.EndEpoch - p.StartEpoch,
        DealID: d.dealId,
        CreationTime: new Date(d.createdAt).toISOString(),
        Verified: p.VerifiedDeal
      })
    }
    return out
  }

  async queryAsk (peer: string, miner: Address): Promise<{ Response: SignedStorageAsk['Ask'] | null, DealProtocols: string[] }> {
    const { addrs } = await this.provider(miner)
    const ask = await queryAskOverStream(await this.deps.dialer.dial(peer, addrs, [ASK_PROTOCOL]), miner)
    return { Response: ask?.Ask ?? null, DealProtocols: [...DEAL_PROTOCOLS] }
  }

  private async refresh (d: ClientDealRecord): Promise<void> {
    const p = d.proposal.Proposal
    try {
      const { addrs } = await this.provider(p.Provider)
      const status = await dealStatusOverStream(await this.deps.dialer.dial(d.providerPeer, addrs, [DEAL_STATUS_PROTOCOL]),
        { DealUUID: d.uuid, Signature: await this.deps.chain.WalletSign(p.Client, d.uuid) })
      if (status.Error !== '' || status.DealStatus === null) {
        d.message = `provider: ${status.Error}`
      } else {
        const s = status.DealStatus
        d.dealId = s.ChainDealID
        let active = false
        if (s.ChainDealID > 0) {
          const onChain = await this.deps.chain.StateMarketStorageDeal(s.ChainDealID as never, TipSetKey.empty).catch(() => null)
          active = onChain !== null && onChain.State.SectorStartEpoch > 0
        }
        d.state = statusFromCheckpoint(s.Status, s.Error, status.IsOffline, active)
        d.message = s.Error !== '' ? s.Error : s.SealingStatus !== '' ? `sealing: ${s.SealingStatus}` : ''
      }
    } catch (err) {
      d.message = `provider unreachable: ${(err as Error).message}`
    }
    this.deps.store.putDeal(d)
  }

  /** The miner's libp2p peer and addresses, as its actor lists them. */
  private async provider (miner: Address): Promise<{ peer: string, addrs: string[] }> {
    const mi = await this.deps.chain.StateMinerInfo(miner, TipSetKey.empty)
    if (mi.PeerId === null) throw new NelumboError('ERR_NO_PEER_ID', `miner ${miner.toString()} has no peer ID on chain (lotus-miner actor set-peer-id)`)
    const addrs = (mi.Multiaddrs ?? []).map((b) => multiaddr(b).toString())
    if (addrs.length === 0) throw new NelumboError('ERR_NO_ADDRS', `miner ${miner.toString()} lists no multiaddrs on chain (lotus-miner actor set-addrs)`)
    return { peer: mi.PeerId, addrs }
  }
}
