import type { TokenAmount } from '../../core/types.js'
import { computeNextBaseFee } from '../gas/index.js'
import type { TipSet } from '../types/index.js'
import type { ConsensusChain } from './context.js'

/**
 * The base fee the children of `ts` carry as ParentBaseFee (Lotus `ComputeBaseFee`): from the
 * tipset's own ParentBaseFee and the GasLimits of its distinct messages (by CID) over its blocks.
 */
export async function computeBaseFee (chain: Pick<ConsensusChain, 'getBlockMessages'>, ts: TipSet): Promise<TokenAmount> {
  const seen = new Set<string>()
  let totalLimit = 0n
  for (const header of ts.blocks) {
    const bm = await chain.getBlockMessages(header)
    bm.bls.forEach((m, i) => {
      const c = bm.blsCids[i]!.toString()
      if (!seen.has(c)) { seen.add(c); totalLimit += m.GasLimit }
    })
    bm.secpk.forEach((m, i) => {
      const c = bm.secpkCids[i]!.toString()
      if (!seen.has(c)) { seen.add(c); totalLimit += m.Message.GasLimit }
    })
  }
  return computeNextBaseFee(ts.parentBaseFee, totalLimit, ts.blocks.length)
}
