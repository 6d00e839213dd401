import type { FilterEstimate } from '../reward/state.js'

const Precision = 128n
/** builtin-actors `DEFAULT_ALPHA` and `DEFAULT_BETA` (Q.128). */
export const DefaultAlpha = 314760000000000000000000000000000000n
export const DefaultBeta = 96640100000000000000000000000000n

function floorDiv (a: bigint, b: bigint): bigint {
  const q = a / b
  return (a % b !== 0n) && ((a < 0n) !== (b < 0n)) ? q - 1n : q
}

/**
 * The alpha-beta filter's next estimate after observing `observation` `epochDelta` epochs on
 * (builtin-actors `AlphaBetaFilter::next_estimate`), in Q.128 fixed point.
 */
export function nextEstimate (prev: FilterEstimate, observation: bigint, epochDelta: number,
  alpha: bigint = DefaultAlpha, beta: bigint = DefaultBeta): FilterEstimate {
  const deltaT = BigInt(epochDelta) << Precision
  let position = ((deltaT * prev.VelocityEstimate) >> Precision) + prev.PositionEstimate
  const residual = (observation << Precision) - position
  position += (alpha * residual) >> Precision
  const velocity = floorDiv(residual * beta, deltaT) + prev.VelocityEstimate
  return { PositionEstimate: position, VelocityEstimate: velocity }
}
