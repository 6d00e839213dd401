/**
 * Follows the chain head through ChainNotify, so handlers can wait for an epoch (WaitSeed)
 * without polling. The subscription is re-opened after an error, with a growing pause.
 */
import type { FullNodeApi } from '../api/fullnode/index.js'
import type { Logger } from '../log/index.js'

interface Waiter { height: number, resolve: () => void }

export class HeadWatcher {
  private current = -1
  private waiters: Waiter[] = []
  private readonly abort = new AbortController()
  private loop: Promise<void> | undefined

  constructor (private readonly chain: Pick<FullNodeApi, 'ChainNotify' | 'ChainHead'>, private readonly log: Logger) {}

  start (): void {
    this.loop ??= this.run()
  }

  async stop (): Promise<void> {
    this.abort.abort()
    await this.loop
  }

  /** The latest height seen (-1 before the first). */
  height (): number {
    return this.current
  }

  /** Resolves once the head is at `height` or above; rejects when `signal` aborts. */
  async waitHeight (height: number, signal: AbortSignal): Promise<void> {
    if (this.current < 0) this.observe((await this.chain.ChainHead()).height)
    if (this.current >= height) return
    signal.throwIfAborted()
    await new Promise<void>((resolve, reject) => {
      const waiter: Waiter = { height, resolve: () => { signal.removeEventListener('abort', onAbort); resolve() } }
      const onAbort = (): void => {
        this.waiters = this.waiters.filter((w) => w !== waiter)
        reject(signal.reason)
      }
      signal.addEventListener('abort', onAbort, { once: true })
      this.waiters.push(waiter)
    })
  }

  private observe (height: number): void {
    // A revert lowers the head; waiters stay until it climbs back.
    this.current = height
    const ready = this.waiters.filter((w) => w.height <= height)
    this.waiters = this.waiters.filter((w) => w.height > height)
    for (const w of ready) w.resolve()
  }

  private async run (): Promise<void> {
    const signal = this.abort.signal
    let pause = 100
    while (!signal.aborted) {
      try {
        for await (const changes of await this.chain.ChainNotify({ signal })) {
          pause = 100
          const last = changes[changes.length - 1]
          if (last !== undefined) this.observe(last.Type === 'revert' ? last.Val.height - 1 : last.Val.height)
          if (signal.aborted) break
        }
      } catch (err) {
        if (signal.aborted) break
        this.log.warn({ err }, 'chain notify failed; re-subscribing')
      }
      if (signal.aborted) break
      await new Promise((resolve) => setTimeout(resolve, pause))
      pause = Math.min(pause * 2, 10_000)
    }
  }
}
