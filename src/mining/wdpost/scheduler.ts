/**
 * The Window PoSt scheduler (Lotus `storage/wdpost`: changehandler, run, faults). Driven by
 * head changes only: it reads the current deadline (StateMinerProvingDeadline), starts proving
 * a deadline once the head passes its challenge epoch + ChallengeConfidence (one proof at a
 * time, moving on to the next deadline once a proof is ready, aborting at the deadline's
 * close), declares faults and recoveries two deadlines ahead, and submits once the head is
 * SubmitConfidence epochs into the window. A revert back before the window opened, or of the
 * tipset that included the proof, sends it again unless the chain already shows it.
 */
import { Protocol, type Address } from '../../core/address/index.js'
import { InvalidInputError } from '../../core/errors.js'
import type { CID } from '../../core/cid.js'
import { actorId, type ActorId, type ChainEpoch } from '../../core/types.js'
import type { HeadChange, TipSet } from '../../chain/types/index.js'
import { HeadFollower } from '../head-follower.js'
import { linkedAbort } from '../timing.js'
import { windowPoStMetrics, type WindowPoStMetrics } from '../metrics.js'
import type { CycleContext, WindowPoStDeps } from './context.js'
import { deadlineLabel, nextDeadline, periodStarted, type DeadlineInfo } from './deadlines.js'
import { findDeclarations, sendDeclarations } from './declare.js'
import { generateDeadlinePoSts, type DeadlinePoSt } from './prove.js'
import { POSTED_PARTITIONS_MAX, provingSettings } from './settings.js'
import { submitDeadlinePoSts } from './submit.js'

/** What the scheduler did, for tests and the node's journal. */
export type WindowPoStEvent =
  | { type: 'proved', deadline: DeadlineInfo, posts: readonly DeadlinePoSt[] }
  | { type: 'submitted', deadline: DeadlineInfo, messages: readonly CID[] }
  | { type: 'landed', deadline: DeadlineInfo, message: CID, height: ChainEpoch, exitCode: number }
  | { type: 'declared', deadline: DeadlineInfo, faults: number, recoveries: number }
  | { type: 'reverted', deadline: DeadlineInfo }
  | { type: 'late', deadline: DeadlineInfo }
  | { type: 'failed', deadline: DeadlineInfo, error: string }

export interface WindowPoStOptions {
  /** The miner actor, an ID address. */
  miner: Address
  /** Epochs past the challenge before proving starts (Lotus ChallengeConfidence). Default 1. */
  challengeConfidence?: number
  /** Epochs past the window's open before submitting (Lotus SubmitConfidence). Default 4. */
  submitConfidence?: number
  /** Confidence for StateWaitMsg on our messages. Default 5 (Lotus MessageConfidence). */
  messageConfidence?: number
  /** The network's partitions-per-message limit. Default 3 (POSTED_PARTITIONS_MAX). */
  networkMaxPartitions?: number
  /** Wait before subscribing to ChainNotify again after it failed. Default 1000 ms. */
  retryDelayMs?: number
  onEvent?: (e: WindowPoStEvent) => void
}

type SubmitState = 'start' | 'submitting' | 'complete'

interface PostWindow {
  readonly di: DeadlineInfo
  /** Set once computed; empty when there was nothing to prove. */
  posts?: DeadlinePoSt[]
  proving: boolean
  submit: SubmitState
  /** Bumped on every reset, so results of an abandoned submission are ignored. */
  generation: number
  resubmits: number
  includedAt?: number
  abort?: AbortController
  failed: boolean
  closed: boolean
}

/** A deadline as `lotus-miner proving` reports the scheduler's view of it. */
export interface WindowStatus {
  readonly deadline: number
  readonly open: ChainEpoch
  readonly close: ChainEpoch
  readonly state: 'waiting' | 'proving' | 'proven' | 'submitting' | 'submitted' | 'nothing-to-prove'
  readonly includedAt?: number
}

