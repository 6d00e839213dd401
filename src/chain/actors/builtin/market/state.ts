import type { CborCodec } from '../../../../core/cbor/index.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { cid, tokenAmount, uint } from '../../../../core/cbor/scalars.js'
import type { CID } from '../../../../core/cid.js'
import { Amt, Hamt, type Blockstore, type ValueCodec } from '../../../../core/ipld/index.js'
import type { ChainEpoch, DealId, TokenAmount } from '../../../../core/types.js'
import { cidValues, emptyAmt, emptyHamt, typedValues } from '../power/collections.js'
import { BalanceTable } from './balance-table.js'
import { dealProposalCbor, dealStateCbor, epochCbor, type DealProposal, type DealState } from './types.js'

/**
 * The market actor's state, field for field as builtin-actors v16 `market::State`:
 * proposals and states AMTs by deal ID, the set of pending proposal CIDs (duplicate guard),
 * escrow and locked balance tables, the next deal ID, deal operations scheduled by epoch, the
 * last cron epoch, locked totals, verified allocations of unactivated deals and the deals of
 * each provider's sectors.
 */
export interface MarketState {
  /** AMT[DealID]DealProposal, bit width 5. */
  Proposals: CID
  /** AMT[DealID]DealState, bit width 6. */
  States: CID
  /** Set (HAMT[proposal CID]null). */
  PendingProposals: CID
  /** HAMT[address]TokenAmount, bit width 6. */
  EscrowTable: CID
  LockedTable: CID
  NextID: DealId
  /** SetMultimap HAMT[epoch]HAMT[DealID]null. */
  DealOpsByEpoch: CID
  LastCron: ChainEpoch
  TotalClientLockedCollateral: TokenAmount
  TotalProviderLockedCollateral: TokenAmount
  TotalClientStorageFee: TokenAmount
  /** HAMT[DealID]AllocationID. */
  PendingDealAllocationIds: CID
  /** HAMT[ActorID]HAMT[SectorNumber][]DealID. */
  ProviderSectors: CID
}

export const marketStateCbor: CborCodec<MarketState> = tuple('MarketState', {
  Proposals: cid,
  States: cid,
  PendingProposals: cid,
  EscrowTable: cid,
  LockedTable: cid,
  NextID: uint as unknown as CborCodec<DealId>,
  DealOpsByEpoch: cid,
  LastCron: epochCbor,
  TotalClientLockedCollateral: tokenAmount,
  TotalProviderLockedCollateral: tokenAmount,
  TotalClientStorageFee: tokenAmount,
  PendingDealAllocationIds: cid,
  ProviderSectors: cid
})

export const ProposalsAmtBitWidth = 5
export const StatesAmtBitWidth = 6
const HamtBitWidth = 5

export async function newMarketState (store: Blockstore): Promise<MarketState> {
  const emptyMap = await emptyHamt(store, HamtBitWidth)
  const emptyBalances = await BalanceTable.emptyRoot(store)
  return {
    Proposals: await emptyAmt(store, ProposalsAmtBitWidth),
    States: await emptyAmt(store, StatesAmtBitWidth),
    PendingProposals: emptyMap,
    EscrowTable: emptyBalances,
    LockedTable: emptyBalances,
    NextID: 0 as DealId,
    DealOpsByEpoch: emptyMap,
    LastCron: -1 as ChainEpoch,
    TotalClientLockedCollateral: 0n as TokenAmount,
    TotalProviderLockedCollateral: 0n as TokenAmount,
    TotalClientStorageFee: 0n as TokenAmount,
    PendingDealAllocationIds: emptyMap,
    ProviderSectors: emptyMap
  }
}

/** Set members and multimap leaves store CBOR null, as builtin-actors' `Set` does. */
export const nullValues: ValueCodec<null> = { encode: () => Uint8Array.of(0xf6), decode: () => null }
const dealIdsValues = typedValues({
  name: 'DealID[]',
  toCbor: (v: DealId[]) => v,
  fromCbor: (v: unknown, path: string) => {
    if (!Array.isArray(v)) throw new TypeError(`${path}: expected an array of deal IDs`)
    return v.map((x) => Number(x) as DealId)
  }
})
const allocationIdValues = typedValues({
  name: 'AllocationID',
  toCbor: (v: bigint) => v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v,
  fromCbor: (v: unknown) => BigInt(v as number)
})

