/**
 * Wiring the pool to the chain store: tipsets become MpoolTipSets (each block's BLS and secp
 * messages, as Lotus MessagesForBlock), and the store's synchronous head-change batches are
 * queued so the pool sees them in order, each with its messages loaded.
 */
import type { BlockMessages } from '../store/index.js'
import type { BlockHeader, HeadChange as ChainHeadChange, TipSet, TipSetKey } from '../types/index.js'
import type { ChainMessage, HeadChange, HeadSource, MpoolChainReader, MpoolTipSet } from './types.js'

/** The chain store methods the pool's adapter uses. */
export interface MpoolChainStore {
  requireHead (): TipSet
  loadTipSet (key: TipSetKey): Promise<TipSet>
  getBlockMessages (header: BlockHeader): Promise<BlockMessages>
  onHeadChange (listener: (changes: readonly ChainHeadChange[]) => void): () => void
}

export async function toMpoolTipSet (chain: MpoolChainStore, ts: TipSet): Promise<MpoolTipSet> {
  const messages: ChainMessage[] = []
  for (const header of ts.blocks) {
    const bm = await chain.getBlockMessages(header)
    messages.push(...bm.bls, ...bm.secpk)
  }
  return { key: ts.key.id, parents: ts.parents.id, height: ts.height, messages }
}

/** A HeadSource and MpoolChainReader over the chain store; `onError` hears failed batches. */
export function chainHeadSource (chain: MpoolChainStore, onError: (err: unknown) => void = () => {}): HeadSource & MpoolChainReader {
  const keys = new Map<string, TipSetKey>()
  const remember = (ts: TipSet): TipSet => {
    keys.set(ts.key.id, ts.key)
    keys.set(ts.parents.id, ts.parents)
    if (keys.size > 10_000) keys.delete(keys.keys().next().value as string)
    return ts
  }
  return {
    head: async () => await toMpoolTipSet(chain, remember(chain.requireHead())),
    loadTipSet: async (key: string) => {
      const k = keys.get(key)
      if (k === undefined) throw new Error(`mpool: unknown tipset key ${key}`)
      return await toMpoolTipSet(chain, remember(await chain.loadTipSet(k)))
    },
    subscribe: (fn: (change: HeadChange) => Promise<void>) => {
      let queue: Promise<void> = Promise.resolve()
      return chain.onHeadChange((changes) => {
        queue = queue.then(async () => {
          const revert: MpoolTipSet[] = []
          const apply: MpoolTipSet[] = []
          for (const c of changes) {
            if (c.Type === 'revert') revert.push(await toMpoolTipSet(chain, remember(c.Val)))
            if (c.Type === 'apply') apply.push(await toMpoolTipSet(chain, remember(c.Val)))
          }
          if (revert.length > 0 || apply.length > 0) await fn({ revert, apply })
        }).catch(onError)
      })
    }
  }
}
