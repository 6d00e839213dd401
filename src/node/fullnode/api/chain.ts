/**
 * Chain* methods (Lotus `node/impl/full/chain.go`): the head and its notifications, tipsets by
 * key and height, blocks, their messages and receipts, and raw IPLD objects.
 */
import type { CallOptions } from '../../../api/index.js'
import type { CID } from '../../../core/cid.js'
import { NelumboError } from '../../../core/errors.js'
import type { Message, SignedMessage } from '../../../core/message/index.js'
import type { ChainEpoch } from '../../../core/types.js'
import { TipSetKey, type BlockHeader, type HeadChange, type TipSet } from '../../../chain/types/index.js'
import type { MessageReceipt } from '../../../chain/vm/index.js'
import type { NodeChain } from '../node-chain.js'

/** ChainReadObj / ChainGetBlock on a CID the node does not have. */
export class ObjectNotFoundError extends NelumboError {
  constructor (what: string, cid: CID) {
    super('ERR_NOT_FOUND', `${what} ${cid.toString()} not found`)
  }
}

export interface ChainApiDeps {
  chain: NodeChain
  genesis: () => TipSet
}

export function chainApi (deps: ChainApiDeps) {
  const { chain } = deps
  const store = chain.store

  const getBlock = async (cid: CID): Promise<BlockHeader> => {
    if (!await store.blockstore.has(cid)) throw new ObjectNotFoundError('block', cid)
    return await store.getBlockHeader(cid)
  }

  return {
    ChainHead: async (): Promise<TipSet> => chain.head(),

    ChainGetGenesis: async (): Promise<TipSet> => deps.genesis(),

    ChainGetTipSet: async (tsk: TipSetKey): Promise<TipSet> => await chain.tipset(tsk),

    ChainGetTipSetByHeight: async (height: ChainEpoch, tsk: TipSetKey): Promise<TipSet> => {
      const from = await chain.tipset(tsk)
      return await store.getTipsetByHeight(height, from, true)
    },

    ChainGetTipSetAfterHeight: async (height: ChainEpoch, tsk: TipSetKey): Promise<TipSet> => {
      const from = await chain.tipset(tsk)
      return await store.getTipsetByHeight(height, from, false)
    },

    ChainGetBlock: getBlock,

    ChainGetBlockMessages: async (cid: CID): Promise<{ BlsMessages: Message[], SecpkMessages: SignedMessage[], Cids: CID[] }> => {
      const bm = await store.getBlockMessages(await getBlock(cid))
      return { BlsMessages: bm.bls, SecpkMessages: bm.secpk, Cids: [...bm.blsCids, ...bm.secpkCids] }
    },

    ChainGetParentMessages: async (cid: CID): Promise<Array<{ Cid: CID, Message: Message }>> => {
      const header = await getBlock(cid)
      if (header.Height === 0) return []
      const parent = await store.loadTipSet(TipSetKey.fromCids(header.Parents))
      const msgs = await store.messagesForTipset(parent)
      return msgs.map((m) => ({ Cid: m.cid, Message: m.message }))
    },

    ChainGetParentReceipts: async (cid: CID): Promise<MessageReceipt[]> => {
      const header = await getBlock(cid)
      if (header.Height === 0) return []
      return await chain.receipts(header.ParentMessageReceipts)
    },

    ChainGetMessage: async (cid: CID): Promise<Message> => {
      if (!await store.blockstore.has(cid)) throw new ObjectNotFoundError('message', cid)
      return (await store.getMessage(cid)).message
    },

    ChainReadObj: async (cid: CID): Promise<Uint8Array> => {
      const bytes = await store.blockstore.get(cid)
      if (bytes === undefined) throw new ObjectNotFoundError('object', cid)
      return bytes
    },

    ChainGetMessagesInTipset: async (tsk: TipSetKey): Promise<Array<{ Cid: CID, Message: Message }>> => {
      const ts = await chain.tipset(tsk)
      if (ts.height === 0) return []
      return (await store.messagesForTipset(ts)).map((m) => ({ Cid: m.cid, Message: m.message }))
    },

    ChainTipSetWeight: async (tsk: TipSetKey): Promise<bigint> => await store.weight(await chain.tipset(tsk)),

    ChainHasObj: async (cid: CID): Promise<boolean> => await store.blockstore.has(cid),

    ChainNotify: async (opts?: CallOptions): Promise<AsyncIterable<HeadChange[]>> =>
      store.subscribeHeadChanges({ signal: opts?.signal })
  }
}