export class WindowPoStScheduler {
  private readonly minerId: ActorId
  private readonly metrics: WindowPoStMetrics
  private readonly heads: HeadFollower
  private readonly abort = new AbortController()
  private readonly windows = new Map<number, PostWindow>()
  private readonly declared = new Set<number>()
  private readonly tasks = new Set<Promise<void>>()
  private proving: { di: DeadlineInfo, abort: AbortController } | undefined
  private head: TipSet | undefined
  private current: DeadlineInfo | undefined
  private disabledLogged = false

  constructor (private readonly deps: WindowPoStDeps, private readonly options: WindowPoStOptions) {
    if (options.miner.protocol !== Protocol.ID) {
      throw new InvalidInputError('ERR_MINER_ADDRESS', `window post: miner must be an ID address, got ${options.miner.toString()}`, { value: options.miner, source: 'miner' })
    }
    this.minerId = actorId(options.miner.id())
    this.metrics = deps.metrics ?? windowPoStMetrics()
    this.heads = new HeadFollower(deps.chain, async (batch) => { await this.onHeadChange(batch) }, { log: deps.log, retryDelayMs: options.retryDelayMs })
  }

  start (): void {
    this.heads.start()
  }

  async stop (): Promise<void> {
    this.abort.abort()
    this.proving?.abort.abort()
    for (const w of this.windows.values()) w.abort?.abort()
    await this.heads.stop()
    await Promise.allSettled([...this.tasks])
  }

  /** The current deadline and the windows being tracked. */
  status (): { current: DeadlineInfo | undefined, windows: WindowStatus[] } {
    const windows = [...this.windows.values()].sort((a, b) => a.di.Open - b.di.Open).map((w): WindowStatus => ({
      deadline: w.di.Index,
      open: w.di.Open,
      close: w.di.Close,
      state: w.submit === 'complete' ? (w.posts?.length === 0 ? 'nothing-to-prove' : 'submitted') : w.submit === 'submitting' ? 'submitting' : w.posts !== undefined ? 'proven' : w.proving ? 'proving' : 'waiting',
      includedAt: w.includedAt
    }))
    return { current: this.current, windows }
  }

  private emit (e: WindowPoStEvent): void {
    this.options.onEvent?.(e)
  }

  private track (p: Promise<void>): void {
    this.tasks.add(p)
    void p.finally(() => this.tasks.delete(p))
  }

  private window (di: DeadlineInfo): PostWindow {
    let w = this.windows.get(di.Open)
    if (w === undefined) {
      w = { di, proving: false, submit: 'start', generation: 0, resubmits: 0, failed: false, closed: false }
      this.windows.set(di.Open, w)
    }
    return w
  }

  private context (signal: AbortSignal): CycleContext {
    const config = this.deps.config()
    return {
      deps: this.deps,
      miner: this.options.miner,
      minerId: this.minerId,
      settings: provingSettings(config.Proving, this.options.networkMaxPartitions ?? POSTED_PARTITIONS_MAX),
      config,
      log: this.deps.log,
      metrics: this.metrics,
      signal,
      messageConfidence: this.options.messageConfidence ?? 5
    }
  }

  private async onHeadChange (batch: readonly HeadChange[]): Promise<void> {
    let head: TipSet | undefined
    let revertedTo: number | undefined
    for (const c of batch) {
      if (c.Type === 'revert') revertedTo = Math.min(revertedTo ?? c.Val.height, c.Val.height)
      else head = c.Val
    }
    if (head === undefined || this.abort.signal.aborted) return
    if (this.deps.config().Proving.DisableBuiltinWindowPoSt) {
      if (!this.disabledLogged) this.deps.log?.warn('[Proving] DisableBuiltinWindowPoSt is set: this node computes no Window PoSt')
      this.disabledLogged = true
      return
    }
    this.disabledLogged = false
    const di = await this.deps.chain.StateMinerProvingDeadline(this.options.miner, head.key, { signal: this.abort.signal })
    if (!periodStarted(di)) return
    this.head = head
    this.current = di
    this.onProveHead(head, di)
    this.onSubmitHead(head, di, revertedTo)
  }

