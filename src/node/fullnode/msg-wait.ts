/**
 * StateWaitMsg (Lotus `StateManager.WaitForMessage`): looks for the message on the chain, then
 * follows head changes until it executes and `confidence` more epochs sit on top of the tipset
 * that executed it. A reorg that drops that tipset sends the search back to the chain.
 */
import type { CID } from '../../core/cid.js'
import { NelumboError } from '../../core/errors.js'
import type { TipSet } from '../../chain/types/index.js'
import type { MsgLookup, NodeChain } from './node-chain.js'

/** The wait was given up (the caller went away, or the node is stopping). */
export class WaitAbortedError extends NelumboError {
  constructor (cid: CID) {
    super('ERR_WAIT_ABORTED', `waiting for message ${cid.toString()} was cancelled`)
  }
}

export interface WaitOptions {
  confidence: number
  /** Epochs to look back for it; undefined or negative for no limit. */
  limit?: number
  signal?: AbortSignal
}

export async function waitForMessage (chain: NodeChain, cid: CID, opts: WaitOptions): Promise<MsgLookup> {
  const signal = opts.signal
  // A function, so the checks after an await are not narrowed away by the one before it.
  const aborted = (): boolean => signal?.aborted === true
  let wake: (() => void) | undefined
  let changed: boolean
  const unlisten = chain.store.onHeadChange(() => {
    changed = true
    wake?.()
  })
  const onAbort = (): void => { wake?.() }
  signal?.addEventListener('abort', onAbort)
  try {
    let found: MsgLookup | undefined
    let foundTs: TipSet | undefined
    let searchedTo: TipSet | undefined
    for (;;) {
      if (aborted()) throw new WaitAbortedError(cid)
      changed = false
      const head = chain.head()
      if (found !== undefined && foundTs !== undefined && !(await chain.onCurrentChain(foundTs))) {
        found = undefined
        foundTs = undefined
        searchedTo = undefined
      }
      if (found === undefined) {
        // Once the whole chain was searched, only the tipsets added since need a look.
        const limit = searchedTo !== undefined && await chain.onCurrentChain(searchedTo)
          ? head.height - searchedTo.height
          : opts.limit
        if (limit === undefined || limit !== 0) found = await chain.searchMessage(cid, head, limit)
        searchedTo = head
        if (found !== undefined) foundTs = await chain.store.loadTipSet(found.TipSet)
      }
      if (found !== undefined && head.height >= found.Height + opts.confidence) return found
      if (!changed && !aborted()) await new Promise<void>((resolve) => { wake = resolve })
      wake = undefined
    }
  } finally {
    unlisten()
    signal?.removeEventListener('abort', onAbort)
  }
}
