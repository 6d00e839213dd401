/**
 * The full node's read side of the chain, shared by the API groups: tipsets by key (the empty
 * key meaning the head), state trees at a tipset, actors, address resolution, receipts and
 * message lookups. Lotus reads a tipset's state as its *parent* state (the state its blocks
 * were mined on); the message pool and dry runs read the state *after* the head, as Lotus's
 * `GetActorAfter` and `CallWithGas` do.
 */
import type { Address } from '../../core/address/index.js'
import type { CID } from '../../core/cid.js'
import { NelumboError } from '../../core/errors.js'
import type { ChainEpoch } from '../../core/types.js'
import { ActorNotFoundError, StateTree, type Actor } from '../../chain/state/index.js'
import type { ChainStore, TipSetExecution } from '../../chain/store/index.js'
import { readAmt0, type TipSet, type TipSetKey } from '../../chain/types/index.js'
import { messageReceiptCbor, type MessageReceipt } from '../../chain/vm/index.js'

/** Where a message executed (Lotus `api.MsgLookup`). */
export interface MsgLookup {
  /** The message's CID (a replacing message's, when a replacement was allowed). */
  Message: CID
  Receipt: MessageReceipt
  ReturnDec: unknown
  /** The tipset whose parent included the message (its ParentMessageReceipts hold the receipt). */
  TipSet: TipSetKey
  Height: ChainEpoch
}

export interface NodeChainDeps {
  chain: ChainStore
  /** The state and receipts after a tipset (the chain service memoises it). */
  execute: (ts: TipSet) => Promise<TipSetExecution>
}

/** No receipt where the chain says one must be. */
export class ReceiptNotFoundError extends NelumboError {
  constructor (root: CID, index: number) {
    super('ERR_RECEIPT_NOT_FOUND', `no receipt at index ${index} of receipts ${root.toString()}`)
  }
}

export class NodeChain {
  readonly store: ChainStore
  private readonly execute: (ts: TipSet) => Promise<TipSetExecution>
  private readonly trees = new Map<string, StateTree>()

  constructor (deps: NodeChainDeps) {
    this.store = deps.chain
    this.execute = deps.execute
  }

  head (): TipSet {
    return this.store.requireHead()
  }

  /** The tipset `tsk` names, the head for the empty key (Lotus `GetTipSetFromKey`). */
  async tipset (tsk: TipSetKey | null | undefined): Promise<TipSet> {
    if (tsk == null || tsk.isEmpty) return this.head()
    return await this.store.loadTipSet(tsk)
  }

  /** The state a tipset's blocks were mined on (its ParentStateRoot), read-only. */
  async stateAt (ts: TipSet): Promise<StateTree> {
    return await this.tree(ts.parentState)
  }

  /** The state after executing `ts` (the head's: what the next block builds on). */
  async stateAfter (ts: TipSet): Promise<{ tree: StateTree, root: CID }> {
    const root = (await this.execute(ts)).stateRoot
    return { tree: await this.tree(root), root }
  }

  /** StateGetActor: the actor at `addr` in the parent state of `tsk`; throws "actor not found". */
  async getActor (addr: Address, tsk?: TipSetKey | null): Promise<Actor> {
    const tree = await this.stateAt(await this.tipset(tsk))
    return await tree.requireActor(addr)
  }

  /** The actor, or undefined when there is none (wallet balances read 0 then). */
  async findActor (addr: Address, tsk?: TipSetKey | null): Promise<Actor | undefined> {
    const tree = await this.stateAt(await this.tipset(tsk))
    return (await tree.getActor(addr)) ?? undefined
  }

  /** StateLookupID. */
  async lookupId (addr: Address, tsk?: TipSetKey | null): Promise<Address> {
    const tree = await this.stateAt(await this.tipset(tsk))
    const id = await tree.lookupId(addr)
    if (id === null) throw new ActorNotFoundError(addr)
    return id
  }

  /** StateAccountKey. */
  async accountKey (addr: Address, tsk?: TipSetKey | null): Promise<Address> {
    const tree = await this.stateAt(await this.tipset(tsk))
    return await tree.resolveToKeyAddress(addr)
  }

  /** The receipts a tipset's blocks carry for their parent's messages. */
  async receipts (root: CID): Promise<MessageReceipt[]> {
    const where = `receipts ${root.toString()}`
    const values = await readAmt0(this.store.blockstore, root, where)
    return values.map((v, i) => messageReceiptCbor.fromCbor(v, `${where}[${i}]`))
  }

  /** Finds where `cid` executed, scanning back from `from` (default the head) at most `limit` epochs. */
  async searchMessage (cid: CID, from?: TipSet, limit?: number): Promise<MsgLookup | undefined> {
    const found = await this.store.searchMessage(cid, { from: from ?? this.head(), limit })
    if (found === undefined) return undefined
    const receipts = await this.receipts(found.receiptsRoot)
    const receipt = receipts[found.index]
    if (receipt === undefined) throw new ReceiptNotFoundError(found.receiptsRoot, found.index)
    return { Message: found.message.cid, Receipt: receipt, ReturnDec: null, TipSet: found.tipset.key, Height: found.tipset.height }
  }

  /** Whether `ts` is on the chain ending at the current head. */
  async onCurrentChain (ts: TipSet): Promise<boolean> {
    const head = this.head()
    if (ts.height > head.height) return false
    const at = await this.store.getTipsetByHeight(ts.height, head, true)
    return at.key.equals(ts.key)
  }

  private async tree (root: CID): Promise<StateTree> {
    const key = root.toString()
    const cached = this.trees.get(key)
    if (cached !== undefined) return cached
    const tree = await StateTree.load(this.store.blockstore, root)
    if (this.trees.size >= 64) this.trees.delete(this.trees.keys().next().value as string)
    this.trees.set(key, tree)
    return tree
  }
}