  /** Lotus proveHandler.processHeadChange. */
  private onProveHead (head: TipSet, di: DeadlineInfo): void {
    if (this.proving !== undefined && head.height >= this.proving.di.Close) {
      this.deps.log?.warn({ deadline: this.proving.di.Index }, `Aborted window post Proving (${deadlineLabel(this.proving.di)}): the deadline closed`)
      this.proving.abort.abort()
      this.proving = undefined
    }
    if (this.proving !== undefined) return
    let d = di
    while (this.windows.get(d.Open)?.posts !== undefined) d = nextDeadline(d)
    if (head.height < d.Challenge + (this.options.challengeConfidence ?? 1)) return
    this.startProving(d, head)
  }

  private startProving (d: DeadlineInfo, head: TipSet): void {
    const { controller: abort, release } = linkedAbort(this.abort.signal)
    const proving = { di: d, abort }
    this.proving = proving
    const w = this.window(d)
    w.proving = true
    const ctx = this.context(abort.signal)
    this.declareAhead(d, head)
    const started = performance.now()
    this.track(generateDeadlinePoSts(ctx, d, head.key, () => (this.head ?? head).key).then((posts) => {
      if (this.proving === proving) this.proving = undefined
      this.metrics.proveSeconds.observe((performance.now() - started) / 1000)
      w.posts = posts
      w.proving = false
      if (posts.length === 0) this.deps.log?.info({ deadline: d.Index }, `window post: nothing to prove for ${deadlineLabel(d)}`)
      this.emit({ type: 'proved', deadline: d, posts })
      if (this.head !== undefined) this.submitIfReady(this.head, w)
    }, (err: unknown) => {
      if (this.proving === proving) this.proving = undefined
      w.proving = false
      if (abort.signal.aborted) return
      this.fail(w, `runPoStCycle failed: ${(err as Error).message}`)
    }).finally(release))
  }

  /** Faults and recoveries for the deadline two ahead, once per deadline, in the background. */
  private declareAhead (d: DeadlineInfo, head: TipSet): void {
    const ctx = this.context(this.abort.signal)
    const key = d.Open + 2 * d.WPoStChallengeWindow
    if (this.declared.has(key)) return
    this.declared.add(key)
    for (const k of this.declared) if (k < head.height - d.WPoStProvingPeriod) this.declared.delete(k)
    this.track((async () => {
      const decl = await findDeclarations(ctx, d, head)
      if (decl === undefined) return
      await sendDeclarations(ctx, decl)
      const count = (xs: typeof decl.faults): number => xs.reduce((n, x) => n + x.Sectors.count(), 0)
      if (decl.faults.length > 0 || decl.recoveries.length > 0) {
        this.emit({ type: 'declared', deadline: decl.target, faults: count(decl.faults), recoveries: count(decl.recoveries) })
      }
    })().catch((err: unknown) => {
      if (this.abort.signal.aborted) return
      this.declared.delete(key)
      this.deps.log?.error({ deadline: d.Index, err: (err as Error).message }, 'declaring faults and recoveries failed')
    }))
  }

  /** Lotus submitHandler.processHeadChange, for every tracked window. */
  private onSubmitHead (head: TipSet, di: DeadlineInfo, revertedTo: number | undefined): void {
    this.window(di)
    for (const w of [...this.windows.values()]) {
      const expired = head.height >= w.di.Close
      const revertedToPrevDL = revertedTo !== undefined && revertedTo < w.di.Open
      const revertedInclusion = revertedTo !== undefined && w.includedAt !== undefined && revertedTo <= w.includedAt
      if (w.submit === 'submitting' && (revertedToPrevDL || expired)) {
        w.abort?.abort()
        this.reset(w)
      } else if (w.submit === 'complete' && !expired && (revertedToPrevDL || (revertedInclusion && (w.posts?.length ?? 0) > 0))) {
        this.deps.log?.warn({ deadline: w.di.Index, revertedTo, includedAt: w.includedAt }, 'window post: the chain reverted past our proof; submitting again')
        this.emit({ type: 'reverted', deadline: w.di })
        this.reset(w)
      }
      if (expired) {
        this.close(w)
        continue
      }
      this.submitIfReady(head, w)
    }
  }

