/**
 * Picks a block's messages from the node's pending set (`MpoolPending`), a simple stand-in for
 * Lotus's `MpoolSelect`: each sender's messages as one nonce run from its lowest pending nonce,
 * senders ordered by the premium of their first message, within the block gas limit and a
 * message count.
 */
import type { SignedMessage } from '../core/message/index.js'

/** build.BlockGasLimit. */
export const BLOCK_GAS_LIMIT = 10_000_000_000n

/** build.BlockMessageLimit. */
export const BLOCK_MESSAGE_LIMIT = 10_000

export interface SelectLimits {
  maxMessages?: number
  gasLimit?: bigint
}

export function selectMessages (pending: readonly SignedMessage[], limits: SelectLimits = {}): SignedMessage[] {
  const maxMessages = limits.maxMessages ?? BLOCK_MESSAGE_LIMIT
  let gasLeft = limits.gasLimit ?? BLOCK_GAS_LIMIT
  const bySender = new Map<string, SignedMessage[]>()
  for (const m of pending) {
    const k = m.Message.From.toString()
    let list = bySender.get(k)
    if (list === undefined) bySender.set(k, list = [])
    list.push(m)
  }
  const chains: SignedMessage[][] = []
  for (const msgs of bySender.values()) {
    msgs.sort((a, b) => (a.Message.Nonce < b.Message.Nonce ? -1 : a.Message.Nonce > b.Message.Nonce ? 1 : 0))
    const run: SignedMessage[] = [msgs[0]!]
    for (let i = 1; i < msgs.length && msgs[i]!.Message.Nonce === run[run.length - 1]!.Message.Nonce + 1n; i++) run.push(msgs[i]!)
    chains.push(run)
  }
  chains.sort((a, b) => {
    const pa = a[0]!.Message.GasPremium
    const pb = b[0]!.Message.GasPremium
    return pa > pb ? -1 : pa < pb ? 1 : 0
  })
  const out: SignedMessage[] = []
  for (const run of chains) {
    for (const m of run) {
      // A gap in a sender's run would make its later messages invalid, so stop at the first misfit.
      if (out.length >= maxMessages || m.Message.GasLimit > gasLeft) break
      out.push(m)
      gasLeft -= m.Message.GasLimit
    }
  }
  return out
}
