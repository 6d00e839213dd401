import type { HeadChange, TipSet } from '../types/index.js'

/** Receives each batch of head changes: reverts (newest first), then applies (oldest first). */
export type HeadChangeListener = (changes: readonly HeadChange[]) => void

export interface SubscribeOptions {
  /** Ends the subscription. */
  signal?: AbortSignal
  /**
   * Batches a subscriber may leave unread before it is dropped; Lotus closes a ChainNotify
   * channel whose reader falls 16 batches behind rather than stall the chain. Default 16.
   */
  maxBuffered?: number
}

/**
 * Fan-out of head changes. Listeners are called synchronously, in registration order, after
 * the new head is persisted; subscriptions are async iterators fit for ChainNotify, whose first
 * batch is `[{Type: 'current', Val: head}]`.
 */
export class HeadChangeHub {
  private readonly listeners = new Set<HeadChangeListener>()
  private readonly onListenerError: (err: unknown) => void

  constructor (onListenerError: (err: unknown) => void = () => {}) {
    this.onListenerError = onListenerError
  }

  /** Registers `listener`; returns the function that removes it. */
  listen (listener: HeadChangeListener): () => void {
    this.listeners.add(listener)
    return () => { this.listeners.delete(listener) }
  }

  publish (changes: readonly HeadChange[]): void {
    if (changes.length === 0) return
    for (const l of [...this.listeners]) {
      try {
        l(changes)
      } catch (err) {
        // One faulty listener must not stop the others or the chain.
        this.onListenerError(err)
      }
    }
  }

  /** An async iterator of batches starting with the `current` head. */
  subscribe (head: TipSet, options: SubscribeOptions = {}): AsyncIterableIterator<HeadChange[]> {
    const maxBuffered = options.maxBuffered ?? 16
    const queue: HeadChange[][] = [[{ Type: 'current', Val: head }]]
    let wake: (() => void) | undefined
    let done = false
    const finish = (): void => {
      done = true
      unlisten()
      options.signal?.removeEventListener('abort', finish)
      wake?.()
    }
    const unlisten = this.listen((changes) => {
      if (done) return
      if (queue.length >= maxBuffered) {
        finish()
        return
      }
      queue.push([...changes])
      wake?.()
    })
    if (options.signal?.aborted === true) finish()
    else options.signal?.addEventListener('abort', finish)

    const iterator: AsyncIterableIterator<HeadChange[]> = {
      next: async () => {
        while (queue.length === 0 && !done) await new Promise<void>((resolve) => { wake = resolve })
        wake = undefined
        const batch = queue.shift()
        // A dropped slow subscriber ends after what it had buffered is read.
        return batch !== undefined ? { value: batch, done: false } : { value: undefined, done: true }
      },
      return: async () => {
        finish()
        queue.length = 0
        return { value: undefined, done: true }
      },
      [Symbol.asyncIterator]: () => iterator
    }
    return iterator
  }
}
