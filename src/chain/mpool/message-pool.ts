/**
 * The message pool, as Lotus chain/messagepool where a storage provider notices it: MpoolPush
 * checks (size, fields, fee cap floor, signature, nonce, balance including the sender's other
 * pending messages, gas limit bounds, per-sender limit, replace-by-fee), nonce gaps held until
 * filled, head changes (included messages leave, reverted ones return), local messages kept in
 * the metadata datastore across restarts. There is no gossip: every message is local.
 */
import type { Address } from '../../core/address/index.js'
import { formatFil } from '../../core/token/index.js'
import type { CID } from '../../core/cid.js'
import { SigType, verifyMessageSignature, type Signature } from '../../core/crypto/index.js'
import { signedMessageCid, signedMessageChainLength, messageCid, type SignedMessage } from '../../core/message/index.js'
import { MpoolRejectedError } from './errors.js'
import { LocalMessageStore } from './local-store.js'
import { Mutex } from './lock.js'
import { MsgSet, pendingFunds } from './msg-set.js'
import { BlockGasLimit, MinimumBaseFee } from '../gas/index.js'
import { BlockMessageLimit, MaxActorPendingMessages, MaxMessageSize, ReplaceByFeePercentageMinimum, onChainMessageGas } from './params.js'
import { selectMessages, type SenderChain } from './selection.js'
import type { ChainMessage, HeadChange, HeadSource, MpoolChainReader, MpoolDatastore, MpoolLog, MpoolStateView, MpoolTipSet } from './types.js'
import { blockInclusionProblem, checkMessage } from './validate.js'

export interface MessagePoolDeps {
  readonly state: MpoolStateView
  readonly head: HeadSource
  readonly datastore: MpoolDatastore
  /** For MpoolPending at a tipset ahead of the pool; without it the pool's own view is returned. */
  readonly chain?: MpoolChainReader
  readonly log?: MpoolLog
}

export interface MessagePoolOptions {
  /** Pending messages per sender (Lotus MaxActorPendingMessages, 1000). */
  readonly maxActorPendingMessages?: number
  /** Replace-by-fee floor in percent of the old premium (Lotus ReplaceByFeePercentageMinimum, 110). */
  readonly replaceByFeePercentage?: number
  readonly maxMessageSize?: number
  readonly blockGasLimit?: bigint
  readonly minimumBaseFee?: bigint
  /** Gas floor for a message of `size` bytes; the chain's gas model when wired. */
  readonly onChainMessageGas?: (size: number) => bigint
}

const BlsCacheSize = 50_000

export class MessagePool {
  private readonly pending = new Map<string, MsgSet>()
  private readonly localAddrs = new Set<string>()
  private readonly keyCache = new Map<string, Address>()
  private readonly blsSigs = new Map<string, Signature>()
  private readonly lock = new Mutex()
  private readonly local: LocalMessageStore
  private readonly opts: Required<MessagePoolOptions>
  private cur: MpoolTipSet
  private unsubscribe: (() => void) | undefined

  private constructor (private readonly deps: MessagePoolDeps, head: MpoolTipSet, options: MessagePoolOptions) {
    this.cur = head
    this.local = new LocalMessageStore(deps.datastore, deps.log)
    this.opts = {
      maxActorPendingMessages: options.maxActorPendingMessages ?? MaxActorPendingMessages,
      replaceByFeePercentage: options.replaceByFeePercentage ?? ReplaceByFeePercentageMinimum,
      maxMessageSize: options.maxMessageSize ?? MaxMessageSize,
      blockGasLimit: options.blockGasLimit ?? BlockGasLimit,
      minimumBaseFee: options.minimumBaseFee ?? MinimumBaseFee,
      onChainMessageGas: options.onChainMessageGas ?? onChainMessageGas
    }
  }

  /** Reads the head, subscribes to head changes, then reloads and re-validates local messages. */
  static async open (deps: MessagePoolDeps, options: MessagePoolOptions = {}): Promise<MessagePool> {
    const mp = new MessagePool(deps, await deps.head.head(), options)
    mp.unsubscribe = deps.head.subscribe((change) => mp.headChange(change))
    await mp.lock.run(() => mp.loadLocal())
    return mp
  }

  close (): void {
    this.unsubscribe?.()
    this.unsubscribe = undefined
  }

  /** The tipset the pool's state checks are at. */
  get currentTipSet (): MpoolTipSet {
    return this.cur
  }

  /** MpoolPush: checks `smsg`, adds it and persists it as a local message; returns its CID. */
  async push (smsg: SignedMessage): Promise<CID> {
    return await this.lock.run(async () => {
      const from = await this.checkAndAdd(smsg)
      this.localAddrs.add(from)
      this.local.put(smsg)
      return signedMessageCid(smsg)
    })
  }

  /** MpoolGetNonce: the next nonce for `addr`: the state nonce, past the pool's consecutive run. */
  async getNonce (addr: Address): Promise<bigint> {
    return await this.lock.run(async () => {
      const from = await this.keyOf(addr)
      const stateNonce = await this.stateNonce(addr)
      const mset = this.pending.get(from)
      if (mset === undefined || stateNonce > mset.nextNonce) return stateNonce
      return mset.nextNonce
    })
  }

