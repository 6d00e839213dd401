/** Gas estimation's view of the chain store: tipsets with their base fee, block count and messages. */
import type { ChainMessage } from '../store/index.js'
import type { TipSet, TipSetKey } from '../types/index.js'
import type { GasChainView, GasTipSet } from './types.js'

/** The chain store methods estimation uses. */
export interface GasChainStore {
  requireHead (): TipSet
  loadTipSet (key: TipSetKey): Promise<TipSet>
  messagesForTipset (ts: TipSet): Promise<ChainMessage[]>
}

export function chainGasView (chain: GasChainStore): GasChainView {
  const keys = new Map<string, TipSetKey>()
  const toGas = async (ts: TipSet): Promise<GasTipSet> => {
    keys.set(ts.parents.id, ts.parents)
    if (keys.size > 10_000) keys.delete(keys.keys().next().value as string)
    const msgs = await chain.messagesForTipset(ts)
    return {
      key: ts.key.id,
      parents: ts.parents.id,
      height: ts.height,
      parentBaseFee: ts.parentBaseFee,
      blockCount: ts.blocks.length,
      messages: msgs.map((m) => m.message)
    }
  }
  return {
    head: async () => await toGas(chain.requireHead()),
    loadTipSet: async (key: string) => {
      const k = keys.get(key)
      if (k === undefined) throw new Error(`gas estimation: unknown tipset key ${key}`)
      return await toGas(await chain.loadTipSet(k))
    }
  }
}
