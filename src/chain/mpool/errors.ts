/**
 * Why the message pool refused a message. Each message ends with Lotus's sentinel text
 * (`message nonce too low`, `not enough funds to execute transaction`, …) after the detail, as
 * Lotus's wrapped errors print, so scripts that match Lotus output keep working. `reason`
 * names the sentinel for code that branches on it.
 */
import { NelumboError } from '../../core/errors.js'

export const MpoolRejection = {
  MessageTooBig: 'message too big',
  MessageValueTooHigh: 'cannot send more filecoin than will ever exist',
  NonceTooLow: 'message nonce too low',
  GasFeeCapTooLow: 'gas fee cap too low',
  NotEnoughFunds: 'not enough funds to execute transaction',
  InvalidToAddr: 'message had invalid to address',
  SoftValidationFailure: 'validation failure',
  RBFTooLowPremium: 'replace by fee has too low GasPremium',
  TooManyPendingMessages: 'too many pending messages for actor',
  NonceGap: 'unfulfilled nonce gap',
  ExistingNonce: 'message with nonce already exists',
  InvalidMessage: 'message will not be included in a block',
  BadSignature: 'signature verification failed',
  UnknownSender: 'failed to look up actor state nonce'
} as const

export type MpoolRejectionReason = keyof typeof MpoolRejection

const codes: Record<MpoolRejectionReason, string> = {
  MessageTooBig: 'ERR_MPOOL_MESSAGE_TOO_BIG',
  MessageValueTooHigh: 'ERR_MPOOL_VALUE_TOO_HIGH',
  NonceTooLow: 'ERR_MPOOL_NONCE_TOO_LOW',
  GasFeeCapTooLow: 'ERR_MPOOL_FEE_CAP_TOO_LOW',
  NotEnoughFunds: 'ERR_MPOOL_NOT_ENOUGH_FUNDS',
  InvalidToAddr: 'ERR_MPOOL_INVALID_TO',
  SoftValidationFailure: 'ERR_MPOOL_VALIDATION',
  RBFTooLowPremium: 'ERR_MPOOL_RBF_TOO_LOW_PREMIUM',
  TooManyPendingMessages: 'ERR_MPOOL_TOO_MANY_PENDING',
  NonceGap: 'ERR_MPOOL_NONCE_GAP',
  ExistingNonce: 'ERR_MPOOL_EXISTING_NONCE',
  InvalidMessage: 'ERR_MPOOL_INVALID_MESSAGE',
  BadSignature: 'ERR_MPOOL_BAD_SIGNATURE',
  UnknownSender: 'ERR_MPOOL_UNKNOWN_SENDER'
}

/** Reasons Lotus prints as a prefix (`signature verification failed: <why>`) rather than a suffix. */
const prefixed = new Set<MpoolRejectionReason>(['InvalidMessage', 'BadSignature', 'UnknownSender'])

/** A message the pool refused; `message` is `<detail>: <Lotus sentinel>` (or `<sentinel>: <detail>`). */
export class MpoolRejectedError extends NelumboError {
  readonly reason: MpoolRejectionReason
  constructor (reason: MpoolRejectionReason, detail?: string, options?: { cause?: unknown }) {
    const sentinel = MpoolRejection[reason]
    const message = detail === undefined ? sentinel : prefixed.has(reason) ? `${sentinel}: ${detail}` : `${detail}: ${sentinel}`
    super(codes[reason], message, options)
    this.reason = reason
  }
}

/** MpoolPushMessage could not prepare the message (bad input, estimation, balance). */
export class MpoolPushMessageError extends NelumboError {
  constructor (message: string, options?: { cause?: unknown }) {
    super('ERR_MPOOL_PUSH_MESSAGE', message, options)
  }
}