  /** Pending messages of one sender, in nonce order. */
  async pendingFor (addr: Address): Promise<SignedMessage[]> {
    const from = await this.keyOf(addr)
    return this.pending.get(from)?.toSlice() ?? []
  }

  /**
   * MpoolPending: every pending message. With `tipsetKey` of a tipset ahead of the pool's, the
   * messages included between the two are added, as Lotus does for a caller that is ahead.
   */
  async pendingAt (tipsetKey?: string): Promise<SignedMessage[]> {
    const pending = [...this.pending.values()].flatMap((s) => s.toSlice())
    if (tipsetKey === undefined || this.deps.chain === undefined || tipsetKey === this.cur.key) return pending
    const have = new Set(pending.map((m) => signedMessageCid(m).toString()))
    let ts = await this.deps.chain.loadTipSet(tipsetKey)
    if (this.cur.height > ts.height) return pending
    for (;;) {
      if (this.cur.height === ts.height) {
        if (this.cur.key === ts.key) return pending
        for (const m of this.recover(this.cur.messages)) have.add(signedMessageCid(m).toString())
      }
      for (const m of this.recover(ts.messages)) {
        const c = signedMessageCid(m).toString()
        if (have.has(c)) continue
        have.add(c)
        pending.push(m)
      }
      if (this.cur.height >= ts.height) return pending
      ts = await this.deps.chain.loadTipSet(ts.parents)
    }
  }

  /** MpoolClear: `local` drops everything, local records included; otherwise only non-local senders. */
  async clear (local: boolean): Promise<void> {
    await this.lock.run(() => {
      for (const [from, mset] of [...this.pending]) {
        const isLocal = this.localAddrs.has(from)
        if (!local && isLocal) continue
        if (isLocal) for (const m of mset.msgs.values()) this.local.delete(m)
        this.pending.delete(from)
      }
    })
  }

  /**
   * Messages for a block on the pool's head: see `selectMessages` for the rule. `baseFee` is
   * the base fee the block will pay, `gasLimit` the block's gas limit.
   */
  async selectMessages (baseFee: bigint, gasLimit: bigint = this.opts.blockGasLimit, maxMessages = BlockMessageLimit): Promise<SignedMessage[]> {
    return await this.lock.run(async () => {
      const chains: SenderChain[] = []
      for (const [from, mset] of this.pending) {
        const first = mset.toSlice()[0]
        if (first === undefined) continue
        const actor = await this.deps.state.getActor(first.Message.From)
        if (actor === undefined) continue
        chains.push({ from, nonce: actor.Nonce, balance: actor.Balance, msgs: mset.toSlice() })
      }
      return selectMessages(chains, { baseFee, gasLimit, maxMessages })
    })
  }

  /** Applies a head change: included messages leave the pool, reverted ones come back unchecked. */
  async headChange (change: HeadChange): Promise<void> {
    await this.lock.run(async () => {
      const readd = new Map<string, Map<bigint, SignedMessage>>()
      for (const ts of change.revert) {
        this.cur = await this.parentOf(ts)
        for (const m of this.recover(ts.messages)) {
          const from = await this.keyOf(m.Message.From)
          let s = readd.get(from)
          if (s === undefined) readd.set(from, (s = new Map()))
          s.set(m.Message.Nonce, m)
        }
      }
      for (const ts of change.apply) {
        this.cur = ts
        for (const cm of ts.messages) {
          const msg = 'Signature' in cm ? cm.Message : cm
          const from = await this.keyOf(msg.From)
          if (readd.get(from)?.delete(msg.Nonce) === true) continue
          const removed = this.pending.get(from)?.rm(msg.Nonce, true)
          if (removed !== undefined && this.localAddrs.has(from)) this.local.delete(removed)
          if (this.pending.get(from)?.msgs.size === 0) this.pending.delete(from)
        }
      }
      for (const [from, s] of readd) {
        for (const m of s.values()) {
          try {
            await this.addLocked(m, from)
            if (this.localAddrs.has(from)) this.local.put(m)
          } catch (err) {
            this.deps.log?.warn({ cid: signedMessageCid(m).toString(), err: (err as Error).message }, 'failed to re-add message from reorg to mpool')
          }
        }
      }
    })
  }

  /** Every check of MpoolPush; adds the message and returns the sender's key address string. */
  private async checkAndAdd (smsg: SignedMessage): Promise<string> {
    checkMessage(smsg, this.opts)
    const msg = smsg.Message
    const signer = await this.resolveKey(msg.From)
    const sig = verifyMessageSignature(smsg, signer)
    if (!sig.valid) throw new MpoolRejectedError('BadSignature', `failed to validate signature: ${sig.reason}`)
    const from = signer.toString()
    const snonce = await this.stateNonce(msg.From)
    if (snonce > msg.Nonce) {
      throw new MpoolRejectedError('NonceTooLow', `minimum expected nonce is ${snonce}, got ${msg.Nonce}`)
    }
    const minGas = this.opts.onChainMessageGas(signedMessageChainLength(smsg))
    const problem = blockInclusionProblem(msg, minGas, this.opts.blockGasLimit)
    if (problem !== undefined) throw new MpoolRejectedError('InvalidMessage', problem)
    await this.checkBalance(smsg, from)
    await this.addLocked(smsg, from)
    return from
  }

