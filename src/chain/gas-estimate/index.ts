/**
 * Gas estimation (GasEstimateGasLimit, GasEstimateGasPremium, GasEstimateFeeCap,
 * GasEstimateMessageGas) with Lotus's arithmetic.
 *
 * @example
 * ```ts
 * const gas = new GasEstimator({ chain, executor, mpool, state })
 * const filled = await gas.estimateMessageGas(msg, { MaxFee: tokenAmount(10n ** 17n) })
 * ```
 */
export * from './types.js'
export { GasEstimator, GasEstimationError, MinGasPremium, medianGasPremium, feeCapFor, type GasEstimatorOptions } from './estimator.js'
export { chainGasView, type GasChainStore } from './chain-adapter.js'
