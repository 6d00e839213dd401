/**
 * The message pool's limits and fee constants, with Lotus's values and names
 * (chain/messagepool, build/buildconstants); block gas and base fee constants are the gas
 * model's (`src/chain/gas`). Devnet-independent: Lotus uses the same numbers
 * on every network.
 */
import { FilecoinPrecision } from '../../core/token/index.js'
import { onChainMessage } from '../gas/index.js'

/** Largest signed message the pool accepts, in serialised bytes (Lotus MaxMessageSize, 64 KiB). */
export const MaxMessageSize = 64 << 10
/** Pending messages one sender may have (Lotus MaxActorPendingMessages). */
export const MaxActorPendingMessages = 1000
/** Replace-by-fee: a same-nonce message needs GasPremium > old × 110 / 100 (Lotus ReplaceByFeePercentageMinimum). */
export const ReplaceByFeePercentageMinimum = 110
/** What `lotus mpool replace --auto` bumps by (Lotus ReplaceByFeePercentageDefault). */
export const ReplaceByFeePercentageDefault = 125
/** Gas limit estimates are multiplied by this (Lotus GasLimitOverestimation). */
export const GasLimitOverestimation = 1.25
/** Messages one block may carry (Lotus BlockMessageLimit). */
export const BlockMessageLimit = 10_000
/** All FIL that will ever exist, in attoFIL (Lotus TotalFilecoinInt). */
export const TotalFilecoin = 2_000_000_000n * FilecoinPrecision
/** Fee cap used when a send spec gives no MaxFee: 0.07 FIL (Lotus DefaultDefaultMaxFee). */
export const DefaultMaxFee = 7n * FilecoinPrecision / 100n

/** Gas charged for storing a message of `size` bytes on chain: the floor for its GasLimit. */
export function onChainMessageGas (size: number): bigint {
  return onChainMessage(size).gas
}