  private reset (w: PostWindow): void {
    w.abort?.abort()
    w.generation++
    w.submit = 'start'
    w.includedAt = undefined
    w.resubmits++
    w.abort = undefined
  }

  /** The window closed: a proof that should have landed and did not is late. */
  private close (w: PostWindow): void {
    if (w.closed) return
    w.closed = true
    const owed = w.posts === undefined ? w.proving || w.failed : w.posts.length > 0
    if (owed && w.submit !== 'complete') {
      this.metrics.late.inc()
      this.deps.log?.error({ deadline: w.di.Index, close: w.di.Close }, `window post for ${deadlineLabel(w.di)} was not submitted before the deadline closed`)
      this.emit({ type: 'late', deadline: w.di })
    }
    // Closed windows need no more attention; keep the map small.
    for (const [open, x] of this.windows) if (x.closed && x.di.Close < w.di.Open) this.windows.delete(open)
  }

  private fail (w: PostWindow, error: string): void {
    this.deps.log?.error({ deadline: w.di.Index, err: error }, `window post failed for ${deadlineLabel(w.di)}`)
    if (!w.failed) this.metrics.failed.inc()
    w.failed = true
    this.emit({ type: 'failed', deadline: w.di, error })
  }

  /** Lotus submitIfReady. */
  private submitIfReady (head: TipSet, w: PostWindow): void {
    if (head.height >= w.di.Close || w.submit !== 'start') return
    if (head.height < w.di.Open + (this.options.submitConfidence ?? 4)) return
    if (w.posts === undefined) return
    if (w.posts.length === 0) {
      w.submit = 'complete'
      return
    }
    const posts = w.posts
    const gen = w.generation
    const { controller: abort, release } = linkedAbort(this.abort.signal)
    w.submit = 'submitting'
    w.abort = abort
    const ctx = this.context(abort.signal)
    this.track((async () => {
      if (w.resubmits > 0 && await this.alreadyOnChain(w, posts, head)) {
        this.deps.log?.info({ deadline: w.di.Index }, 'window post: the chain already holds this proof; not sending it again')
        if (w.generation === gen) w.submit = 'complete'
        return
      }
      const cids = await submitDeadlinePoSts(ctx, w.di, posts, head)
      if (w.generation !== gen) return
      w.submit = 'complete'
      this.emit({ type: 'submitted', deadline: w.di, messages: cids })
      await Promise.all(cids.map(async (cid) => { await this.waitLanded(ctx, w, gen, cid) }))
    })().catch((err: unknown) => {
      if (w.generation !== gen || abort.signal.aborted) return
      w.submit = 'start'
      this.fail(w, `submitting window post: ${(err as Error).message}`)
    }).finally(release))
  }

  private async waitLanded (ctx: CycleContext, w: PostWindow, gen: number, cid: CID): Promise<void> {
    const r = await this.deps.chain.StateWaitMsg(cid, ctx.messageConfidence, -1 as ChainEpoch, true, { signal: ctx.signal })
    if (w.generation !== gen) return
    const exitCode = r === null ? -1 : Number(r.Receipt.ExitCode)
    if (r === null || exitCode !== 0) {
      this.fail(w, `Submitting window post ${cid.toString()} failed: exit ${exitCode}`)
      return
    }
    w.includedAt = Math.min(w.includedAt ?? r.Height, r.Height)
    this.deps.log?.info({ cid: cid.toString(), deadline: w.di.Index, height: r.Height }, 'window post message landed')
    this.emit({ type: 'landed', deadline: w.di, message: cid, height: r.Height, exitCode })
  }

  /** Whether the head's state already records every partition of `posts` as proven. */
  private async alreadyOnChain (w: PostWindow, posts: readonly DeadlinePoSt[], head: TipSet): Promise<boolean> {
    const deadlines = await this.deps.chain.StateMinerDeadlines(this.options.miner, head.key, { signal: this.abort.signal })
    const posted = deadlines[w.di.Index]?.PostSubmissions
    return posted !== undefined && posts.every((p) => p.Partitions.every((x) => posted.has(x.Index)))
  }
}
