import type { Address } from '../../core/address/index.js'
import type { CID } from '../../core/cid.js'
import { InvalidInputError, NelumboError } from '../../core/errors.js'
import type { Message, SignedMessage } from '../../core/message/index.js'
import type { ChainEpoch } from '../../core/types.js'
import type { Verifier } from '../../proofs/types.js'
import type { RandomBeacon } from '../beacon/index.js'
import {
  ChainClock, createBlock, InvalidBlockError, minerGetBaseInfo, resolveConsensusOptions, validateBlock,
  type BlockSigner, type BlockTemplate, type ConsensusDeps, type ConsensusOptions, type MiningBaseInfo, type PowerView,
  type ResolvedConsensusOptions
} from '../consensus/index.js'
import { ChainRandomness } from '../rand/index.js'
import type { ChainStore, TipSetExecution } from '../store/index.js'
import { blockHeaderCid, TipSet, TipSetKey, type BlockHeader, type BlockMsg, type FullBlock } from '../types/index.js'
import { TipSetExecutor, type VmSettings } from './executor.js'
import { SyncTracker, type SyncState } from './sync-state.js'

export interface ChainServiceDeps {
  chain: ChainStore
  beacon: RandomBeacon
  power: PowerView
  verifier: Pick<Verifier, 'verifyWinningPoSt' | 'generateWinningPoStSectorChallenge'>
  /** Signs blocks with the miner's worker key (the node's wallet). */
  signer: BlockSigner
  vm: VmSettings
}

export interface ChainServiceOptions extends ConsensusOptions {
  /** Epoch length in ms (`BlockDelaySecs` × 1000). Default 4000. */
  blockDelayMs?: number
  /** Current time in ms; default `Date.now`. */
  now?: () => number
  /** Blocks this far below the head no longer gather into tipsets. Default 900 (Lotus's finality). */
  tipsetFormationDepth?: number
}

/** The chain service was used before it knew its genesis. */
export class NoGenesisError extends NelumboError {
  constructor () {
    super('ERR_NO_GENESIS', 'the chain has no genesis yet: call initGenesis or start on a chain that has one')
  }
}

/**
 * The full node's chain service (Lotus's syncer, consensus and state manager in one, for one
 * local chain): accepts blocks (SyncSubmitBlock), gathers blocks with the same parents and
 * height into tipsets, moves the head to the heaviest (the chain store notifies the message
 * pool and ChainNotify), executes tipsets, and serves miners (MinerGetBaseInfo,
 * MinerCreateBlock). Block submissions are handled one at a time.
 */
export class ChainService {
  readonly randomness: ChainRandomness
  private readonly deps: ChainServiceDeps
  private readonly opts: ResolvedConsensusOptions
  private readonly blockDelayMs: number
  private readonly nowFn: () => number
  private readonly formationDepth: number
  private readonly executor: TipSetExecutor
  private readonly tracker = new SyncTracker()
  /** Validated blocks by `height/parents`, which make up the tipsets they can form. */
  private readonly groups = new Map<string, { height: number, headers: Map<string, BlockHeader> }>()
  private genesisTs: TipSet | undefined
  private chainClock: ChainClock | undefined
  private queue: Promise<unknown> = Promise.resolve()

  constructor (deps: ChainServiceDeps, options: ChainServiceOptions = {}) {
    this.deps = deps
    this.opts = resolveConsensusOptions(options)
    this.blockDelayMs = options.blockDelayMs ?? 4000
    this.nowFn = options.now ?? Date.now
    this.formationDepth = options.tipsetFormationDepth ?? 900
    this.randomness = new ChainRandomness({ chain: deps.chain, beacon: deps.beacon })
    this.executor = new TipSetExecutor({
      chain: deps.chain,
      randomness: (tsk) => this.randomness.forTipSet(tsk),
      vm: deps.vm,
      onMessageApplied: (_cid, _msg, _ret, implicit) => { if (!implicit) this.tracker.messageApplied() }
    })
  }

  /** Picks up the genesis of a chain that already has a head (a restarted node). */
  async start (): Promise<void> {
    const head = this.deps.chain.head
    if (head === undefined) return
    this.setGenesis(await this.deps.chain.getTipsetByHeight(0 as ChainEpoch, head))
  }

  /**
   * Makes `genesis` (made by the genesis tooling, its state already in the chain blockstore) the
   * chain's first tipset and head. On a chain that has a head, checks it has this genesis.
   */
  async initGenesis (genesis: BlockHeader): Promise<TipSet> {
    const cid = blockHeaderCid(genesis)
    if (genesis.Height !== 0) throw new InvalidInputError('ERR_GENESIS', `genesis block must be at height 0, got ${genesis.Height}`, { value: genesis.Height })
    const head = this.deps.chain.head
    if (head !== undefined) {
      const existing = await this.deps.chain.getTipsetByHeight(0 as ChainEpoch, head)
      if (!existing.contains(cid)) {
        throw new InvalidInputError('ERR_GENESIS', `the chain's genesis is ${existing.cids[0]!.toString()}, not ${cid.toString()}`, { value: cid })
      }
      this.setGenesis(existing)
      return existing
    }
    const ts = TipSet.create([genesis], 'genesis block')
    await this.deps.chain.putTipSet(ts)
    this.deps.chain.recordExecution(ts.key, { stateRoot: genesis.ParentStateRoot, receiptsRoot: genesis.ParentMessageReceipts })
    await this.deps.chain.setHead(ts)
    this.setGenesis(ts)
    return ts
  }

