/**
 * Power and money formulas. Nelumbo keeps builtin-actors' shapes but simplifies the numbers
 * (documented per function): smoothed estimates are read at their position (no velocity
 * projection), and penalties are a fixed number of days of the sector's expected reward.
 */
import type { TokenAmount } from '../../../../core/types.js'
import type { NetworkPolicy } from '../../policy.js'
import type { PowerPair } from './types.js'

/** What pledge and penalty formulas read from the reward and power actors. */
export interface RewardInputs {
  /** The reward actor's per-epoch reward (position of its smoothed estimate). */
  epochReward: bigint
  /** Network quality-adjusted power (position of the power actor's smoothed estimate). */
  networkQAPower: bigint
  /** The reward actor's baseline power this epoch. */
  baselinePower: bigint
  circulatingSupply: bigint
}

const FIL = 10n ** 18n
/** builtin-actors `INITIAL_PLEDGE_MAX_PER_BYTE`: 1 FIL per 32 GiB. */
export const InitialPledgeMaxPerByte = FIL / (32n << 30n)
/** Days of expected reward a pre-commit deposit and the storage part of initial pledge cover (`PRE_COMMIT_DEPOSIT_PROJECTION_PERIOD`, `INITIAL_PLEDGE_PROJECTION_PERIOD`). */
export const PledgeProjectionDays = 20n
/** Share of circulating supply consensus pledge targets (`INITIAL_PLEDGE_LOCK_TARGET`: 30%). */
const LockTargetNum = 3n
const LockTargetDenom = 10n
/** Continued-fault penalty: 3.51 days of expected reward (`CONTINUED_FAULT_FACTOR_NUM/DENOM`, `CONTINUED_FAULT_PROJECTION_PERIOD`). */
const FaultPenaltyNum = 351n
const FaultPenaltyDenom = 100n
/** Termination fee: up to 140 days of the sector's age at half its day reward (`TERMINATION_LIFETIME_CAP`, `TERMINATION_REWARD_FACTOR`). */
const TerminationLifetimeCapDays = 140n

/**
 * A sector's quality-adjusted power: raw size, with verified deal space-time weighing ten times
 * (builtin-actors `qa_power_for_weight`; plain deals weigh as committed capacity since v12).
 */
export function qaPowerForWeight (sectorSize: bigint, duration: number, verifiedWeight: bigint): bigint {
  const spaceTime = sectorSize * BigInt(Math.max(duration, 1))
  const verified = verifiedWeight > spaceTime ? spaceTime : verifiedWeight
  return ((spaceTime - verified) * 10n + verified * 100n) * sectorSize / (spaceTime * 10n)
}

export function powerForSector (sectorSize: bigint, activation: number, expiration: number, verifiedWeight: bigint): PowerPair {
  return { Raw: sectorSize, QA: qaPowerForWeight(sectorSize, expiration - activation, verifiedWeight) }
}

/** Expected reward for `qaPower` over `days` (builtin-actors `expected_reward_for_power`, at the estimates' positions). */
export function expectedRewardForPower (policy: Pick<NetworkPolicy, 'EpochsInDay'>, inputs: RewardInputs, qaPower: bigint, days: bigint): TokenAmount {
  const epochs = days * BigInt(policy.EpochsInDay)
  if (inputs.networkQAPower <= 0n) return (inputs.epochReward * epochs) as TokenAmount
  return (inputs.epochReward * qaPower * epochs / inputs.networkQAPower) as TokenAmount
}

function capPerByte (amount: bigint, qaPower: bigint): TokenAmount {
  const cap = qaPower * InitialPledgeMaxPerByte
  return (amount > cap ? cap : amount) as TokenAmount
}

/**
 * Pre-commit deposit for a sector of `qaPower`: 20 days of its expected reward (builtin-actors
 * `pre_commit_deposit_for_power`), capped as initial pledge is at 1 FIL per 32 GiB so that a
 * devnet's small network power does not make deposits absurd.
 */
export function preCommitDepositForPower (policy: Pick<NetworkPolicy, 'EpochsInDay'>, inputs: RewardInputs, qaPower: bigint): TokenAmount {
  return capPerByte(expectedRewardForPower(policy, inputs, qaPower, PledgeProjectionDays), qaPower)
}

/**
 * Initial pledge for a sector of `qaPower` (builtin-actors `initial_pledge_for_power`): storage
 * pledge (20 days of expected reward) plus consensus pledge (the sector's share of 30% of
 * circulating supply, against max(network QA power, baseline)), capped at 1 FIL per 32 GiB.
 */
export function initialPledgeForPower (policy: Pick<NetworkPolicy, 'EpochsInDay'>, inputs: RewardInputs, qaPower: bigint): TokenAmount {
  const storage = expectedRewardForPower(policy, inputs, qaPower, PledgeProjectionDays)
  let denom = inputs.networkQAPower > inputs.baselinePower ? inputs.networkQAPower : inputs.baselinePower
  if (qaPower > denom) denom = qaPower
  const consensus = denom === 0n ? 0n : inputs.circulatingSupply * LockTargetNum * qaPower / (LockTargetDenom * denom)
  return capPerByte(storage + consensus, qaPower)
}

/** Penalty for `qaPower` being faulty at one deadline's end: 3.51 days of its expected reward. */
export function faultPenaltyForPower (policy: Pick<NetworkPolicy, 'EpochsInDay'>, inputs: RewardInputs, qaPower: bigint): TokenAmount {
  const day = expectedRewardForPower(policy, inputs, qaPower, 1n)
  return (day * FaultPenaltyNum / FaultPenaltyDenom) as TokenAmount
}

/**
 * Termination fee for one sector (builtin-actors `pledge_penalty_for_termination`, simplified):
 * max(3.51 days of its expected day reward, half its day reward × its age in days up to 140),
 * never more than its initial pledge.
 */
export function terminationFee (policy: Pick<NetworkPolicy, 'EpochsInDay'>, s: { ExpectedDayReward: bigint, InitialPledge: bigint, PowerBaseEpoch: number }, epoch: number): TokenAmount {
  const ageDays = BigInt(Math.max(0, Math.floor((epoch - s.PowerBaseEpoch) / policy.EpochsInDay)))
  const capped = ageDays > TerminationLifetimeCapDays ? TerminationLifetimeCapDays : ageDays
  const lower = s.ExpectedDayReward * FaultPenaltyNum / FaultPenaltyDenom
  const aged = s.ExpectedDayReward * capped / 2n
  const fee = lower > aged ? lower : aged
  return (fee > s.InitialPledge ? s.InitialPledge : fee) as TokenAmount
}
