import type { CID } from '../../core/cid.js'
import { InvalidInputError, NelumboError } from '../../core/errors.js'
import { getBlock, putBlock, type Blockstore } from '../../core/ipld/index.js'
import type { Message, SignedMessage } from '../../core/message/index.js'
import type { ChainEpoch } from '../../core/types.js'
import {
  decodeBlockHeader, serializeBlockHeader, TipSet, type BlockHeader, type FullBlock, type HeadChange, type TipSetKey
} from '../types/index.js'
import { WriteBatch } from './batch.js'
import { ChainMeta, type HeightEntry, type TipSetExecution } from './chain-meta.js'
import { openChainDatabase, type ChainDatabaseOptions } from './database.js'
import { HeadChangeHub, type HeadChangeListener, type SubscribeOptions } from './head-changes.js'
import {
  checkMsgMeta, getBlockMessages, getChainMessage, messagesForTipset, putBlockMessages, putChainMessage,
  type BlockMessages, type ChainMessage, type SenderKey
} from './messages.js'
import { searchBackForMessage, type MessageLookup, type SearchOptions } from './message-search.js'
import { SqliteBlockstore } from './sqlite-blockstore.js'
import { devnetWeight, winsWeightTie, type WeightFunction } from './weight.js'

export interface ChainStoreOptions {
  /** Fork-choice weight; default {@link devnetWeight}. */
  weight?: WeightFunction
  /** Called with what a head-change listener threw (listeners must not throw). */
  onListenerError?: (err: unknown) => void
  /** Tipsets kept decoded in memory. Default 2048. */
  tipSetCacheSize?: number
}

/** The chain has no head yet (no genesis set). */
export class NoChainHeadError extends NelumboError {
  constructor () {
    super('ERR_NO_CHAIN_HEAD', 'the chain has no head yet (genesis not loaded)')
  }
}

/**
 * Blocks, messages and tipsets of the chain, the heaviest tipset (head) with its height index,
 * head-change notifications, and the execution results of tipsets (Lotus chain/store). Headers
 * and messages live in the chain blockstore by CID; the head, index and execution records in
 * {@link ChainMeta}. Head moves are serialized.
 */
export class ChainStore {
  readonly blockstore: Blockstore
  private readonly meta: ChainMeta
  private readonly weightFn: WeightFunction
  private readonly hub: HeadChangeHub
  private readonly cache = new Map<string, TipSet>()
  private readonly cacheSize: number
  private heaviest: TipSet | undefined
  private headLock: Promise<unknown> = Promise.resolve()
  private closeDb: (() => void) | undefined

  constructor (deps: { blockstore: Blockstore, meta: ChainMeta }, options: ChainStoreOptions = {}) {
    this.blockstore = deps.blockstore
    this.meta = deps.meta
    this.weightFn = options.weight ?? devnetWeight
    this.hub = new HeadChangeHub(options.onListenerError)
    this.cacheSize = options.tipSetCacheSize ?? 2048
  }

  /** Opens the chain database at `path` (`<repo>/datastore/chain.sqlite`) and loads the head. */
  static async open (path: string, options: ChainStoreOptions & ChainDatabaseOptions = {}): Promise<ChainStore> {
    const db = openChainDatabase(path, options)
    const cs = new ChainStore({ blockstore: new SqliteBlockstore(db), meta: new ChainMeta(db) }, options)
    cs.closeDb = () => { if (db.open) db.close() }
    try {
      await cs.load()
    } catch (err) {
      cs.close()
      throw err
    }
    return cs
  }

  /** Restores the head persisted by the last {@link setHead}. */
  async load (): Promise<void> {
    const key = this.meta.head()
    this.heaviest = key === undefined ? undefined : await this.loadTipSet(key)
  }

  close (): void {
    this.closeDb?.()
    this.closeDb = undefined
  }

  // Blocks and tipsets

  async putBlockHeader (header: BlockHeader): Promise<CID> {
    return await putBlock(this.blockstore, serializeBlockHeader(header))
  }

  async getBlockHeader (cid: CID): Promise<BlockHeader> {
    const where = `block header ${cid.toString()}`
    return decodeBlockHeader(await getBlock(this.blockstore, cid, where), where)
  }

  /** Stores every block header of `ts` in one batch. */
  async putTipSet (ts: TipSet): Promise<void> {
    const batch = new WriteBatch(this.blockstore)
    for (const b of ts.blocks) await putBlock(batch, serializeBlockHeader(b))
    await batch.commit()
    this.remember(ts)
  }

