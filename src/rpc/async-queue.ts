/**
 * A push-fed async iterator: the WebSocket reader pushes channel values in, a `for await` loop
 * takes them out. Values wait in memory until taken. `return()` (a `break` in the loop) runs
 * `onReturn` once, which the client uses to send `xrpc.cancel`.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly values: T[] = []
  private readonly waiting: Array<{ resolve: (r: IteratorResult<T>) => void, reject: (err: unknown) => void }> = []
  private ended = false
  private failure: unknown = undefined

  constructor (private readonly onReturn: () => void = () => {}) {}

  get done (): boolean {
    return this.ended
  }

  push (value: T): void {
    if (this.ended) return
    const waiter = this.waiting.shift()
    if (waiter !== undefined) waiter.resolve({ value, done: false })
    else this.values.push(value)
  }

  /** Ends the stream after the buffered values; with an error, the next read throws it. */
  end (error?: unknown): void {
    if (this.ended) return
    this.ended = true
    this.failure = error
    for (const waiter of this.waiting.splice(0)) {
      if (error !== undefined) waiter.reject(error)
      else waiter.resolve({ value: undefined, done: true })
    }
  }

  async next (): Promise<IteratorResult<T>> {
    if (this.values.length > 0) return { value: this.values.shift() as T, done: false }
    if (this.ended) {
      if (this.failure !== undefined) {
        const err = this.failure
        this.failure = undefined
        throw err
      }
      return { value: undefined, done: true }
    }
    return await new Promise((resolve, reject) => { this.waiting.push({ resolve, reject }) })
  }

  async return (): Promise<IteratorResult<T>> {
    if (!this.ended) {
      this.end()
      this.onReturn()
    }
    this.values.length = 0
    return { value: undefined, done: true }
  }

  [Symbol.asyncIterator] (): this {
    return this
  }
}
