/**
 * Follows the full node's head through ChainNotify, as Lotus's miner and Window PoSt scheduler
 * do: the first batch is the current head, then apply/revert batches. When the stream ends or
 * fails (full node restarted), it subscribes again after a delay; the new first batch is
 * handed on like any other, so handlers re-read the chain from it.
 */
import type { FullNodeApi } from '../api/fullnode/index.js'
import type { HeadChange, TipSet } from '../chain/types/index.js'
import type { Logger } from '../log/index.js'
import { sleep } from './timing.js'

export type HeadChangeHandler = (changes: readonly HeadChange[]) => void | Promise<void>

export interface HeadFollowerOptions {
  /** Wait before subscribing again after the stream ended or failed. Default 1000 ms. */
  retryDelayMs?: number
  log?: Logger
}

export class HeadFollower {
  private current: TipSet | undefined
  private readonly abort = new AbortController()
  private loop: Promise<void> | undefined
  private waiters: Array<() => void> = []

  constructor (
    private readonly chain: Pick<FullNodeApi, 'ChainNotify'>,
    private readonly onChanges: HeadChangeHandler,
    private readonly options: HeadFollowerOptions = {}
  ) {}

  /** The latest head seen (undefined until the first batch). */
  get head (): TipSet | undefined {
    return this.current
  }

  start (): void {
    this.loop ??= this.run()
  }

  async stop (): Promise<void> {
    this.abort.abort()
    this.wakeAll()
    await this.loop
  }

  /** Resolves at the next head change, or when `signal` aborts or the follower stops. */
  async nextChange (signal?: AbortSignal): Promise<void> {
    if (signal?.aborted === true || this.abort.signal.aborted) return
    await new Promise<void>((resolve) => {
      const done = (): void => {
        signal?.removeEventListener('abort', done)
        this.waiters = this.waiters.filter((w) => w !== done)
        resolve()
      }
      this.waiters.push(done)
      signal?.addEventListener('abort', done, { once: true })
    })
  }

  private wakeAll (): void {
    const waiters = this.waiters
    this.waiters = []
    for (const w of waiters) w()
  }

  private async run (): Promise<void> {
    const signal = this.abort.signal
    while (!signal.aborted) {
      try {
        const stream = await this.chain.ChainNotify({ signal })
        for await (const batch of stream) {
          if (signal.aborted) break
          await this.deliver(batch)
        }
        if (!signal.aborted) this.options.log?.warn('ChainNotify stream ended; subscribing again')
      } catch (err) {
        if (signal.aborted) break
        this.options.log?.error({ err: (err as Error).message }, 'ChainNotify failed; subscribing again')
      }
      await sleep(this.options.retryDelayMs ?? 1000, signal)
    }
  }

  private async deliver (batch: readonly HeadChange[]): Promise<void> {
    // The head after a batch is its last 'current' or 'apply' entry; reverts come first.
    for (const c of batch) if (c.Type !== 'revert') this.current = c.Val
    this.wakeAll()
    try {
      await this.onChanges(batch)
    } catch (err) {
      this.options.log?.error({ err: (err as Error).message }, 'handling a head change failed')
    }
  }
}
