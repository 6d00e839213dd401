import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { GasEstimator, GasEstimationError, feeCapFor, medianGasPremium, type GasTipSet, type MessageExecutor } from '../../../src/chain/gas-estimate/index.js'
import { capGasFee } from '../../../src/chain/mpool/index.js'
import { newIdAddress, type Address } from '../../../src/core/address/index.js'
import type { Message, SignedMessage } from '../../../src/core/message/index.js'
import type { MethodNum, TokenAmount } from '../../../src/core/types.js'

const from = newIdAddress(1001)
function msg (over: Partial<Message> = {}): Message {
  return {
    Version: 0, To: newIdAddress(1000), From: from, Nonce: 0n, Value: 0n as TokenAmount, GasLimit: 0n,
    GasFeeCap: 0n as TokenAmount, GasPremium: 0n as TokenAmount, Method: 0n as MethodNum, Params: new Uint8Array(), ...over
  }
}

function chainOf (tipsets: GasTipSet[]) {
  const byKey = new Map(tipsets.map((t) => [t.key, t]))
  const head = tipsets[tipsets.length - 1] as GasTipSet
  return {
    head: () => head,
    loadTipSet: (k: string) => {
      const t = byKey.get(k)
      if (t === undefined) throw new Error(`no tipset ${k}`)
      return t
    }
  }
}

function ts (height: number, parentBaseFee: bigint, messages: GasTipSet['messages'] = [], blockCount = 1): GasTipSet {
  return { key: `t${height}`, parents: `t${height - 1}`, height, parentBaseFee, blockCount, messages }
}

function estimator (executor: MessageExecutor, tipsets: GasTipSet[] = [ts(0, 100n), ts(1, 100n)], pending: SignedMessage[] = []) {
  return new GasEstimator({
    chain: chainOf(tipsets),
    executor,
    mpool: { pendingFor: async (_a: Address) => pending },
    state: { resolveKey: (a: Address) => a }
  })
}

const used = (gas: bigint): MessageExecutor => ({ callWithGas: async () => ({ ExitCode: 0, GasUsed: gas }) })

describe('arithmetic', () => {
  test('fee cap: base fee × ⌊1.125^n × 256⌋ / 256 + premium', () => {
    assert.equal(feeCapFor(256n, 0n, 20), 2699n)
    assert.equal(feeCapFor(256n, 5n, 10), 831n + 5n)
    assert.equal(feeCapFor(100n, 0n, 0), 100n)
    assert.equal(feeCapFor(1000n, 7n, 20), 1000n * 2699n / 256n + 7n)
  })

  test('median premium: where recent blocks filled half their gas target', () => {
    const half = 2_500_000_000n
    assert.equal(medianGasPremium([], 1), 0n)
    assert.equal(medianGasPremium([{ price: 300n, limit: half + 1n }, { price: 100n, limit: 1n }], 1), 300n)
    // the walk passes the midpoint on the second price: the mean of the two
    assert.equal(medianGasPremium([{ price: 100n, limit: half }, { price: 300n, limit: half }], 1), 200n)
    assert.equal(medianGasPremium([{ price: 301n, limit: half }, { price: 100n, limit: half }], 1), 200n)
  })

  test('capGasFee: MaxFee / GasLimit, MaximizeFeeCap, premium never above the cap, default max fee', () => {
    const m = msg({ GasLimit: 1000n, GasFeeCap: 500n as TokenAmount, GasPremium: 400n as TokenAmount })
    const capped = capGasFee(m, 10n ** 18n, { MaxFee: 300_000n as TokenAmount })
    assert.equal(capped.GasFeeCap, 300n)
    assert.equal(capped.GasPremium, 300n)
    assert.equal(capGasFee(m, 10n ** 18n, { MaxFee: 10n ** 9n as TokenAmount }).GasFeeCap, 500n)
    assert.equal(capGasFee(m, 10n ** 18n, { MaxFee: 10n ** 9n as TokenAmount, MaximizeFeeCap: true }).GasFeeCap, 1_000_000n)
    assert.equal(capGasFee(m, 250_999n).GasFeeCap, 250n)
    assert.equal(capGasFee(m, 250_999n, { MaxFee: 0n as TokenAmount }).GasFeeCap, 250n)
  })
})

describe('GasEstimator', () => {
  test('gas limit: dry run with the block gas limit, after the sender\'s pending messages', async () => {
    let seen: { msg: Message, prior: readonly SignedMessage[] } | undefined
    const pending = [{ Message: msg({ Nonce: 0n }), Signature: { type: 1, data: new Uint8Array(65) } }] as SignedMessage[]
    const est = estimator({ callWithGas: async (m, prior) => { seen = { msg: m, prior }; return { ExitCode: 0, GasUsed: 1234n } } }, undefined, pending)
    assert.equal(await est.estimateGasLimit(msg()), 1234n)
    assert.equal(seen?.msg.GasLimit, 10_000_000_000n)
    assert.equal(seen?.msg.GasFeeCap, 101n)
    assert.equal(seen?.msg.GasPremium, 1n)
    assert.equal(seen?.prior.length, 1)
  })

  test('a failing dry run reports the exit code', async () => {
    const est = estimator({ callWithGas: async () => ({ ExitCode: 6, GasUsed: 10n, Error: 'insufficient funds' }) })
    await assert.rejects(est.estimateGasLimit(msg()), (err: unknown) =>
      err instanceof GasEstimationError && err.message === 'message execution failed: exit 6, reason: insufficient funds')
    const broken = estimator({ callWithGas: async () => { throw new Error('boom') } })
    await assert.rejects(broken.estimateGasLimit(msg()), /^GasEstimationError: CallWithGas failed: boom|CallWithGas failed: boom/)
  })

  test('premium: Lotus floor when recent blocks are empty', async () => {
    const est = estimator(used(0n))
    assert.equal(await est.estimateGasPremium(1), 200_000n)
    assert.equal(await est.estimateGasPremium(2), 150_000n)
    assert.equal(await est.estimateGasPremium(10), 100_000n)
  })

  test('premium: median of the tipsets below the head', async () => {
    const chain = [ts(0, 100n), ts(1, 100n, [{ GasPremium: 400_000n as TokenAmount, GasLimit: 3_000_000_000n }]), ts(2, 100n)]
    const est = estimator(used(0n), chain)
    assert.equal(await est.estimateGasPremium(1), 400_000n)
  })

  test('message gas: limit × 1.25 (capped at the block limit), premium and fee cap filled, MaxFee applied', async () => {
    const est = estimator(used(1_000_001n), [ts(0, 100n), ts(1, 1000n)])
    const out = await est.estimateMessageGas(msg())
    assert.equal(out.GasLimit, 1_250_001n)
    assert.equal(out.GasPremium, 100_000n)
    assert.equal(out.GasFeeCap, 1000n * 2699n / 256n + 100_000n)
    const capped = await est.estimateMessageGas(msg(), { MaxFee: 1_250_001n * 50n as TokenAmount })
    assert.equal(capped.GasFeeCap, 50n)
    assert.equal(capped.GasPremium, 50n)
    const given = await est.estimateMessageGas(msg({ GasLimit: 777_777n, GasPremium: 5n as TokenAmount, GasFeeCap: 9n as TokenAmount }))
    assert.deepEqual([given.GasLimit, given.GasPremium, given.GasFeeCap], [777_777n, 5n, 9n])
    const huge = await estimator(used(9_000_000_000n)).estimateMessageGas(msg())
    assert.equal(huge.GasLimit, 10_000_000_000n)
  })
})
