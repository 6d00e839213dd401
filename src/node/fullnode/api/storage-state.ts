/**
 * The storage actors' State* readers that their actors have committed: power
 * (StateMinerPower, StateListMiners), market (StateMarketBalance, StateMarketParticipants,
 * StateMarketDeals, StateMarketStorageDeal) and verified registry (StateVerifiedClientStatus,
 * StateVerifierStatus). Each reads the parent state of the tipset asked for, as Lotus does.
 */
import type { Address } from '../../../core/address/index.js'
import { NelumboError } from '../../../core/errors.js'
import type { PaddedPieceSize } from '../../../core/piece/index.js'
import type { DealId } from '../../../core/types.js'
import type { FullNodeApi } from '../../../api/fullnode/index.js'
import { listMiners, readMinerPower } from '../../../chain/actors/builtin/power/index.js'
import {
  readMarketBalance, readMarketDeal, readMarketDeals, readMarketParticipants, type MarketDeal
} from '../../../chain/actors/builtin/market/index.js'
import { readVerifiedClientStatus, readVerifierStatus } from '../../../chain/actors/builtin/verifreg/index.js'
import type { TipSetKey } from '../../../chain/types/index.js'
import type { NodeChain } from '../node-chain.js'

export interface StorageStateApiDeps {
  chain: NodeChain
  /** The network's consensus minimum power (the genesis `ConsensusMinerMinPower`). */
  minimumPower: bigint
}

export type StorageStateApi = Pick<FullNodeApi,
  'StateMinerPower' | 'StateListMiners' | 'StateMarketBalance' | 'StateMarketParticipants' | 'StateMarketDeals' |
  'StateMarketStorageDeal' | 'StateVerifiedClientStatus' | 'StateVerifierStatus'>

/** StateMarketStorageDeal for a deal ID with no proposal. */
export class DealNotFoundError extends NelumboError {
  constructor (id: DealId) {
    super('ERR_DEAL_NOT_FOUND', `deal ${id} not found`)
  }
}

export function storageStateApi (deps: StorageStateApiDeps): StorageStateApi {
  const { chain } = deps
  const treeAt = async (tsk: TipSetKey): Promise<Awaited<ReturnType<NodeChain['stateAt']>>> => await chain.stateAt(await chain.tipset(tsk))
  const zero = { RawBytePower: 0n, QualityAdjPower: 0n }
  const dealJson = (d: MarketDeal): Awaited<ReturnType<FullNodeApi['StateMarketStorageDeal']>> => ({
    Proposal: {
      ...d.Proposal,
      PieceSize: d.Proposal.PieceSize as PaddedPieceSize,
      // The API's label is text; a bytes label is shown as its UTF-8 reading.
      Label: typeof d.Proposal.Label === 'string' ? d.Proposal.Label : new TextDecoder().decode(d.Proposal.Label)
    },
    State: { SectorStartEpoch: d.State.SectorStartEpoch, LastUpdatedEpoch: d.State.LastUpdatedEpoch, SlashEpoch: d.State.SlashEpoch, VerifiedClaim: 0 }
  })

  return {
    StateMinerPower: async (miner: Address | null, tsk: TipSetKey) => {
      const tree = await treeAt(tsk)
      const p = miner === null ? undefined : await readMinerPower(tree, miner, deps.minimumPower)
      if (p !== undefined) return { MinerPower: p.miner, TotalPower: p.network, HasMinPower: p.hasMinPower }
      // Lotus answers for a miner without a claim (or address.Undef) with zero power beside the network's total.
      const any = (await listMiners(tree))[0]
      const total = any === undefined ? undefined : await readMinerPower(tree, any, deps.minimumPower)
      return { MinerPower: zero, TotalPower: total?.network ?? zero, HasMinPower: false }
    },
    StateListMiners: async (tsk: TipSetKey) => await listMiners(await treeAt(tsk)),
    StateMarketBalance: async (addr: Address, tsk: TipSetKey) => await readMarketBalance(await treeAt(tsk), addr),
    StateMarketParticipants: async (tsk: TipSetKey) => Object.fromEntries(await readMarketParticipants(await treeAt(tsk))),
    StateMarketDeals: async (tsk: TipSetKey) => {
      const deals = await readMarketDeals(await treeAt(tsk))
      return Object.fromEntries([...deals].map(([id, d]) => [String(id), dealJson(d)]))
    },
    StateMarketStorageDeal: async (id: DealId, tsk: TipSetKey) => {
      const d = await readMarketDeal(await treeAt(tsk), id)
      if (d === undefined) throw new DealNotFoundError(id)
      return dealJson(d)
    },
    StateVerifiedClientStatus: async (addr: Address, tsk: TipSetKey) => await readVerifiedClientStatus(await treeAt(tsk), addr),
    StateVerifierStatus: async (addr: Address, tsk: TipSetKey) => await readVerifierStatus(await treeAt(tsk), addr)
  }
}
