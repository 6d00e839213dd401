/**
 * Genesis miners, in Lotus `SetupStorageMiners`'s order: create each miner through the power
 * actor (sent by its owner with its PowerBalance, so it gets the next ID from t01000), add its
 * MarketBalance to the market escrow (sent by the worker), publish its pre-seal self-deals
 * (signed by the deal client key, ending at the sectors' expiration), then hand the sectors
 * and their deal IDs to the miner actor's genesis activation, which makes them active and
 * claims their power.
 */
import { base58btc } from 'multiformats/bases/base58'
import type { Address } from '../../core/address/index.js'
import { decodeCbor, encodeCbor } from '../../core/cbor/index.js'
import { sign } from '../../core/crypto/index.js'
import { sealProofForSectorSize, windowPoStProofForSeal, type RegisteredSealProof } from '../../core/sector/index.js'
import type { ChainEpoch, DealId, SectorNumber, TokenAmount } from '../../core/types.js'
import { StorageMarketActorAddr, StoragePowerActorAddr } from '../actors/index.js'
import {
  addBalanceParamsCbor, dealProposalCbor, MarketMethods, publishStorageDealsParamsCbor, publishStorageDealsReturnCbor,
  type ClientDealProposal, type DealProposal
} from '../actors/builtin/market/types.js'
import { createMinerParamsCbor, createMinerReturnCbor, PowerMethods } from '../actors/builtin/power/types.js'
import type { StateTree } from '../state/index.js'
import type { ActorRegistry } from '../vm/index.js'
import { GenesisInputError } from './errors.js'
import { genesisVm, type GenesisVm } from './genesis-vm.js'
import type { NetworkParams } from './network-params.js'
import { policyFromNetworkParams } from './policy.js'
import type { GenesisMiner, PreSeal } from './template-types.js'

/** Longest a sector's expiration may be extended to, in epochs (builtin-actors: 540 days of 30 s). */
export const MAX_SECTOR_EXPIRATION_EXTENSION = 1_555_200

/** A pre-sealed sector ready to activate: its commitments, its published deal and expiration. */
export interface GenesisSector {
  SectorNumber: SectorNumber
  SealProof: RegisteredSealProof
  SealedCID: PreSeal['CommR']
  UnsealedCID: PreSeal['CommD']
  DealIDs: DealId[]
  Expiration: ChainEpoch
}

/**
 * What the miner actor offers genesis: make `sectors` active on miner `miner` and claim their
 * power with the power actor (Lotus pre-commits then confirms them). Runs on the genesis tree.
 */
export type ActivateGenesisSectors = (vm: GenesisVm, ctx: { miner: Address, worker: Address, sectors: readonly GenesisSector[], params: NetworkParams }) => Promise<void>

export interface GenesisMinersContext {
  params: NetworkParams
  networkVersion: number
  miners: readonly GenesisMiner[]
  source: string
  registry: ActorRegistry
  /** Absent while the build has no miner actor: then sectors cannot be activated. */
  activateSectors?: ActivateGenesisSectors
}

/**
 * Lotus's pre-seal expiration: the last proving-period boundary before the longest allowed
 * extension, `(maxPeriods - 1) × provingPeriod - 1` for a miner whose period starts at 0.
 */
export function presealExpiration (params: NetworkParams): ChainEpoch {
  const periods = Math.floor(MAX_SECTOR_EXPIRATION_EXTENSION / params.WPoStProvingPeriod)
  return ((periods - 1) * params.WPoStProvingPeriod - 1) as ChainEpoch
}

function peerIdBytes (m: GenesisMiner, where: string): Uint8Array {
  try {
    return base58btc.baseDecode(m.PeerId)
  } catch (err) {
    throw new GenesisInputError(`PeerId ${JSON.stringify(m.PeerId)} is not a base58 peer ID`, { value: m.PeerId, source: `${where}.PeerId`, cause: err })
  }
}

