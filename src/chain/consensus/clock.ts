import { InvalidInputError } from '../../core/errors.js'
import type { ChainEpoch } from '../../core/types.js'

export interface ChainClockOptions {
  /** The genesis block's Timestamp (Unix seconds). */
  genesisTimestamp: number
  /** Epoch length in milliseconds (Lotus `BlockDelaySecs` × 1000); tests go down to 100 ms. */
  blockDelayMs: number
  /** Current time in ms; default `Date.now`. */
  now?: () => number
}

/**
 * Epochs on a fixed clock: epoch e starts at genesis + e × delay. Block timestamps are whole
 * Unix seconds (the header's uint64), so a block's Timestamp is its epoch start rounded down to
 * the second; with whole-second delays that is Lotus's genesis + height × BlockDelaySecs.
 */
export class ChainClock {
  readonly genesisTimestamp: number
  readonly blockDelayMs: number
  private readonly nowFn: () => number

  constructor (options: ChainClockOptions) {
    if (!Number.isSafeInteger(options.genesisTimestamp) || options.genesisTimestamp < 0) {
      throw new InvalidInputError('ERR_CLOCK', `genesis timestamp must be whole Unix seconds, got ${options.genesisTimestamp}`, { value: options.genesisTimestamp })
    }
    if (!Number.isSafeInteger(options.blockDelayMs) || options.blockDelayMs <= 0) {
      throw new InvalidInputError('ERR_CLOCK', `block delay must be a positive number of milliseconds, got ${options.blockDelayMs}`, { value: options.blockDelayMs })
    }
    this.genesisTimestamp = options.genesisTimestamp
    this.blockDelayMs = options.blockDelayMs
    this.nowFn = options.now ?? Date.now
  }

  now (): number {
    return this.nowFn()
  }

  /** When epoch `epoch` starts, in ms since the Unix epoch. */
  epochStartMs (epoch: ChainEpoch): number {
    return this.genesisTimestamp * 1000 + epoch * this.blockDelayMs
  }

  /** The Timestamp a block at `epoch` must carry. */
  timestampForEpoch (epoch: ChainEpoch): number {
    return Math.floor(this.epochStartMs(epoch) / 1000)
  }

  /** The epoch in progress at `timeMs` (default now); 0 before genesis. */
  epochAt (timeMs: number = this.nowFn()): ChainEpoch {
    const since = timeMs - this.genesisTimestamp * 1000
    return (since <= 0 ? 0 : Math.floor(since / this.blockDelayMs)) as ChainEpoch
  }

  /** Milliseconds until `epoch` starts (negative once it has). */
  msUntilEpoch (epoch: ChainEpoch): number {
    return this.epochStartMs(epoch) - this.nowFn()
  }
}