  /**
   * Balance must cover this message's GasFeeCap × GasLimit + Value, then that plus what the
   * sender's other pending messages hold. Lotus leaves Value out of the pool's sum (and checks
   * it only in MpoolPushMessage); counting it refuses a message that could only fail on chain.
   */
  private async checkBalance (smsg: SignedMessage, from: string): Promise<void> {
    const balance = (await this.deps.state.getActor(smsg.Message.From))?.Balance ?? 0n
    let required = pendingFunds(smsg)
    if (balance < required) {
      throw new MpoolRejectedError('NotEnoughFunds', `not enough funds (required: ${formatFil(required)}, balance: ${formatFil(balance)})`)
    }
    const mset = this.pending.get(from)
    if (mset !== undefined) required += mset.requiredFundsExcept(smsg.Message.Nonce)
    if (balance < required) {
      throw new MpoolRejectedError('NotEnoughFunds',
        `not enough funds including pending messages (required: ${formatFil(required)}, balance: ${formatFil(balance)})`)
    }
  }

  private async addLocked (smsg: SignedMessage, from: string): Promise<void> {
    if (smsg.Signature.type === SigType.BLS) this.cacheBlsSignature(smsg)
    let mset = this.pending.get(from)
    const fresh = mset === undefined
    if (mset === undefined) mset = new MsgSet(await this.stateNonce(smsg.Message.From))
    const replaced = mset.add(smsg, from, { maxPending: this.opts.maxActorPendingMessages, rbfPercentage: this.opts.replaceByFeePercentage })
    if (fresh) this.pending.set(from, mset)
    if (replaced !== undefined && this.localAddrs.has(from)) this.local.delete(replaced)
  }

  /** Lotus loadLocal: re-validates each stored message against the current state. */
  private async loadLocal (): Promise<void> {
    const msgs = this.local.loadAll().sort((a, b) => (a.Message.Nonce < b.Message.Nonce ? -1 : a.Message.Nonce > b.Message.Nonce ? 1 : 0))
    for (const smsg of msgs) {
      try {
        this.localAddrs.add(await this.keyOf(smsg.Message.From))
        await this.checkAndAdd(smsg)
      } catch (err) {
        if (err instanceof MpoolRejectedError && (err.reason === 'NonceTooLow' || err.reason === 'ExistingNonce' || err.reason === 'RBFTooLowPremium')) {
          // Included while the node was down, a duplicate, or already replaced by fee: nothing left to send.
          this.local.delete(smsg)
          continue
        }
        this.deps.log?.warn({ cid: signedMessageCid(smsg).toString(), err: (err as Error).message }, 'adding local message')
      }
    }
  }

  private async stateNonce (addr: Address): Promise<bigint> {
    const actor = await this.deps.state.getActor(addr)
    if (actor === undefined) throw new MpoolRejectedError('UnknownSender', `actor not found: ${addr.toString()}`)
    return actor.Nonce
  }

  private async resolveKey (addr: Address): Promise<Address> {
    const cached = this.keyCache.get(addr.toString())
    if (cached !== undefined) return cached
    const key = await this.deps.state.resolveKey(addr)
    this.keyCache.set(addr.toString(), key)
    return key
  }

  private async keyOf (addr: Address): Promise<string> {
    return (await this.resolveKey(addr)).toString()
  }

  private async parentOf (ts: MpoolTipSet): Promise<MpoolTipSet> {
    if (this.deps.chain !== undefined) return await this.deps.chain.loadTipSet(ts.parents)
    return { key: ts.parents, parents: '', height: ts.height - 1, messages: [] }
  }

  private cacheBlsSignature (smsg: SignedMessage): void {
    const key = messageCid(smsg.Message).toString()
    this.blsSigs.delete(key)
    this.blsSigs.set(key, smsg.Signature)
    if (this.blsSigs.size > BlsCacheSize) {
      const oldest = this.blsSigs.keys().next().value
      if (oldest !== undefined) this.blsSigs.delete(oldest)
    }
  }

  /** Signed forms of a block's messages; bare (BLS) ones only when the pool saw their signature. */
  private recover (msgs: readonly ChainMessage[]): SignedMessage[] {
    const out: SignedMessage[] = []
    for (const cm of msgs) {
      if ('Signature' in cm) {
        out.push(cm)
        continue
      }
      const sig = this.blsSigs.get(messageCid(cm).toString())
      if (sig !== undefined) out.push({ Message: cm, Signature: sig })
    }
    return out
  }
}
