/**
 * The chain clock as the node experiences it: at each epoch boundary it notes whether the last
 * epoch got a block or became a null round (no block arrived in time), so a quiet devnet is
 * visible in the log and `null rounds` can be counted. The chain itself needs no action for a
 * null round: the next block simply names a height past it.
 */
import type { ChainEpoch } from '../../core/types.js'
import type { ChainClock } from '../../chain/consensus/index.js'
import type { TipSet } from '../../chain/types/index.js'

export interface EpochTickerDeps {
  clock: ChainClock
  head: () => TipSet
}

export interface EpochTickerOptions {
  log?: { debug: (obj: object, msg: string) => void }
  /** Called at the start of each epoch with the epoch and whether the previous one was null. */
  onEpoch?: (epoch: ChainEpoch, previousWasNull: boolean) => void
}

export class EpochTicker {
  private timer: NodeJS.Timeout | undefined
  private running = false
  private nullRounds = 0

  constructor (private readonly deps: EpochTickerDeps, private readonly options: EpochTickerOptions = {}) {}

  /** Null rounds seen since start. */
  get nullRoundCount (): number {
    return this.nullRounds
  }

  start (): void {
    if (this.running) return
    this.running = true
    this.schedule(this.deps.clock.epochAt() + 1)
  }

  stop (): void {
    this.running = false
    if (this.timer !== undefined) clearTimeout(this.timer)
    this.timer = undefined
  }

  private schedule (epoch: number): void {
    if (!this.running) return
    const wait = Math.max(0, this.deps.clock.msUntilEpoch(epoch as ChainEpoch))
    this.timer = setTimeout(() => { this.tick(epoch) }, wait)
    this.timer.unref()
  }

  private tick (epoch: number): void {
    const previous = epoch - 1
    const wasNull = this.deps.head().height < previous
    if (wasNull) {
      this.nullRounds++
      this.options.log?.debug({ epoch: previous, head: this.deps.head().height }, 'null round: no block for the epoch')
    }
    this.options.onEpoch?.(epoch as ChainEpoch, wasNull)
    this.schedule(Math.max(epoch + 1, this.deps.clock.epochAt() + 1))
  }
}
