import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { TokenAmount } from '../../../src/core/types.js'
import {
  BlockGasLimit, BlockGasTarget, computeGasOutputs, computeGasOverestimationBurn, computeNextBaseFee, GasTracker, OutOfGasError
} from '../../../src/chain/gas/index.js'

const t = (n: bigint | number): TokenAmount => BigInt(n) as TokenAmount

// Vectors from lotus chain/vm/burn_test.go TestGasBurn: [used, limit, refund, burn].
const burnVectors: Array<[bigint, bigint, bigint, bigint]> = [
  [100n, 200n, 10n, 90n],
  [100n, 150n, 30n, 20n],
  [1000n, 1300n, 240n, 60n],
  [500n, 700n, 140n, 60n],
  [200n, 200n, 0n, 0n],
  [20000n, 21000n, 1000n, 0n],
  [0n, 2000n, 0n, 2000n],
  [500n, 651n, 121n, 30n],
  [500n, 5000n, 0n, 4500n],
  [7499_000_000n, 7500_000_000n, 1_000_000n, 0n],
  [7500_000_000n / 2n, 7500_000_000n, 375_000_000n, 3_375_000_000n],
  [1n, 7500_000_000n, 0n, 7_499_999_999n]
]

test('over-estimation burn matches lotus TestGasBurn', () => {
  for (const [used, limit, refund, burn] of burnVectors) {
    assert.deepEqual(computeGasOverestimationBurn(used, limit), [refund, burn], `used ${used} limit ${limit}`)
  }
})

// Vectors from lotus chain/vm/burn_test.go TestGasOutputs (base fee 10):
// [used, limit, feeCap, premium, BaseFeeBurn, OverEstimationBurn, MinerPenalty, MinerTip, Refund].
const outputVectors: Array<[bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint, bigint]> = [
  [100n, 110n, 11n, 1n, 1000n, 0n, 0n, 110n, 100n],
  [100n, 130n, 11n, 1n, 1000n, 60n, 0n, 130n, 240n],
  [100n, 110n, 10n, 1n, 1000n, 0n, 0n, 0n, 100n],
  [100n, 110n, 6n, 1n, 600n, 0n, 400n, 0n, 60n]
]

test('gas outputs match lotus TestGasOutputs', () => {
  for (const [used, limit, feeCap, premium, baseFeeBurn, overBurn, penalty, tip, refund] of outputVectors) {
    const out = computeGasOutputs(used, limit, t(10), t(feeCap), t(premium))
    assert.deepEqual(
      [out.BaseFeeBurn, out.OverEstimationBurn, out.MinerPenalty, out.MinerTip, out.Refund],
      [baseFeeBurn, overBurn, penalty, tip, refund],
      `used ${used} limit ${limit} feeCap ${feeCap}`
    )
  }
})

// Vectors from lotus chain/store/basefee_test.go TestBaseFee, post-Smoke column (our devnet
// has every upgrade from genesis): [baseFee, gasLimitUsed, blocks, next].
const baseFeeVectors: Array<[bigint, bigint, number, bigint]> = [
  [100_000_000n, 0n, 1, 87_500_000n],
  [100_000_000n, 0n, 5, 87_500_000n],
  [100_000_000n, BlockGasTarget, 1, 100_000_000n],
  [100_000_000n, BlockGasTarget * 2n, 2, 100_000_000n],
  [100_000_000n, BlockGasLimit * 2n, 2, 112_500_000n],
  [100_000_000n, (BlockGasLimit * 15n) / 10n, 2, 106_250_000n]
]

test('next base fee matches lotus TestBaseFee', () => {
  for (const [fee, used, blocks, next] of baseFeeVectors) {
    assert.equal(computeNextBaseFee(t(fee), used, blocks), next, `fee ${fee} used ${used} blocks ${blocks}`)
  }
})

test('the base fee never drops below the minimum and rounds down like Go big.Int', () => {
  assert.equal(computeNextBaseFee(t(100), 0n, 1), 100n)
  assert.equal(computeNextBaseFee(t(101), 0n, 1), 100n)
  // 1000 × (1 - 5e9) / 5e9 / 8: Euclidean division rounds the tiny negative change to -1.
  assert.equal(computeNextBaseFee(t(1000), BlockGasTarget - 1n, 1), 999n)
})

test('the gas tracker stops at the limit and then counts the whole limit as used', () => {
  const g = new GasTracker(100n)
  g.charge({ name: 'a', gas: 60n })
  assert.equal(g.used, 60n)
  assert.throws(() => g.charge({ name: 'b', gas: 41n }), OutOfGasError)
  assert.equal(g.used, 100n)
})
