/**
 * Proving-period and deadline arithmetic (go-state-types `dline`, builtin-actors
 * `deadline_info.rs`, `assign_proving_period_offset`), pure functions of the policy.
 */
import { blake2b } from '@noble/hashes/blake2.js'
import type { Address } from '../../../../core/address/index.js'
import type { NetworkPolicy } from '../../policy.js'

type DeadlinePolicy = Pick<NetworkPolicy, 'WPoStPeriodDeadlines' | 'WPoStProvingPeriod' | 'WPoStChallengeWindow' | 'WPoStChallengeLookback' | 'FaultDeclarationCutoff'>

/** Lotus `dline.Info`: one deadline of one proving period, as seen at `CurrentEpoch`. */
export interface DeadlineInfo {
  CurrentEpoch: number
  PeriodStart: number
  Index: number
  Open: number
  Close: number
  Challenge: number
  FaultCutoff: number
  WPoStPeriodDeadlines: number
  WPoStProvingPeriod: number
  WPoStChallengeWindow: number
  WPoStChallengeLookback: number
  FaultDeclarationCutoff: number
}

/** The info of deadline `index` of the period starting at `periodStart` (`NewDeadlineInfo`). */
export function newDeadlineInfo (policy: DeadlinePolicy, periodStart: number, index: number, currentEpoch: number): DeadlineInfo {
  if (index < policy.WPoStPeriodDeadlines) {
    const open = periodStart + index * policy.WPoStChallengeWindow
    return {
      CurrentEpoch: currentEpoch,
      PeriodStart: periodStart,
      Index: index,
      Open: open,
      Close: open + policy.WPoStChallengeWindow,
      Challenge: open - policy.WPoStChallengeLookback,
      FaultCutoff: open - policy.FaultDeclarationCutoff,
      WPoStPeriodDeadlines: policy.WPoStPeriodDeadlines,
      WPoStProvingPeriod: policy.WPoStProvingPeriod,
      WPoStChallengeWindow: policy.WPoStChallengeWindow,
      WPoStChallengeLookback: policy.WPoStChallengeLookback,
      FaultDeclarationCutoff: policy.FaultDeclarationCutoff
    }
  }
  // The "deadline" after the last one: the proving period's end, as go-state-types.
  const afterLast = periodStart + policy.WPoStProvingPeriod
  return {
    CurrentEpoch: currentEpoch,
    PeriodStart: periodStart,
    Index: index,
    Open: afterLast,
    Close: afterLast,
    Challenge: afterLast,
    FaultCutoff: 0,
    WPoStPeriodDeadlines: policy.WPoStPeriodDeadlines,
    WPoStProvingPeriod: policy.WPoStProvingPeriod,
    WPoStChallengeWindow: policy.WPoStChallengeWindow,
    WPoStChallengeLookback: policy.WPoStChallengeLookback,
    FaultDeclarationCutoff: policy.FaultDeclarationCutoff
  }
}

/** Whether the proving period has started at the info's current epoch. */
export const periodStarted = (d: DeadlineInfo): boolean => d.CurrentEpoch >= d.PeriodStart
/** Whether the deadline's challenge window is open. */
export const deadlineIsOpen = (d: DeadlineInfo): boolean => d.CurrentEpoch >= d.Open && d.CurrentEpoch < d.Close
/** Whether the deadline has closed. */
export const deadlineHasElapsed = (d: DeadlineInfo): boolean => d.CurrentEpoch >= d.Close
/** Whether faults and recoveries for this deadline are no longer accepted. */
export const faultCutoffPassed = (d: DeadlineInfo): boolean => d.CurrentEpoch >= d.FaultCutoff
/** The last epoch of the challenge window. */
export const deadlineLast = (d: DeadlineInfo): number => d.Close - 1

