/**
 * The fee limit a sender puts on a message (Lotus api.MessageSendSpec) and the cap it applies
 * (Lotus messagepool.CapGasFee).
 */
import type { Message } from '../../core/message/index.js'
import type { TokenAmount } from '../../core/types.js'

export interface MessageSendSpec {
  /** Most the sender will pay in gas fees, GasFeeCap × GasLimit; 0 or absent: the node's default. */
  readonly MaxFee?: TokenAmount
  /** Set GasFeeCap to MaxFee / GasLimit even when the estimate is lower. */
  readonly MaximizeFeeCap?: boolean
}

/**
 * Lotus CapGasFee: when GasFeeCap × GasLimit exceeds the max fee (or MaximizeFeeCap is set),
 * GasFeeCap becomes maxFee / GasLimit (rounded down); GasPremium never exceeds GasFeeCap.
 */
export function capGasFee (msg: Message, defaultMaxFee: bigint, spec?: MessageSendSpec): Message {
  const maxFee = spec?.MaxFee !== undefined && spec.MaxFee !== 0n ? spec.MaxFee : defaultMaxFee
  let feeCap: bigint = msg.GasFeeCap
  if (msg.GasLimit > 0n && (spec?.MaximizeFeeCap === true || feeCap * msg.GasLimit > maxFee)) {
    feeCap = maxFee / msg.GasLimit
  }
  const premium = msg.GasPremium < feeCap ? msg.GasPremium : feeCap
  return { ...msg, GasFeeCap: feeCap as TokenAmount, GasPremium: premium as TokenAmount }
}
