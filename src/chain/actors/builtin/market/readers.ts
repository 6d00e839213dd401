import { addressFromBytes, type Address } from '../../../../core/address/index.js'
import { decodeCbor } from '../../../../core/cbor/index.js'
import { getBlock } from '../../../../core/ipld/index.js'
import type { DealId, SectorNumber, TokenAmount } from '../../../../core/types.js'
import type { StateTree } from '../../../state/index.js'
import { IllegalStateError } from '../../../state/errors.js'
import { StorageMarketActorAddr } from '../addresses.js'
import { MarketCollections, marketStateCbor, type MarketState } from './state.js'
import { EpochUndefined, type DealProposal, type DealState } from './types.js'

/** The market actor's state in `tree`. */
export async function readMarketState (tree: StateTree): Promise<MarketState> {
  const actor = await tree.getActor(StorageMarketActorAddr)
  if (actor === null) throw new IllegalStateError('the state has no storage market actor (f05)')
  return decodeCbor(marketStateCbor, await getBlock(tree.store, actor.Head, 'market actor state'), 'market actor state')
}

/** Escrow and locked funds of an address (Lotus `MarketBalance`, StateMarketBalance). */
export interface MarketBalance { Escrow: TokenAmount, Locked: TokenAmount }

export async function readMarketBalance (tree: StateTree, addr: Address): Promise<MarketBalance> {
  const id = await tree.lookupId(addr)
  if (id === null) return { Escrow: 0n as TokenAmount, Locked: 0n as TokenAmount }
  const c = new MarketCollections(tree.store, await readMarketState(tree))
  return { Escrow: await (await c.escrow()).get(id), Locked: await (await c.locked()).get(id) }
}

/** A deal as StateMarketStorageDeal prints it (Lotus `MarketDeal`); an unactivated deal's state is all -1. */
export interface MarketDeal { Proposal: DealProposal, State: DealState }

export const EmptyDealState: DealState = {
  SectorNumber: 0 as SectorNumber,
  SectorStartEpoch: EpochUndefined,
  LastUpdatedEpoch: EpochUndefined,
  SlashEpoch: EpochUndefined
}

/** One deal by ID, or undefined if there is no such proposal (any more). */
export async function readMarketDeal (tree: StateTree, id: DealId): Promise<MarketDeal | undefined> {
  const c = new MarketCollections(tree.store, await readMarketState(tree))
  const proposal = await (await c.proposals()).get(id)
  if (proposal === undefined) return undefined
  return { Proposal: proposal, State: await (await c.states()).get(id) ?? EmptyDealState }
}

/** Every deal with a proposal, by deal ID (StateMarketDeals). */
export async function readMarketDeals (tree: StateTree): Promise<Map<DealId, MarketDeal>> {
  const c = new MarketCollections(tree.store, await readMarketState(tree))
  const states = await c.states()
  const out = new Map<DealId, MarketDeal>()
  for await (const [id, proposal] of (await c.proposals()).entries()) {
    out.set(Number(id) as DealId, { Proposal: proposal, State: await states.get(id) ?? EmptyDealState })
  }
  return out
}

/** Every escrow holder's balance (StateMarketParticipants). */
export async function readMarketParticipants (tree: StateTree): Promise<Map<string, MarketBalance>> {
  const c = new MarketCollections(tree.store, await readMarketState(tree))
  const locked = await c.locked()
  const out = new Map<string, MarketBalance>()
  for await (const [key, escrow] of (await c.escrow()).entries()) {
    const addr = addressFromBytes(key, 'escrow table key')
    out.set(addr.toString(), { Escrow: escrow, Locked: await locked.get(addr) })
  }
  return out
}

