import type { TokenAmount } from '../../core/types.js'

/** Most gas one block may hold (Lotus `build.BlockGasLimit`). */
export const BlockGasLimit = 10_000_000_000n
/** The gas per block the base fee steers towards: half the limit (Lotus `BlockGasTarget`). */
export const BlockGasTarget = BlockGasLimit / 2n
/** The base fee moves by at most 1/8 (12.5%) per epoch (Lotus `BaseFeeMaxChangeDenom`). */
export const BaseFeeMaxChangeDenom = 8n
/** The base fee never drops below 100 attoFIL (Lotus `MinimumBaseFee`). */
export const MinimumBaseFee = 100n as TokenAmount
/** The base fee of the genesis block (Lotus `InitialBaseFee`, 100e6 attoFIL). */
export const InitialBaseFee = 100_000_000n as TokenAmount

/**
 * The base fee of the next tipset, EIP-1559 style (Lotus `ComputeNextBaseFee` after the Smoke
 * upgrade, which our devnet has from genesis): `gasLimitUsed` is the sum of the GasLimits of
 * the parent tipset's distinct messages and `blocks` the number of blocks in it.
 */
export function computeNextBaseFee (baseFee: TokenAmount, gasLimitUsed: bigint, blocks: number): TokenAmount {
  let delta = gasLimitUsed / BigInt(blocks) - BlockGasTarget
  if (delta > BlockGasTarget) delta = BlockGasTarget
  if (delta < -BlockGasTarget) delta = -BlockGasTarget
  const change = euclidDiv(euclidDiv(baseFee * delta, BlockGasTarget), BaseFeeMaxChangeDenom)
  const next = baseFee + change
  return (next < MinimumBaseFee ? MinimumBaseFee : next) as TokenAmount
}

/** Go's big.Int.Div: Euclidean division (rounds down for a positive divisor), unlike bigint's `/`. */
function euclidDiv (a: bigint, b: bigint): bigint {
  const q = a / b
  return a % b < 0n ? (b > 0n ? q - 1n : q + 1n) : q
}
