import { compareTickets, type TipSet } from '../types/index.js'

/**
 * The weight of a tipset, which decides the heaviest chain. Async so a consensus rule that
 * reads state (Lotus's uses network power) can replace the default.
 */
export type WeightFunction = (ts: TipSet) => bigint | Promise<bigint>

/**
 * Nelumbo's devnet rule: the parent's weight plus, per block, its election win count (at
 * least 1). So every tipset adds weight, a tipset with more blocks or wins adds more, and the
 * longest well-filled chain is the heaviest. Lotus's rule also scales by log2 of network power;
 * on a devnet with one power table that changes nothing the fork choice needs.
 */
export function devnetWeight (ts: TipSet): bigint {
  let wins = 0n
  for (const b of ts.blocks) {
    const w = b.ElectionProof?.WinCount ?? 0
    wins += BigInt(w > 1 ? w : 1)
  }
  return ts.parentWeight + wins
}

/**
 * Equal weights are broken as Lotus `breakWeightTie`: compare the tickets of the blocks in
 * tipset order; the first smaller ticket wins. True if `a` wins over `b`.
 */
export function winsWeightTie (a: TipSet, b: TipSet): boolean {
  const n = Math.min(a.blocks.length, b.blocks.length)
  for (let i = 0; i < n; i++) {
    const c = compareTickets(a.blocks[i]!.Ticket!, b.blocks[i]!.Ticket!)
    if (c !== 0) return c < 0
  }
  return false
}
