import type { CborCodec } from '../../../../core/cbor/index.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { bigInt, int, tokenAmount } from '../../../../core/cbor/scalars.js'
import type { TokenAmount } from '../../../../core/types.js'

/** A Q.128 fixed-point estimate and its rate of change (go-state-types `smoothing.FilterEstimate`). */
export interface FilterEstimate {
  PositionEstimate: bigint
  VelocityEstimate: bigint
}
export const filterEstimateCbor: CborCodec<FilterEstimate> = tuple('FilterEstimate', {
  PositionEstimate: bigInt,
  VelocityEstimate: bigInt
})

/** Q.128: the estimate of a constant `value` with no velocity. */
export function constantEstimate (value: bigint): FilterEstimate {
  return { PositionEstimate: value << 128n, VelocityEstimate: 0n }
}

/** The value a filter estimate holds now (its position, out of Q.128). */
export function estimateValue (e: FilterEstimate): bigint {
  return e.PositionEstimate >> 128n
}

/**
 * Nelumbo's reward actor state. Filecoin mints by a baseline-minting curve; our devnet pays a
 * flat schedule instead, so the state holds the schedule and what has been paid:
 *
 * - ThisEpochReward: FIL minted per epoch; a block with WinCount w pays
 *   ThisEpochReward × w / ExpectedLeadersPerEpoch (as builtin-actors' AwardBlockReward).
 * - ThisEpochRewardSmoothed: the same as a constant filter estimate, in the shape the miner
 *   actor's pledge formulas read (builtin-actors `ThisEpochReward` method).
 * - ThisEpochBaselinePower: a constant network baseline (bytes) for those formulas.
 * - Epoch: the last epoch the power actor reported network power (UpdateNetworkKPI).
 * - TotalStoragePowerReward: block rewards paid so far (gas tips excluded).
 * - CurrRealizedPower: the network quality-adjusted power last reported.
 */
export interface RewardState {
  ThisEpochReward: TokenAmount
  ThisEpochRewardSmoothed: FilterEstimate
  ThisEpochBaselinePower: bigint
  Epoch: number
  TotalStoragePowerReward: TokenAmount
  CurrRealizedPower: bigint
}

export const rewardStateCbor: CborCodec<RewardState> = tuple('RewardState', {
  ThisEpochReward: tokenAmount,
  ThisEpochRewardSmoothed: filterEstimateCbor,
  ThisEpochBaselinePower: bigInt,
  Epoch: int,
  TotalStoragePowerReward: tokenAmount,
  CurrRealizedPower: bigInt
})

/** Expected block winners per epoch (builtin-actors `EXPECTED_LEADERS_PER_EPOCH`). */
export const ExpectedLeadersPerEpoch = 5n
/** Devnet default: 100 FIL per epoch, so 20 FIL per win. */
export const DefaultEpochReward = (100n * 10n ** 18n) as TokenAmount
/** Devnet default baseline: builtin-actors' initial baseline, 2.5 EiB. */
export const DefaultBaselinePower = (5n << 60n) / 2n

export function newRewardState (epochReward: TokenAmount = DefaultEpochReward, baselinePower: bigint = DefaultBaselinePower): RewardState {
  return {
    ThisEpochReward: epochReward,
    ThisEpochRewardSmoothed: constantEstimate(epochReward),
    ThisEpochBaselinePower: baselinePower,
    Epoch: 0,
    TotalStoragePowerReward: 0n as TokenAmount,
    CurrRealizedPower: 0n
  }
}
