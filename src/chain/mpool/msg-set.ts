/**
 * One sender's pending messages, by nonce, as Lotus's msgSet: `nextNonce` is the first nonce
 * after the run of consecutive messages starting at the state nonce, so a gapped message is
 * held (not selectable) and MpoolGetNonce hands out the missing nonce first.
 */
import type { SignedMessage } from '../../core/message/index.js'
import { signedMessageCid } from '../../core/message/index.js'
import { MpoolRejectedError } from './errors.js'
import { ReplaceByFeePercentageMinimum } from './params.js'

/** Premium a replacement must reach: floor(old × pct / 100) + 1 (Lotus ComputeRBF). */
export function computeMinRBF (oldPremium: bigint, percentage = ReplaceByFeePercentageMinimum): bigint {
  return oldPremium * BigInt(percentage) / 100n + 1n
}

/** Funds a message holds while pending: GasFeeCap × GasLimit + Value. */
export function pendingFunds (m: SignedMessage): bigint {
  return m.Message.GasFeeCap * m.Message.GasLimit + m.Message.Value
}

export interface MsgSetLimits {
  readonly maxPending: number
  readonly rbfPercentage: number
}

export class MsgSet {
  readonly msgs = new Map<bigint, SignedMessage>()
  nextNonce: bigint
  requiredFunds = 0n

  constructor (stateNonce: bigint) {
    this.nextNonce = stateNonce
  }

  /**
   * Adds `m`; returns the message it replaced (replace-by-fee), if any. `from` is the sender's
   * key address string, for error texts.
   */
  add (m: SignedMessage, from: string, limits: MsgSetLimits): SignedMessage | undefined {
    const nonce = m.Message.Nonce
    let next = this.nextNonce
    if (nonce === next) {
      next++
      while (this.msgs.has(next)) next++
    }
    const existing = this.msgs.get(nonce)
    if (existing !== undefined) {
      if (signedMessageCid(existing).equals(signedMessageCid(m))) {
        throw new MpoolRejectedError('ExistingNonce', `message from ${from} with nonce ${nonce} already in mpool`)
      }
      const minPrice = computeMinRBF(existing.Message.GasPremium, limits.rbfPercentage)
      if (m.Message.GasPremium < minPrice) {
        throw new MpoolRejectedError('RBFTooLowPremium',
          `message from ${from} with nonce ${nonce} already in mpool, increase GasPremium to ${minPrice} from ${m.Message.GasPremium} to trigger replace by fee`)
      }
      this.requiredFunds -= pendingFunds(existing)
    } else if (this.msgs.size >= limits.maxPending) {
      throw new MpoolRejectedError('TooManyPendingMessages', `${from} already has ${this.msgs.size} pending messages`)
    }
    this.nextNonce = next
    this.msgs.set(nonce, m)
    this.requiredFunds += pendingFunds(m)
    return existing
  }

  /**
   * Removes the message with `nonce`. `applied`: it was included in a tipset, so the next nonce
   * moves past it; otherwise (pruned, cleared) the next nonce rewinds to reopen the gap.
   */
  rm (nonce: bigint, applied: boolean): SignedMessage | undefined {
    const m = this.msgs.get(nonce)
    if (m === undefined) {
      if (applied && nonce >= this.nextNonce) {
        this.nextNonce = nonce + 1n
        while (this.msgs.has(this.nextNonce)) this.nextNonce++
      }
      return undefined
    }
    this.requiredFunds -= pendingFunds(m)
    this.msgs.delete(nonce)
    if (applied) {
      if (nonce >= this.nextNonce) this.nextNonce = nonce + 1n
    } else if (nonce < this.nextNonce) {
      this.nextNonce = nonce
    }
    return m
  }

  /** Funds held by the other pending messages when a message with `nonce` is added or replaced. */
  requiredFundsExcept (nonce: bigint): bigint {
    const m = this.msgs.get(nonce)
    return m === undefined ? this.requiredFunds : this.requiredFunds - pendingFunds(m)
  }

  /** Pending messages in nonce order. */
  toSlice (): SignedMessage[] {
    return [...this.msgs.values()].sort((a, b) => (a.Message.Nonce < b.Message.Nonce ? -1 : a.Message.Nonce > b.Message.Nonce ? 1 : 0))
  }
}
