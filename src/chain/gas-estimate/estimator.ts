/**
 * Gas estimation, as Lotus node/impl/full/gas.go: GasEstimateGasLimit (a dry run on the head
 * state), GasEstimateGasPremium (median premium of recent blocks, with Lotus's floor),
 * GasEstimateFeeCap (base fee grown for `maxqueueblks` epochs, plus premium) and
 * GasEstimateMessageGas (fills what is zero, then caps the fee).
 */
import type { Message } from '../../core/message/index.js'
import type { TokenAmount } from '../../core/types.js'
import { NelumboError } from '../../core/errors.js'
import { capGasFee, type MessageSendSpec } from '../mpool/fees.js'
import { BaseFeeMaxChangeDenom, BlockGasLimit, BlockGasTarget, MinimumBaseFee } from '../gas/index.js'
import { DefaultMaxFee, GasLimitOverestimation } from '../mpool/params.js'
import type { GasEstimateDeps } from './types.js'

/** Floor of the premium estimate, attoFIL per gas (Lotus MinGasPremium). */
export const MinGasPremium = 100_000n

export interface GasEstimatorOptions {
  /** Multiplier on the dry run's gas used (Lotus MpoolConfig.GasLimitOverestimation, 1.25). */
  readonly gasLimitOverestimation?: number
  /** Fee cap when a send spec has no MaxFee (Lotus FeeConfig.DefaultMaxFee, 0.07 FIL). */
  readonly defaultMaxFee?: bigint
  /**
   * Factor applied to the premium estimate. Lotus multiplies by 1 + N(0, 0.005) so that
   * estimates from many nodes spread out; by default Nelumbo adds no noise so results are
   * reproducible.
   */
  readonly premiumNoise?: () => number
  readonly blockGasLimit?: bigint
  readonly blockGasTarget?: bigint
}

export class GasEstimationError extends NelumboError {
  constructor (message: string, options?: { cause?: unknown }) {
    super('ERR_GAS_ESTIMATION', message, options)
  }
}

/** Lotus medianGasPremium: the premium at which recent blocks filled half their gas target. */
export function medianGasPremium (prices: ReadonlyArray<{ price: bigint, limit: bigint }>, blocks: number, blockGasTarget = BlockGasTarget): bigint {
  const sorted = [...prices].sort((a, b) => (a.price > b.price ? -1 : a.price < b.price ? 1 : 0))
  let at = blockGasTarget * BigInt(blocks) / 2n
  let prev1 = 0n
  let prev2 = 0n
  for (const p of sorted) {
    prev2 = prev1
    prev1 = p.price
    at -= p.limit
    if (at < 0n) break
  }
  return prev2 !== 0n ? (prev1 + prev2) / 2n : prev1
}

/** Lotus gasEstimateFeeCap: parentBaseFee × ⌊(1 + 1/8)^maxqueueblks × 256⌋ / 256 + premium. */
export function feeCapFor (parentBaseFee: bigint, premium: bigint, maxqueueblks: number): bigint {
  const increaseFactor = Math.pow(1 + 1 / Number(BaseFeeMaxChangeDenom), maxqueueblks)
  const feeInFuture = parentBaseFee * BigInt(Math.trunc(increaseFactor * 256))
  return feeInFuture / 256n + premium
}

export class GasEstimator {
  private readonly overestimation: number
  private readonly defaultMaxFee: bigint
  private readonly blockGasLimit: bigint
  private readonly blockGasTarget: bigint

  constructor (private readonly deps: GasEstimateDeps, private readonly options: GasEstimatorOptions = {}) {
    this.overestimation = options.gasLimitOverestimation ?? GasLimitOverestimation
    this.defaultMaxFee = options.defaultMaxFee ?? DefaultMaxFee
    this.blockGasLimit = options.blockGasLimit ?? BlockGasLimit
    this.blockGasTarget = options.blockGasTarget ?? BlockGasTarget
  }

