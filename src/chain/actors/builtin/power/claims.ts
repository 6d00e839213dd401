import type { Address } from '../../../../core/address/index.js'
import type { Hamt } from '../../../../core/ipld/index.js'
import { ActorError } from '../../../vm/errors.js'
import { ExitCode } from '../../../vm/exitcode.js'
import type { Claim, PowerState } from './state.js'

/**
 * Adds power deltas to a miner's claim and the network totals (builtin-actors
 * `State::add_to_claim`): committed totals always move; the consensus totals count a miner
 * only while it is at or above the minimum, and the miner count follows it across the line.
 */
export async function addToClaim (
  st: PowerState, claims: Hamt<Claim>, miner: Address, raw: bigint, qa: bigint, minimumPower: bigint
): Promise<void> {
  const old = await claims.get(miner.bytes)
  if (old === undefined) throw new ActorError(ExitCode.ErrNotFound, `no claim for actor ${miner.toString()}`)
  st.TotalQABytesCommitted += qa
  st.TotalBytesCommitted += raw
  const next: Claim = { ...old, RawBytePower: old.RawBytePower + raw, QualityAdjPower: old.QualityAdjPower + qa }
  const prevBelow = old.RawBytePower < minimumPower
  const stillBelow = next.RawBytePower < minimumPower
  if (prevBelow && !stillBelow) {
    st.MinerAboveMinPowerCount++
    st.TotalQualityAdjPower += next.QualityAdjPower
    st.TotalRawBytePower += next.RawBytePower
  } else if (!prevBelow && stillBelow) {
    st.MinerAboveMinPowerCount--
    st.TotalQualityAdjPower -= old.QualityAdjPower
    st.TotalRawBytePower -= old.RawBytePower
  } else if (!prevBelow && !stillBelow) {
    st.TotalQualityAdjPower += qa
    st.TotalRawBytePower += raw
  }
  if (next.RawBytePower < 0n) throw new ActorError(ExitCode.ErrIllegalState, `negative claimed raw byte power: ${next.RawBytePower}`)
  if (next.QualityAdjPower < 0n) throw new ActorError(ExitCode.ErrIllegalState, `negative claimed quality adjusted power: ${next.QualityAdjPower}`)
  if (st.MinerAboveMinPowerCount < 0n) throw new ActorError(ExitCode.ErrIllegalState, `negative count of miners above the minimum: ${st.MinerAboveMinPowerCount}`)
  await claims.set(miner.bytes, next)
}

/** Removes a miner's power from the totals and deletes its claim (builtin-actors `delete_claim`). */
export async function deleteClaim (st: PowerState, claims: Hamt<Claim>, miner: Address, minimumPower: bigint): Promise<void> {
  const claim = await claims.get(miner.bytes)
  if (claim === undefined) return
  await addToClaim(st, claims, miner, -claim.RawBytePower, -claim.QualityAdjPower, minimumPower)
  await claims.delete(miner.bytes)
}
