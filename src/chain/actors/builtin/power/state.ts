import type { Address } from '../../../../core/address/index.js'
import type { CborCodec } from '../../../../core/cbor/index.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { address, bigInt, bytes, cid, int, int64, nullable, tokenAmount, uint64 } from '../../../../core/cbor/scalars.js'
import type { CID } from '../../../../core/cid.js'
import { Hamt, intKey, type Blockstore } from '../../../../core/ipld/index.js'
import type { ChainEpoch, TokenAmount } from '../../../../core/types.js'
import { filterEstimateCbor, type FilterEstimate } from '../reward/state.js'
import { emptyHamt, Multimap, typedValues } from './collections.js'

/** A miner's claimed power (builtin-actors `power::Claim`). */
export interface Claim {
  /** The miner's Window PoSt proof type, which sets its minimum power. */
  WindowPoStProofType: number
  RawBytePower: bigint
  QualityAdjPower: bigint
}
export const claimCbor: CborCodec<Claim> = tuple('Claim', { WindowPoStProofType: int, RawBytePower: bigInt, QualityAdjPower: bigInt })

/** A miner's deferred cron callback (builtin-actors `power::CronEvent`). */
export interface CronEvent { MinerAddr: Address, CallbackPayload: Uint8Array }
export const cronEventCbor: CborCodec<CronEvent> = tuple('CronEvent', { MinerAddr: address, CallbackPayload: bytes() })

/**
 * The power actor's state, field for field as builtin-actors v16 `power::State` (so Lotus's
 * state readers print it): network totals (those of miners above the consensus minimum, and
 * everything committed), the values frozen for this epoch by cron, the smoothed QA power
 * estimate, miner counts, the cron event queue and the claims HAMT.
 */
export interface PowerState {
  TotalRawBytePower: bigint
  TotalBytesCommitted: bigint
  TotalQualityAdjPower: bigint
  TotalQABytesCommitted: bigint
  TotalPledgeCollateral: TokenAmount
  ThisEpochRawBytePower: bigint
  ThisEpochQualityAdjPower: bigint
  ThisEpochPledgeCollateral: TokenAmount
  ThisEpochQAPowerSmoothed: FilterEstimate
  MinerCount: bigint
  MinerAboveMinPowerCount: bigint
  RampStartEpoch: bigint
  RampDurationEpochs: bigint
  /** Multimap HAMT[epoch]AMT[CronEvent] (bit widths 6/6). */
  CronEventQueue: CID
  FirstCronEpoch: ChainEpoch
  /** HAMT[address]Claim (bit width 5). */
  Claims: CID
  /** Deprecated (FIP-0084); always null. */
  ProofValidationBatch: CID | null
}

export const powerStateCbor: CborCodec<PowerState> = tuple('PowerState', {
  TotalRawBytePower: bigInt,
  TotalBytesCommitted: bigInt,
  TotalQualityAdjPower: bigInt,
  TotalQABytesCommitted: bigInt,
  TotalPledgeCollateral: tokenAmount,
  ThisEpochRawBytePower: bigInt,
  ThisEpochQualityAdjPower: bigInt,
  ThisEpochPledgeCollateral: tokenAmount,
  ThisEpochQAPowerSmoothed: filterEstimateCbor,
  MinerCount: int64,
  MinerAboveMinPowerCount: int64,
  RampStartEpoch: int64,
  RampDurationEpochs: uint64,
  CronEventQueue: cid,
  FirstCronEpoch: int as unknown as CborCodec<ChainEpoch>,
  Claims: cid,
  ProofValidationBatch: nullable(cid)
})

export const ClaimsBitWidth = 5
export const CronQueueHamtBitWidth = 6
export const CronQueueAmtBitWidth = 6
/** Below this many miners above the minimum, every miner with power counts (builtin-actors `CONSENSUS_MINER_MIN_MINERS`). */
export const ConsensusMinerMinMiners = 4n

/** builtin-actors' initial QA power estimate: 750,000 GiB, growing 3,840 GiB per epoch (Q.128). */
export const InitialQaPowerEstimate: FilterEstimate = {
  PositionEstimate: (750_000n << 30n) << 128n,
  VelocityEstimate: (3_840n << 30n) << 128n
}

export async function newPowerState (store: Blockstore): Promise<PowerState> {
  return {
    TotalRawBytePower: 0n,
    TotalBytesCommitted: 0n,
    TotalQualityAdjPower: 0n,
    TotalQABytesCommitted: 0n,
    TotalPledgeCollateral: 0n as TokenAmount,
    ThisEpochRawBytePower: 0n,
    ThisEpochQualityAdjPower: 0n,
    ThisEpochPledgeCollateral: 0n as TokenAmount,
    ThisEpochQAPowerSmoothed: InitialQaPowerEstimate,
    MinerCount: 0n,
    MinerAboveMinPowerCount: 0n,
    RampStartEpoch: 0n,
    RampDurationEpochs: 0n,
    CronEventQueue: await emptyHamt(store, CronQueueHamtBitWidth),
    FirstCronEpoch: 0 as ChainEpoch,
    Claims: await emptyHamt(store, ClaimsBitWidth),
    ProofValidationBatch: null
  }
}

export async function loadClaims (store: Blockstore, st: PowerState): Promise<Hamt<Claim>> {
  return await Hamt.load(store, st.Claims, { bitWidth: ClaimsBitWidth, codec: typedValues(claimCbor) })
}

export async function loadCronQueue (store: Blockstore, st: PowerState): Promise<Multimap<CronEvent>> {
  return await Multimap.load(store, st.CronEventQueue, { outer: CronQueueHamtBitWidth, inner: CronQueueAmtBitWidth }, typedValues(cronEventCbor))
}

/** The cron queue's key for an epoch (builtin-actors `epoch_key`: a signed varint). */
export function epochKey (epoch: number): Uint8Array {
  return intKey(epoch)
}

/** The totals the network counts: committed bytes while fewer than 4 miners meet the minimum, else their power. */
export function currentTotalPower (st: PowerState): { raw: bigint, qa: bigint } {
  return st.MinerAboveMinPowerCount < ConsensusMinerMinMiners
    ? { raw: st.TotalBytesCommitted, qa: st.TotalQABytesCommitted }
    : { raw: st.TotalRawBytePower, qa: st.TotalQualityAdjPower }
}

/**
 * Whether a claim meets the consensus minimum (builtin-actors
 * `miner_nominal_power_meets_consensus_minimum`): at or above the policy minimum, or, while
 * fewer than 4 miners are, any positive power.
 */
export function claimMeetsConsensusMinimum (st: PowerState, claim: Claim, minimumPower: bigint): boolean {
  if (claim.RawBytePower >= minimumPower) return true
  if (st.MinerAboveMinPowerCount >= ConsensusMinerMinMiners) return false
  return claim.RawBytePower > 0n
}
