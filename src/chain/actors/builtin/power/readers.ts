import { addressFromBytes, type Address } from '../../../../core/address/index.js'
import { decodeCbor } from '../../../../core/cbor/index.js'
import { getBlock } from '../../../../core/ipld/index.js'
import type { TokenAmount } from '../../../../core/types.js'
import type { StateTree } from '../../../state/index.js'
import { IllegalStateError } from '../../../state/errors.js'
import { StoragePowerActorAddr } from '../addresses.js'
import { devnetStorageActorsPolicy } from './policy.js'
import { claimMeetsConsensusMinimum, loadClaims, powerStateCbor, type Claim, type PowerState } from './state.js'

/** Raw-byte and quality-adjusted power (Lotus `power.Claim` as the API prints it). */
export interface PowerPair { RawBytePower: bigint, QualityAdjPower: bigint }

/** The power actor's state in `tree`. */
export async function readPowerState (tree: StateTree): Promise<PowerState> {
  const actor = await tree.getActor(StoragePowerActorAddr)
  if (actor === null) throw new IllegalStateError('the state has no storage power actor (f04)')
  return decodeCbor(powerStateCbor, await getBlock(tree.store, actor.Head, 'power actor state'), 'power actor state')
}

/** A miner's claim, or undefined if it has none (any address form of the miner). */
export async function readMinerClaim (tree: StateTree, miner: Address): Promise<Claim | undefined> {
  const id = await tree.lookupId(miner)
  if (id === null) return undefined
  const st = await readPowerState(tree)
  return await (await loadClaims(tree.store, st)).get(id.bytes)
}

/** The network's totals (Lotus `TotalPower` and `TotalCommitted`) and miner counts. */
export interface PowerTotals {
  /** Power of miners at or above the consensus minimum. */
  total: PowerPair
  /** Everything committed, whatever the miner's size. */
  committed: PowerPair
  /** The values frozen by cron for this epoch (CurrentTotalPower). */
  thisEpoch: PowerPair
  pledgeCollateral: TokenAmount
  minerCount: bigint
  minerAboveMinPowerCount: bigint
}

export function powerTotals (st: PowerState): PowerTotals {
  return {
    total: { RawBytePower: st.TotalRawBytePower, QualityAdjPower: st.TotalQualityAdjPower },
    committed: { RawBytePower: st.TotalBytesCommitted, QualityAdjPower: st.TotalQABytesCommitted },
    thisEpoch: { RawBytePower: st.ThisEpochRawBytePower, QualityAdjPower: st.ThisEpochQualityAdjPower },
    pledgeCollateral: st.TotalPledgeCollateral,
    minerCount: st.MinerCount,
    minerAboveMinPowerCount: st.MinerAboveMinPowerCount
  }
}

/**
 * A miner's power beside the network's and whether it meets the consensus minimum, as Lotus
 * `GetPowerRaw` (the shape of StateMinerPower and the election's view); undefined without a claim.
 */
export async function readMinerPower (
  tree: StateTree, miner: Address, minimumPower: bigint = devnetStorageActorsPolicy.minimumConsensusPower
): Promise<{ miner: PowerPair, network: PowerPair, hasMinPower: boolean } | undefined> {
  const id = await tree.lookupId(miner)
  if (id === null) return undefined
  const st = await readPowerState(tree)
  const claim = await (await loadClaims(tree.store, st)).get(id.bytes)
  if (claim === undefined) return undefined
  return {
    miner: { RawBytePower: claim.RawBytePower, QualityAdjPower: claim.QualityAdjPower },
    network: powerTotals(st).total,
    hasMinPower: claimMeetsConsensusMinimum(st, claim, minimumPower)
  }
}

/** Every miner with a claim, as ID addresses in claims-HAMT order (Lotus `ListAllMiners`). */
export async function listMiners (tree: StateTree): Promise<Address[]> {
  const st = await readPowerState(tree)
  const out: Address[] = []
  for await (const key of (await loadClaims(tree.store, st)).keys()) out.push(addressFromBytes(key, 'power claims key'))
  return out
}