  /** GasEstimateGasLimit: gas the message uses when run after the sender's pending messages. */
  async estimateGasLimit (msgIn: Message): Promise<bigint> {
    const msg: Message = {
      ...msgIn,
      GasLimit: this.blockGasLimit,
      GasFeeCap: (MinimumBaseFee + 1n) as TokenAmount,
      GasPremium: 1n as TokenAmount
    }
    let pending
    try {
      pending = await this.deps.mpool.pendingFor(await this.deps.state.resolveKey(msgIn.From))
    } catch (err) {
      throw new GasEstimationError(`getting key address: ${(err as Error).message}`, { cause: err })
    }
    let res
    try {
      res = await this.deps.executor.callWithGas(msg, pending)
    } catch (err) {
      throw new GasEstimationError(`CallWithGas failed: ${(err as Error).message}`, { cause: err })
    }
    if (res.ExitCode !== 0) {
      throw new GasEstimationError(`message execution failed: exit ${res.ExitCode}, reason: ${res.Error ?? ''}`)
    }
    return res.GasUsed
  }

  /**
   * GasEstimateGasPremium: the median premium (see medianGasPremium) of the messages in the
   * `nblocksincl × 2` tipsets below the head, floored at 2×, 1.5× or 1× MinGasPremium for
   * inclusion within 1, 2 or more blocks.
   */
  async estimateGasPremium (nblocksincl: number): Promise<bigint> {
    const n = nblocksincl === 0 ? 1 : nblocksincl
    const prices: Array<{ price: bigint, limit: bigint }> = []
    let blocks = 0
    let ts = await this.deps.chain.head()
    for (let i = 0; i < n * 2; i++) {
      if (ts.height === 0) break
      const pts = await this.deps.chain.loadTipSet(ts.parents)
      blocks += pts.blockCount
      for (const m of pts.messages) prices.push({ price: m.GasPremium, limit: m.GasLimit })
      ts = pts
    }
    let premium = medianGasPremium(prices, blocks, this.blockGasTarget)
    if (premium < MinGasPremium) {
      premium = n === 1 ? 2n * MinGasPremium : n === 2 ? MinGasPremium * 3n / 2n : MinGasPremium
    }
    const noise = this.options.premiumNoise
    if (noise !== undefined) {
      // As Lotus: premium × ⌊noise × 2^32⌋ + 1, over 2^32.
      premium = premium * (BigInt(Math.trunc(noise() * 2 ** 32)) + 1n) / (1n << 32n)
    }
    return premium
  }

  /** GasEstimateFeeCap: the head's base fee grown for `maxqueueblks` epochs, plus the premium. */
  async estimateFeeCap (msg: Message, maxqueueblks: number): Promise<bigint> {
    const head = await this.deps.chain.head()
    return feeCapFor(head.parentBaseFee, msg.GasPremium, maxqueueblks)
  }

  /** GasEstimateMessageGas: fills a zero GasLimit, GasPremium and GasFeeCap, then applies MaxFee. */
  async estimateMessageGas (msgIn: Message, spec?: MessageSendSpec): Promise<Message> {
    let msg = { ...msgIn }
    if (msg.GasLimit === 0n) {
      const used = await this.estimateGasLimit(msg)
      let limit = BigInt(Math.trunc(Number(used) * this.overestimation))
      if (limit > this.blockGasLimit) limit = this.blockGasLimit
      msg.GasLimit = limit
    }
    if (msg.GasPremium === 0n) {
      try {
        msg.GasPremium = (await this.estimateGasPremium(10)) as TokenAmount
      } catch (err) {
        throw new GasEstimationError(`estimating gas price: ${(err as Error).message}`, { cause: err })
      }
    }
    if (msg.GasFeeCap === 0n) {
      try {
        msg.GasFeeCap = (await this.estimateFeeCap(msg, 20)) as TokenAmount
      } catch (err) {
        throw new GasEstimationError(`estimating fee cap: ${(err as Error).message}`, { cause: err })
      }
    }
    msg = capGasFee(msg, this.defaultMaxFee, spec)
    return msg
  }
}