/** The same deadline in the next proving period if this one has elapsed (`NextNotElapsed`). */
export function nextNotElapsed (policy: DeadlinePolicy, d: DeadlineInfo): DeadlineInfo {
  if (!deadlineHasElapsed(d)) return d
  const gap = d.CurrentEpoch - d.Close
  const periods = 1 + Math.floor(gap / d.WPoStProvingPeriod)
  return newDeadlineInfo(policy, d.PeriodStart + periods * d.WPoStProvingPeriod, d.Index, d.CurrentEpoch)
}

/** The largest epoch ≤ `epoch` congruent to `offset` modulo `unit` (`QuantSpec::quantize_down`). */
export function quantizeDown (epoch: number, unit: number, offset: number): number {
  const off = ((offset % unit) + unit) % unit
  const rem = (((epoch - off) % unit) + unit) % unit
  return epoch - rem
}

/** The smallest epoch ≥ `epoch` congruent to `offset` modulo `unit` (`QuantSpec::quantize_up`). */
export function quantizeUp (epoch: number, unit: number, offset: number): number {
  const down = quantizeDown(epoch, unit, offset)
  return down === epoch ? epoch : down + unit
}

/**
 * The deadline containing `epoch` for a miner whose proving periods start at `periodStartSeed`
 * modulo the proving period (`NewDeadlineInfoFromOffsetAndEpoch`): what Lotus's
 * StateMinerProvingDeadline reports (after {@link nextNotElapsed}).
 */
export function deadlineInfoFromOffsetAndEpoch (policy: DeadlinePolicy, periodStartSeed: number, epoch: number): DeadlineInfo {
  const periodStart = quantizeDown(epoch, policy.WPoStProvingPeriod, periodStartSeed)
  const index = Math.floor((epoch - periodStart) / policy.WPoStChallengeWindow)
  return newDeadlineInfo(policy, periodStart, index, epoch)
}

/**
 * A miner's proving period offset (builtin-actors `assign_proving_period_offset`): the first 8
 * bytes of blake2b-256(address bytes as CBOR ‖ epoch as big-endian u64), modulo the proving period.
 */
export function assignProvingPeriodOffset (policy: Pick<NetworkPolicy, 'WPoStProvingPeriod'>, miner: Address, epoch: number): number {
  const addr = miner.bytes
  const seed = new Uint8Array(1 + addr.length + 8)
  seed[0] = 0x40 | addr.length
  seed.set(addr, 1)
  new DataView(seed.buffer).setBigUint64(1 + addr.length, BigInt.asUintN(64, BigInt(epoch)))
  const digest = blake2b(seed, { dkLen: 32 })
  const n = new DataView(digest.buffer, digest.byteOffset).getBigUint64(0)
  return Number(n % BigInt(policy.WPoStProvingPeriod))
}

/** The start of the proving period containing `epoch` for `offset` (`current_proving_period_start`). */
export function currentProvingPeriodStart (policy: Pick<NetworkPolicy, 'WPoStProvingPeriod'>, epoch: number, offset: number): number {
  const modulus = ((epoch % policy.WPoStProvingPeriod) + policy.WPoStProvingPeriod) % policy.WPoStProvingPeriod
  const progress = modulus >= offset ? modulus - offset : policy.WPoStProvingPeriod - (offset - modulus)
  return epoch - progress
}

/** The index of the deadline open at `epoch` in the period starting at `periodStart`. */
export function currentDeadlineIndex (policy: Pick<NetworkPolicy, 'WPoStChallengeWindow'>, epoch: number, periodStart: number): number {
  return Math.floor((epoch - periodStart) / policy.WPoStChallengeWindow)
}

/**
 * Whether deadline `index` may be changed at `epoch` (builtin-actors `deadline_is_mutable`):
 * not while it is open or about to open (within the challenge window before it).
 */
export function deadlineIsMutable (policy: DeadlinePolicy, periodStart: number, index: number, epoch: number): boolean {
  const d = nextNotElapsed(policy, newDeadlineInfo(policy, periodStart, index, epoch))
  return epoch < d.Open - policy.WPoStChallengeWindow
}