  get genesis (): TipSet {
    if (this.genesisTs === undefined) throw new NoGenesisError()
    return this.genesisTs
  }

  /** The chain's clock (epochs from the genesis timestamp). */
  get clock (): ChainClock {
    if (this.chainClock === undefined) throw new NoGenesisError()
    return this.chainClock
  }

  /** The state and receipts after `ts` (memoised in the chain store). */
  async executeTipset (ts: TipSet): Promise<TipSetExecution> {
    return await this.executor.executeTipset(ts)
  }

  /** MinerGetBaseInfo; undefined when the miner has no actor at the lookback state. */
  async getMiningBaseInfo (miner: Address, epoch: ChainEpoch, tsk: TipSetKey): Promise<MiningBaseInfo | undefined> {
    return await minerGetBaseInfo(this.consensus(), this.opts, miner, epoch, tsk.isEmpty ? this.deps.chain.requireHead().key : tsk)
  }

  /** MinerCreateBlock: the signed block for a miner's template, its messages stored. */
  async createBlock (template: BlockTemplate): Promise<BlockMsg> {
    return await createBlock({
      ...this.consensus(),
      signer: this.deps.signer,
      putBlockMessages: async (bls, secpk) => await this.deps.chain.putBlockMessages(bls, secpk)
    }, this.opts, template)
  }

  /**
   * SyncSubmitBlock: loads the block's messages (already in the store, as MinerCreateBlock puts
   * them), validates the block, stores it, and moves the head if the tipset it forms with its
   * siblings is the heaviest. Throws {@link InvalidBlockError} naming the broken rule.
   */
  async submitBlock (blk: BlockMsg): Promise<void> {
    const run = this.queue.then(async () => await this.accept(blk))
    this.queue = run.catch(() => {})
    await run
  }

  /** SyncState: the last head move and the messages the VM applied. */
  syncState (): SyncState {
    return this.tracker.state()
  }

  private async accept (blk: BlockMsg): Promise<void> {
    if (blk.Header === null) throw new InvalidBlockError('MalformedBlock', 'block message has no header')
    const header = blk.Header
    const cid = blockHeaderCid(header)
    const full: FullBlock = { Header: header, BlsMessages: [], SecpkMessages: [] }
    try {
      full.BlsMessages = await this.loadMessages(blk.BlsMessages, false) as Message[]
      full.SecpkMessages = await this.loadMessages(blk.SecpkMessages, true) as SignedMessage[]
    } catch (err) {
      throw new InvalidBlockError('BadMessages', `failed to load messages: ${(err as Error).message}`, cid, { cause: err })
    }
    const key = `${header.Height}/${TipSetKey.fromCids(header.Parents).id}`
    if (this.groups.get(key)?.headers.has(cid.toString()) === true) return

    const previousHead = this.deps.chain.head ?? null
    await validateBlock(this.consensus(), this.opts, full)
    await this.deps.chain.putFullBlock(full)

    const group = this.groups.get(key) ?? { height: header.Height, headers: new Map<string, BlockHeader>() }
    group.headers.set(cid.toString(), header)
    this.groups.set(key, group)
    const ts = TipSet.create([...group.headers.values()], `blocks at height ${header.Height}`)
    const now = new Date(this.nowFn())
    this.tracker.started(previousHead, ts, now)
    if (await this.deps.chain.takeHeavier(ts)) this.prune(ts.height)
    this.tracker.completed(new Date(this.nowFn()))
  }

  private async loadMessages (cids: readonly CID[], signed: boolean): Promise<Array<Message | SignedMessage>> {
    const out: Array<Message | SignedMessage> = []
    for (const c of cids) {
      const m = await this.deps.chain.getMessage(c)
      if (signed && m.signed === null) throw new InvalidInputError('ERR_MESSAGE_KIND', `message ${c.toString()} is listed as secp256k1 but is unsigned`, { value: c })
      if (!signed && m.signed !== null) throw new InvalidInputError('ERR_MESSAGE_KIND', `message ${c.toString()} is listed as BLS but is signed`, { value: c })
      out.push(m.signed ?? m.message)
    }
    return out
  }

  private prune (headHeight: number): void {
    for (const [k, g] of this.groups) if (g.height < headHeight - this.formationDepth) this.groups.delete(k)
  }

  private setGenesis (ts: TipSet): void {
    this.genesisTs = ts
    this.chainClock = new ChainClock({ genesisTimestamp: ts.minTimestamp, blockDelayMs: this.blockDelayMs, now: this.nowFn })
  }

  private consensus (): ConsensusDeps {
    const clock = this.clock
    return {
      chain: this.deps.chain,
      beacon: this.deps.beacon,
      power: this.deps.power,
      verifier: this.deps.verifier,
      clock,
      execute: async (ts) => await this.executeTipset(ts),
      isAccountActor: (code) => this.deps.vm(clock.epochAt()).registry.isAccount(code)
    }
  }
}
