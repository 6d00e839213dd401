import type { TokenAmount } from '../../core/types.js'

// Lotus burns a share of the gas a message reserved but did not use: nothing up to 10% over
// the gas used, then a growing share (Lotus chain/vm/burn.go, gasOveruseNum/Denom).
const GasOveruseNum = 11n
const GasOveruseDenom = 10n

/** Where a message's gas payment goes (Lotus `vm.GasOutputs`), all attoFIL except the gas counts. */
export interface GasOutputs {
  /** BaseFee × GasUsed, sent to the burnt funds actor. */
  BaseFeeBurn: TokenAmount
  /** BaseFee × GasBurned for over-estimating the gas limit, burnt too. */
  OverEstimationBurn: TokenAmount
  /** What the block's miner owes for including the message (fee cap below the base fee, invalid messages). */
  MinerPenalty: TokenAmount
  /** The miner's tip: min(GasPremium, GasFeeCap - BaseFee) × GasLimit, paid through the reward actor. */
  MinerTip: TokenAmount
  /** What goes back to the sender out of GasFeeCap × GasLimit. */
  Refund: TokenAmount
  GasRefund: bigint
  GasBurned: bigint
}

const zero = 0n as TokenAmount

/** All amounts zero (Lotus `ZeroGasOutputs`). */
export function zeroGasOutputs (): GasOutputs {
  return { BaseFeeBurn: zero, OverEstimationBurn: zero, MinerPenalty: zero, MinerTip: zero, Refund: zero, GasRefund: 0n, GasBurned: 0n }
}

/**
 * Splits the unused gas into refunded and burnt parts (Lotus `ComputeGasOverestimationBurn`):
 * returns [gasRefund, gasBurned].
 */
export function computeGasOverestimationBurn (gasUsed: bigint, gasLimit: bigint): [bigint, bigint] {
  if (gasUsed === 0n) return [0n, gasLimit]
  // over*gasUsed = min(gasLimit - 11*gasUsed/10, gasUsed); Go's int64 division truncates toward zero, as bigint's does.
  let over = gasLimit - (GasOveruseNum * gasUsed) / GasOveruseDenom
  if (over < 0n) return [gasLimit - gasUsed, 0n]
  if (over > gasUsed) over = gasUsed
  const gasToBurn = ((gasLimit - gasUsed) * over) / gasUsed
  return [gasLimit - gasUsed - gasToBurn, gasToBurn]
}

/**
 * The fee split of one message (Lotus `ComputeGasOutputs`). `chargeNetworkFee` false skips
 * the base fee burn (Lotus never does that since network version 13; kept for parity).
 */
export function computeGasOutputs (
  gasUsed: bigint, gasLimit: bigint, baseFee: TokenAmount, feeCap: TokenAmount, gasPremium: TokenAmount,
  chargeNetworkFee = true
): GasOutputs {
  const out = zeroGasOutputs()
  let baseFeeToPay: bigint = baseFee
  let minerPenalty = 0n
  if (baseFee > feeCap) {
    baseFeeToPay = feeCap
    minerPenalty = (baseFee - feeCap) * gasUsed
  }
  if (chargeNetworkFee) out.BaseFeeBurn = (baseFeeToPay * gasUsed) as TokenAmount
  let minerTip: bigint = gasPremium
  if (baseFeeToPay + minerTip > feeCap) minerTip = feeCap - baseFeeToPay
  out.MinerTip = (minerTip * gasLimit) as TokenAmount
  const [gasRefund, gasBurned] = computeGasOverestimationBurn(gasUsed, gasLimit)
  out.GasRefund = gasRefund
  out.GasBurned = gasBurned
  if (gasBurned !== 0n) {
    out.OverEstimationBurn = (baseFeeToPay * gasBurned) as TokenAmount
    minerPenalty += (baseFee - baseFeeToPay) * gasBurned
  }
  out.MinerPenalty = minerPenalty as TokenAmount
  out.Refund = (gasLimit * feeCap - out.BaseFeeBurn - out.MinerTip - out.OverEstimationBurn) as TokenAmount
  return out
}
