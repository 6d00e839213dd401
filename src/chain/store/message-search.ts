import type { CID } from '../../core/cid.js'
import type { ChainEpoch } from '../../core/types.js'
import type { TipSet, TipSetKey } from '../types/index.js'
import type { ChainMessage, SenderKey } from './messages.js'

/** Where a message was executed (the data behind Lotus `MsgLookup`, without the receipt). */
export interface MessageLookup {
  /** The tipset whose parent included the message; its ParentMessageReceipts holds the receipt. */
  tipset: TipSet
  /** The tipset that included the message. */
  included: TipSet
  /** The message's index among `included`'s executed messages, and in the receipts AMT. */
  index: number
  receiptsRoot: CID
  message: ChainMessage
}

export interface SearchOptions {
  /** Where to start (default: the head). */
  from?: TipSet
  /** Epochs to look back from `from`; default unlimited (Lotus `LookbackNoLimit`). */
  limit?: number
  senderKey?: SenderKey
}

/** What the search needs from the chain store. */
export interface MessageSearchDeps {
  loadTipSet: (key: TipSetKey) => Promise<TipSet>
  messagesForTipset: (ts: TipSet, senderKey?: SenderKey) => Promise<ChainMessage[]>
}

/** Scans back from `options.from` for the tipset that executed message `cid`. */
export async function searchBackForMessage (deps: MessageSearchDeps, cid: CID, options: SearchOptions & { from: TipSet }): Promise<MessageLookup | undefined> {
  const stopAt = options.limit === undefined || options.limit < 0 ? 0 : Math.max(0, options.from.height - options.limit)
  let cur = options.from
  while (cur.height > 0 && cur.height > (stopAt as ChainEpoch)) {
    const parent = await deps.loadTipSet(cur.parents)
    const msgs = await deps.messagesForTipset(parent, options.senderKey)
    const index = msgs.findIndex((m) => m.cid.equals(cid))
    if (index >= 0) return { tipset: cur, included: parent, index, receiptsRoot: cur.parentMessageReceipts, message: msgs[index]! }
    cur = parent
  }
  return undefined
}