/**
 * The market state's collections, loaded on first use within one state transaction and
 * written back to the state by {@link MarketCollections.flush}.
 */
export class MarketCollections {
  readonly store: Blockstore
  readonly st: MarketState
  #proposals?: Amt<DealProposal>
  #states?: Amt<DealState>
  #pending?: Hamt<null>
  #escrow?: BalanceTable
  #locked?: BalanceTable
  #ops?: Hamt<CID>
  #allocs?: Hamt<bigint>
  #providerSectors?: Hamt<CID>

  constructor (store: Blockstore, st: MarketState) {
    this.store = store
    this.st = st
  }

  async proposals (): Promise<Amt<DealProposal>> {
    this.#proposals ??= await Amt.load(this.store, this.st.Proposals, { bitWidth: ProposalsAmtBitWidth, codec: typedValues(dealProposalCbor) })
    return this.#proposals
  }

  async states (): Promise<Amt<DealState>> {
    this.#states ??= await Amt.load(this.store, this.st.States, { bitWidth: StatesAmtBitWidth, codec: typedValues(dealStateCbor) })
    return this.#states
  }

  async pending (): Promise<Hamt<null>> {
    this.#pending ??= await Hamt.load(this.store, this.st.PendingProposals, { bitWidth: HamtBitWidth, codec: nullValues })
    return this.#pending
  }

  async escrow (): Promise<BalanceTable> {
    this.#escrow ??= await BalanceTable.load(this.store, this.st.EscrowTable)
    return this.#escrow
  }

  async locked (): Promise<BalanceTable> {
    this.#locked ??= await BalanceTable.load(this.store, this.st.LockedTable)
    return this.#locked
  }

  async dealOps (): Promise<Hamt<CID>> {
    this.#ops ??= await Hamt.load(this.store, this.st.DealOpsByEpoch, { bitWidth: HamtBitWidth, codec: cidValues })
    return this.#ops
  }

  async pendingAllocations (): Promise<Hamt<bigint>> {
    this.#allocs ??= await Hamt.load(this.store, this.st.PendingDealAllocationIds, { bitWidth: HamtBitWidth, codec: allocationIdValues })
    return this.#allocs
  }

  async providerSectors (): Promise<Hamt<CID>> {
    this.#providerSectors ??= await Hamt.load(this.store, this.st.ProviderSectors, { bitWidth: HamtBitWidth, codec: cidValues })
    return this.#providerSectors
  }

  /** A provider's HAMT[SectorNumber][]DealID (empty if none). */
  async sectorDeals (root: CID | undefined): Promise<Hamt<DealId[]>> {
    return root === undefined
      ? Hamt.create(this.store, { bitWidth: HamtBitWidth, codec: dealIdsValues })
      : await Hamt.load(this.store, root, { bitWidth: HamtBitWidth, codec: dealIdsValues })
  }

  /** A deal-ops epoch bucket: HAMT[DealID]null. */
  async opsBucket (root: CID | undefined): Promise<Hamt<null>> {
    return root === undefined
      ? Hamt.create(this.store, { bitWidth: HamtBitWidth, codec: nullValues })
      : await Hamt.load(this.store, root, { bitWidth: HamtBitWidth, codec: nullValues })
  }

  async flush (): Promise<void> {
    if (this.#proposals !== undefined) this.st.Proposals = await this.#proposals.flush()
    if (this.#states !== undefined) this.st.States = await this.#states.flush()
    if (this.#pending !== undefined) this.st.PendingProposals = await this.#pending.flush()
    if (this.#escrow !== undefined) this.st.EscrowTable = await this.#escrow.flush()
    if (this.#locked !== undefined) this.st.LockedTable = await this.#locked.flush()
    if (this.#ops !== undefined) this.st.DealOpsByEpoch = await this.#ops.flush()
    if (this.#allocs !== undefined) this.st.PendingDealAllocationIds = await this.#allocs.flush()
    if (this.#providerSectors !== undefined) this.st.ProviderSectors = await this.#providerSectors.flush()
  }
}
