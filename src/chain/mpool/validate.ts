/**
 * Stateless checks on a message, as Lotus Message.ValidForBlockInclusion and the pool's
 * checkMessage: field ranges, gas limit bounds, fee cap floor, size. Error texts are Lotus's.
 */
import { MessageVersion, serializeSignedMessage, type Message, type SignedMessage } from '../../core/message/index.js'
import { MpoolRejectedError } from './errors.js'
import { TotalFilecoin } from './params.js'

/** Why `msg` cannot go in a block, or undefined when it can (Lotus ValidForBlockInclusion). */
export function blockInclusionProblem (msg: Message, minGas: bigint, blockGasLimit: bigint): string | undefined {
  if (msg.Version !== MessageVersion) return "'Version' unsupported"
  if (msg.Value < 0n) return "'Value' field cannot be negative"
  if (msg.Value > TotalFilecoin) return "'Value' field cannot be greater than total filecoin supply"
  if (msg.GasFeeCap < 0n) return "'GasFeeCap' field cannot be negative"
  if (msg.GasPremium < 0n) return "'GasPremium' field cannot be negative"
  if (msg.GasPremium > msg.GasFeeCap) return "'GasFeeCap' less than 'GasPremium'"
  if (msg.GasLimit > blockGasLimit) return `'GasLimit' field cannot be greater than a block's gas limit (${msg.GasLimit} > ${blockGasLimit})`
  if (msg.GasLimit <= 0n) return `'GasLimit' field ${msg.GasLimit} must be positive`
  if (msg.GasLimit < minGas) return `'GasLimit' field cannot be less than the cost of storing a message on chain ${msg.GasLimit} < ${minGas}`
  return undefined
}

export interface MessageLimits {
  readonly maxMessageSize: number
  readonly blockGasLimit: bigint
  readonly minimumBaseFee: bigint
}

/** Lotus checkMessage, minus the signature: throws MpoolRejectedError; returns the serialised size. */
export function checkMessage (smsg: SignedMessage, limits: MessageLimits): number {
  const size = serializeSignedMessage(smsg).length
  if (size > limits.maxMessageSize) {
    throw new MpoolRejectedError('MessageTooBig', `mpool message too large (${size}B)`)
  }
  const problem = blockInclusionProblem(smsg.Message, 0n, limits.blockGasLimit)
  if (problem !== undefined) throw new MpoolRejectedError('InvalidMessage', problem)
  if (smsg.Message.Value >= TotalFilecoin) throw new MpoolRejectedError('MessageValueTooHigh')
  if (smsg.Message.GasFeeCap < limits.minimumBaseFee) {
    throw new MpoolRejectedError('GasFeeCapTooLow', `GasFeeCap ${smsg.Message.GasFeeCap} is below the minimum base fee ${limits.minimumBaseFee}`)
  }
  return size
}
