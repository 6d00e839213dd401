/**
 * Message selection for a block: a simple, documented stand-in for Lotus's chain-based
 * selection (chain/messagepool/selection.go), keeping the rules a block must respect.
 *
 * 1. Per sender, the selectable run: messages with consecutive nonces from the sender's state
 *    nonce (older ones are stale, a gap ends the run), each able to pay the base fee
 *    (GasFeeCap >= baseFee), while the balance covers the run's GasFeeCap × GasLimit + Value.
 * 2. Greedy by reward: repeatedly take the sender whose next message pays the highest effective
 *    premium, min(GasPremium, GasFeeCap − baseFee), ties to the lower sender address so the
 *    result is deterministic. A message that does not fit the remaining gas ends its sender's
 *    run (its later nonces cannot be included without it); other senders continue.
 * 3. Stop at `maxMessages` or when no run is left.
 *
 * Lotus additionally merges senders' runs into gas-performance chains and weighs ticket
 * quality; on a devnet with few senders the greedy rule picks the same messages.
 */
import type { SignedMessage } from '../../core/message/index.js'

export interface SenderChain {
  /** The sender's key address string. */
  readonly from: string
  readonly nonce: bigint
  readonly balance: bigint
  /** Pending messages in nonce order. */
  readonly msgs: readonly SignedMessage[]
}

export interface SelectionParams {
  readonly baseFee: bigint
  readonly gasLimit: bigint
  readonly maxMessages: number
}

/** Effective premium a miner earns per gas unit: min(GasPremium, GasFeeCap − baseFee), at least 0. */
export function effectivePremium (m: SignedMessage, baseFee: bigint): bigint {
  const available = m.Message.GasFeeCap - baseFee
  if (available < 0n) return 0n
  return m.Message.GasPremium < available ? m.Message.GasPremium : available
}

/** The run of `chain` a block could include (rule 1). */
export function selectableRun (chain: SenderChain, baseFee: bigint): SignedMessage[] {
  const run: SignedMessage[] = []
  let next = chain.nonce
  let funds = chain.balance
  for (const m of chain.msgs) {
    if (m.Message.Nonce < next) continue
    if (m.Message.Nonce !== next) break
    if (m.Message.GasFeeCap < baseFee) break
    const cost = m.Message.GasFeeCap * m.Message.GasLimit + m.Message.Value
    if (cost > funds) break
    funds -= cost
    run.push(m)
    next++
  }
  return run
}

export function selectMessages (chains: readonly SenderChain[], params: SelectionParams): SignedMessage[] {
  const runs = chains
    .map((c) => ({ from: c.from, msgs: selectableRun(c, params.baseFee), at: 0 }))
    .filter((r) => r.msgs.length > 0)
    .sort((a, b) => (a.from < b.from ? -1 : a.from > b.from ? 1 : 0))
  const out: SignedMessage[] = []
  let gasLeft = params.gasLimit
  while (out.length < params.maxMessages) {
    let best: typeof runs[number] | undefined
    let bestPremium = -1n
    for (const r of runs) {
      const m = r.msgs[r.at]
      if (m === undefined) continue
      const p = effectivePremium(m, params.baseFee)
      if (p > bestPremium) {
        best = r
        bestPremium = p
      }
    }
    if (best === undefined) break
    const m = best.msgs[best.at] as SignedMessage
    if (m.Message.GasLimit > gasLeft) {
      best.at = best.msgs.length
      continue
    }
    gasLeft -= m.Message.GasLimit
    out.push(m)
    best.at++
  }
  return out
}
