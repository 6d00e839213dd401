/**
 * What every miner method shares: the policy in force, caller checks against the miner's
 * info, the reward/power inputs of pledge formulas, power and pledge updates to the power actor,
 * burning, and the available-balance rule.
 */
import type { Address } from '../../../../core/address/index.js'
import { decodeCbor, encodeCbor } from '../../../../core/cbor/index.js'
import type { TokenAmount } from '../../../../core/types.js'
import { ExitCode } from '../../../vm/exitcode.js'
import type { Runtime } from '../../../vm/runtime.js'
import type { NetworkPolicy } from '../../policy.js'
import { BurntFundsActorAddr, RewardActorAddr, StoragePowerActorAddr } from '../addresses.js'
import {
  currentTotalPowerReturnCbor, enrollCronEventParamsCbor, PowerMethods, updateClaimedPowerParamsCbor, updatePledgeTotalParamsCbor
} from '../power/types.js'
import { RewardMethods, thisEpochRewardReturnCbor } from '../reward/actor.js'
import { estimateValue } from '../reward/state.js'
import type { RewardInputs } from './monies.js'
import type { MinerInfo, MinerState } from './state.js'
import { cronEventPayloadCbor, isZeroPower, type PowerPair } from './types.js'

/** The network policy for this call, as the VM carries it. */
export function policyOf (rt: Runtime): NetworkPolicy {
  return rt.policy
}

const zero = 0n as TokenAmount

/** Aborts with ErrForbidden unless the immediate caller is one of `allowed`. */
export function callerMustBe (rt: Runtime, allowed: readonly Address[], what: string): void {
  if (!allowed.some((a) => a.equals(rt.caller))) {
    rt.abort(ExitCode.ErrForbidden, `caller ${rt.caller.toString()} is not ${what}`)
  }
}

/** Worker or a control address (builtin-actors `control_addresses + worker`). */
export function workerOrControl (info: MinerInfo): Address[] {
  return [info.Worker, ...info.ControlAddresses]
}

/** Owner, worker or control address. */
export function anyControl (info: MinerInfo): Address[] {
  return [info.Owner, info.Worker, ...info.ControlAddresses]
}

/** Resolves `addr` to an ID address of an existing actor, or aborts with ErrIllegalArgument. */
export async function resolveControl (rt: Runtime, addr: Address, what: string): Promise<Address> {
  const id = await rt.resolveAddress(addr)
  if (id === null) rt.abort(ExitCode.ErrIllegalArgument, `${what} ${addr.toString()} does not exist`)
  return id
}

/**
 * Balance not locked away: balance − pre-commit deposits − locked (vesting) funds − initial
 * pledge (builtin-actors `get_unlocked_balance`), then minus fee debt (`get_available_balance`).
 * Can be negative when fee debt exceeds it.
 */
export function availableBalance (balance: bigint, st: MinerState): bigint {
  return balance - st.PreCommitDeposits - st.LockedFunds - st.InitialPledge - st.FeeDebt
}

export function unlockedBalance (balance: bigint, st: MinerState): bigint {
  return balance - st.PreCommitDeposits - st.LockedFunds - st.InitialPledge
}

/** Reward and network power figures for pledge formulas. */
export async function rewardInputs (rt: Runtime): Promise<RewardInputs> {
  const r = await rt.send(RewardActorAddr, RewardMethods.ThisEpochReward, new Uint8Array(0), zero)
  if (r.exitCode !== ExitCode.Ok) rt.abort(r.exitCode, 'failed to check epoch baseline power')
  const reward = decodeCbor(thisEpochRewardReturnCbor, r.return, 'ThisEpochReward return')
  const p = await rt.send(StoragePowerActorAddr, PowerMethods.CurrentTotalPower, new Uint8Array(0), zero)
  if (p.exitCode !== ExitCode.Ok) rt.abort(p.exitCode, 'failed to check current power')
  const power = decodeCbor(currentTotalPowerReturnCbor, p.return, 'CurrentTotalPower return')
  return {
    epochReward: estimateValue(reward.ThisEpochRewardSmoothed),
    networkQAPower: estimateValue(power.QualityAdjPowerSmoothed),
    baselinePower: reward.ThisEpochBaselinePower,
    circulatingSupply: rt.circulatingSupply
  }
}

/** Tells the power actor the miner's claimed power changed by `delta` (skipped when zero). */
export async function requestUpdatePower (rt: Runtime, delta: PowerPair): Promise<void> {
  if (isZeroPower(delta)) return
  const ret = await rt.send(StoragePowerActorAddr, PowerMethods.UpdateClaimedPower,
    encodeCbor(updateClaimedPowerParamsCbor, { RawByteDelta: delta.Raw, QualityAdjustedDelta: delta.QA }), zero)
  if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, 'failed to update power with power actor')
}

/** Tells the power actor the miner's pledge changed by `delta` (skipped when zero). */
export async function notifyPledgeChanged (rt: Runtime, delta: bigint): Promise<void> {
  if (delta === 0n) return
  const ret = await rt.send(StoragePowerActorAddr, PowerMethods.UpdatePledgeTotal, encodeCbor(updatePledgeTotalParamsCbor, delta as TokenAmount), zero)
  if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, 'failed to update total pledge')
}

/** Sends `amount` to the burnt-funds actor. */
export async function burnFunds (rt: Runtime, amount: bigint): Promise<void> {
  if (amount > 0n) await rt.transfer(BurntFundsActorAddr, amount as TokenAmount)
}

/** Enrolls a power-actor cron callback at `epoch` of type `eventType`. */
export async function enrollCronEvent (rt: Runtime, epoch: number, eventType: number): Promise<void> {
  const ret = await rt.send(StoragePowerActorAddr, PowerMethods.EnrollCronEvent, encodeCbor(enrollCronEventParamsCbor, {
    EventEpoch: epoch as never,
    Payload: encodeCbor(cronEventPayloadCbor, { EventType: eventType })
  }), zero)
  if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, 'failed to enroll cron event')
}

/**
 * Takes `amount` from the miner's unlocked balance, recording what it cannot pay as fee debt
 * (builtin-actors `apply_penalty` + `repay_partial_debt_in_priority_order`, without vesting).
 * Returns the amount payable now, to be burnt after the state transaction.
 */
export function applyPenalty (st: MinerState, balance: bigint, amount: bigint): bigint {
  st.FeeDebt = (st.FeeDebt + amount) as TokenAmount
  return repayDebt(st, balance)
}

/** Pays as much fee debt as the unlocked balance allows; returns the amount to burn. */
export function repayDebt (st: MinerState, balance: bigint): bigint {
  const unlocked = unlockedBalance(balance, st)
  const pay = unlocked <= 0n ? 0n : (unlocked < st.FeeDebt ? unlocked : st.FeeDebt)
  st.FeeDebt = (st.FeeDebt - pay) as TokenAmount
  return pay
}