  /** Loads the tipset with `key` from its stored headers (Lotus `LoadTipSet`). */
  async loadTipSet (key: TipSetKey): Promise<TipSet> {
    const cached = this.cache.get(key.id)
    if (cached !== undefined) return cached
    if (key.isEmpty) throw new InvalidInputError('ERR_INVALID_TIPSET_KEY', 'cannot load the empty tipset key', { value: key })
    const headers: BlockHeader[] = []
    for (const c of key.cids) headers.push(await this.getBlockHeader(c))
    const ts = TipSet.create(headers, `tipset ${key.toString()}`)
    this.remember(ts, key)
    return ts
  }

  // Messages

  /** Stores a message by its chain CID (BLS-signed ones unsigned). */
  async putMessage (msg: Message | SignedMessage): Promise<CID> {
    return await putChainMessage(this.blockstore, msg)
  }

  async getMessage (cid: CID): Promise<ChainMessage> {
    return await getChainMessage(this.blockstore, cid)
  }

  /** Stores a block's messages and MsgMeta in one batch; returns the MsgMeta CID. */
  async putBlockMessages (bls: ReadonlyArray<Message | SignedMessage>, secpk: readonly SignedMessage[]): Promise<CID> {
    const batch = new WriteBatch(this.blockstore)
    const root = await putBlockMessages(batch, bls, secpk)
    await batch.commit()
    return root
  }

  /**
   * Stores a full block (messages, MsgMeta, header) in one batch after checking that the
   * messages give the header's `Messages` CID. Returns the block CID.
   */
  async putFullBlock (block: FullBlock): Promise<CID> {
    const batch = new WriteBatch(this.blockstore)
    checkMsgMeta(block.Header, await putBlockMessages(batch, block.BlsMessages, block.SecpkMessages))
    const cid = await putBlock(batch, serializeBlockHeader(block.Header))
    await batch.commit()
    return cid
  }

  async getBlockMessages (header: BlockHeader): Promise<BlockMessages> {
    return await getBlockMessages(this.blockstore, header)
  }

  /** The messages `ts` executes, in execution order (Lotus `MessagesForTipset`). */
  async messagesForTipset (ts: TipSet, senderKey?: SenderKey): Promise<ChainMessage[]> {
    return await messagesForTipset(this.blockstore, ts, senderKey)
  }

  // Head and fork choice

  /** The heaviest tipset, or undefined before genesis. */
  get head (): TipSet | undefined {
    return this.heaviest
  }

  requireHead (): TipSet {
    if (this.heaviest === undefined) throw new NoChainHeadError()
    return this.heaviest
  }

  async weight (ts: TipSet): Promise<bigint> {
    return await this.weightFn(ts)
  }

  /**
   * Makes `ts` the head if it is heavier than the current one (ties broken by ticket, as
   * Lotus). Its blocks must be stored. Returns whether the head moved.
   */
  async takeHeavier (ts: TipSet): Promise<boolean> {
    return await this.serialized(async () => {
      const cur = this.heaviest
      if (cur !== undefined) {
        if (cur.equals(ts)) return false
        const [w, cw] = [await this.weightFn(ts), await this.weightFn(cur)]
        if (w < cw || (w === cw && !winsWeightTie(ts, cur))) return false
      }
      await this.moveHead(ts)
      return true
    })
  }

  /**
   * Makes `ts` the head whatever its weight (Lotus `SetHead`), persisting it and the height
   * index in one transaction, then notifies listeners. Returns the changes: reverted tipsets
   * from the old head down, then applied ones from the fork point up.
   */
  async setHead (ts: TipSet): Promise<HeadChange[]> {
    return await this.serialized(async () => await this.moveHead(ts))
  }

  /**
   * Tipsets to revert (from `from` down) and to apply (from the fork point up to `to`) to go
   * from `from` to `to` (Lotus `ReorgOps`, with the apply list reversed as notifications use it).
   */
  async reorgOps (from: TipSet, to: TipSet): Promise<{ revert: TipSet[], apply: TipSet[] }> {
    let left = from
    let right = to
    const revert: TipSet[] = []
    const apply: TipSet[] = []
    while (!left.equals(right)) {
      if (left.height > right.height) {
        revert.push(left)
        left = await this.loadTipSet(left.parents)
      } else {
        apply.push(right)
        right = await this.loadTipSet(right.parents)
      }
    }
    return { revert, apply: apply.reverse() }
  }