async function createMiner (vm: GenesisVm, m: GenesisMiner, networkVersion: number, where: string): Promise<void> {
  const spt = sealProofForSectorSize(m.SectorSize, `${where}.SectorSize`)
  const ret = await vm.exec(`creating genesis miner ${m.ID.toString()}`, m.Owner, StoragePowerActorAddr, m.PowerBalance, PowerMethods.CreateMiner, createMinerParamsCbor, {
    // Lotus makes the worker the owner too.
    Owner: m.Worker,
    Worker: m.Worker,
    WindowPoStProofType: windowPoStProofForSeal(spt, networkVersion),
    Peer: peerIdBytes(m, where),
    Multiaddrs: []
  })
  const created = decodeCbor(createMinerReturnCbor, ret, 'CreateMiner return')
  if (!created.IDAddress.equals(m.ID)) {
    throw new GenesisInputError(`miner was assigned ${created.IDAddress.toString()}, not ${m.ID.toString()}`, { value: m.ID.toString(), source: `${where}.ID` })
  }
}

/** Publishes each sector's self-deal, signed by its client key; returns the deal IDs in sector order. */
async function publishDeals (vm: GenesisVm, m: GenesisMiner, expiration: ChainEpoch, where: string): Promise<DealId[]> {
  if (m.Sectors.length === 0) return []
  const deals: ClientDealProposal[] = m.Sectors.map((s) => {
    const proposal: DealProposal = {
      PieceCID: s.Deal.PieceCID,
      PieceSize: s.Deal.PieceSize,
      VerifiedDeal: false,
      Client: s.Deal.Client,
      Provider: s.Deal.Provider,
      Label: s.Deal.Label,
      StartEpoch: s.Deal.StartEpoch as ChainEpoch,
      EndEpoch: expiration,
      StoragePricePerEpoch: s.Deal.StoragePricePerEpoch,
      ProviderCollateral: s.Deal.ProviderCollateral,
      ClientCollateral: s.Deal.ClientCollateral
    }
    return { Proposal: proposal, ClientSignature: sign(s.DealClientKey, encodeCbor(dealProposalCbor, proposal), `${where}.Sectors.DealClientKey`) }
  })
  const ret = await vm.exec(`publishing the pre-seal deals of ${m.ID.toString()}`, m.Worker, StorageMarketActorAddr, 0n as TokenAmount,
    MarketMethods.PublishStorageDeals, publishStorageDealsParamsCbor, { Deals: deals })
  const ids = decodeCbor(publishStorageDealsReturnCbor, ret, 'PublishStorageDeals return').IDs
  if (ids.length !== deals.length) {
    throw new GenesisInputError(`only ${ids.length} of ${deals.length} pre-seal deals of ${m.ID.toString()} were valid`, { source: `${where}.Sectors` })
  }
  return ids
}

/** Creates the template's miners on `tree` with their pre-sealed sectors active. */
export async function setupGenesisMiners (tree: StateTree, ctx: GenesisMinersContext): Promise<void> {
  const vm = genesisVm(tree, ctx.registry, ctx.networkVersion, ctx.source, policyFromNetworkParams(ctx.params, undefined, `${ctx.source}: NetworkParams`))
  const expiration = presealExpiration(ctx.params)
  for (const [i, m] of ctx.miners.entries()) {
    const where = `${ctx.source}: Miners[${i}]`
    await createMiner(vm, m, ctx.networkVersion, where)
    if (m.MarketBalance > 0n) {
      await vm.exec(`adding market funds for ${m.ID.toString()}`, m.Worker, StorageMarketActorAddr, m.MarketBalance, MarketMethods.AddBalance, addBalanceParamsCbor, m.ID)
    }
    if (m.Sectors.length === 0) continue
    if (ctx.activateSectors === undefined) {
      throw new GenesisInputError(`miner ${m.ID.toString()} has ${m.Sectors.length} pre-sealed sector(s), but this build's miner actor cannot activate sectors at genesis`,
        { source: `${where}.Sectors` })
    }
    const dealIds = await publishDeals(vm, m, expiration, where)
    const sectors: GenesisSector[] = m.Sectors.map((s, j) => ({
      SectorNumber: s.SectorID as SectorNumber,
      SealProof: s.ProofType,
      SealedCID: s.CommR,
      UnsealedCID: s.CommD,
      DealIDs: [dealIds[j]!],
      Expiration: expiration
    }))
    await ctx.activateSectors(vm, { miner: m.ID, worker: m.Worker, sectors, params: ctx.params })
  }
}