  /**
   * The tipset at height `height` on the chain ending at `from` (default: the head). At a null
   * round, `prev` (default true) gives the nearest tipset below it, otherwise the first above
   * it (Lotus `GetTipsetByHeight`).
   */
  async getTipsetByHeight (height: ChainEpoch, from?: TipSet, prev = true): Promise<TipSet> {
    if (height < 0) throw new InvalidInputError('ERR_INVALID_HEIGHT', `height ${height} is negative`, { value: height })
    let ts = from ?? this.requireHead()
    if (height > ts.height) {
      throw new InvalidInputError('ERR_INVALID_HEIGHT', `looking for tipset with height greater than start point, req: ${height}, head: ${ts.height}`, { value: height })
    }
    let above: TipSet | undefined
    // Walk down until the chain joins the indexed current chain (at once for the head).
    while (ts.height > height && !this.onCurrentChain(ts)) {
      above = ts
      ts = await this.loadTipSet(ts.parents)
    }
    if (ts.height <= height) return ts.height === height || prev || above === undefined ? ts : above
    const below = this.meta.lookupHeight(height, 'below')
    if (below === undefined) throw new NelumboError('ERR_HEIGHT_INDEX', `no tipset at or below height ${height} in the height index`)
    if (below.height === height || prev) return await this.loadTipSet(below.key)
    const next = this.meta.lookupHeight(height, 'above') as HeightEntry
    return await this.loadTipSet(next.key)
  }

  // Notifications

  /** Calls `listener` with each batch of head changes; returns the unsubscribe function. */
  onHeadChange (listener: HeadChangeListener): () => void {
    return this.hub.listen(listener)
  }

  /** Head changes for ChainNotify: first `[current]`, then revert/apply batches. */
  subscribeHeadChanges (options: SubscribeOptions = {}): AsyncIterableIterator<HeadChange[]> {
    return this.hub.subscribe(this.requireHead(), options)
  }

  // Execution results

  /** Records what executing the tipset `key` produced (the VM computes it). */
  recordExecution (key: TipSetKey, execution: TipSetExecution): void {
    this.meta.recordExecution(key, execution)
  }

  getExecution (key: TipSetKey): TipSetExecution | undefined {
    return this.meta.execution(key)
  }

  /**
   * Finds where a message was executed by scanning back from the head (Lotus
   * `searchBackForMsg`): the tipset whose parent included it, and its index among the parent's
   * executed messages, which is its index in that tipset's `ParentMessageReceipts`.
   */
  async searchMessage (cid: CID, options: SearchOptions = {}): Promise<MessageLookup | undefined> {
    const from = options.from ?? this.requireHead()
    return await searchBackForMessage(this, cid, { ...options, from })
  }

  private onCurrentChain (ts: TipSet): boolean {
    const entry = this.meta.lookupHeight(ts.height, 'below')
    return entry !== undefined && entry.height === ts.height && entry.key.equals(ts.key)
  }

  private async moveHead (ts: TipSet): Promise<HeadChange[]> {
    for (const c of ts.cids) {
      if (!await this.blockstore.has(c)) throw new InvalidInputError('ERR_BLOCK_NOT_STORED', `cannot set head: block ${c.toString()} is not stored`, { value: c })
    }
    const old = this.heaviest
    const { revert, apply } = old === undefined ? { revert: [], apply: await this.chainDownTo(ts) } : await this.reorgOps(old, ts)
    this.meta.commitHead(ts.key, revert.map((t) => t.height), apply.map((t) => ({ height: t.height, key: t.key })), ts.height)
    this.heaviest = ts
    this.remember(ts)
    const changes: HeadChange[] = [
      ...revert.map((t): HeadChange => ({ Type: 'revert', Val: t })),
      ...apply.map((t): HeadChange => ({ Type: 'apply', Val: t }))
    ]
    this.hub.publish(changes)
    return changes
  }

  /** `ts` and its ancestors, oldest first, down to genesis or the first missing parent. */
  private async chainDownTo (ts: TipSet): Promise<TipSet[]> {
    const out = [ts]
    let cur = ts
    while (cur.height > 0 && cur.parents.cids.length > 0 && await this.blockstore.has(cur.parents.cids[0]!)) {
      cur = await this.loadTipSet(cur.parents)
      out.push(cur)
    }
    return out.reverse()
  }

  private async serialized<T> (fn: () => Promise<T>): Promise<T> {
    const run = this.headLock.then(fn, fn)
    this.headLock = run.catch(() => {})
    return await run
  }

  private remember (ts: TipSet, key: TipSetKey = ts.key): void {
    if (this.cache.size >= this.cacheSize) {
      const oldest = this.cache.keys().next().value
      if (oldest !== undefined) this.cache.delete(oldest)
    }
    this.cache.set(key.id, ts)
  }
}
