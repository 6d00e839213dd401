/**
 * Small timing helpers the mining subsystem shares: abortable sleeps, a time limit on a promise
 * and a concurrency limit. Every wait ends early on abort, so `stop()` never hangs on a timer.
 */

/** Resolves after `ms` (at once when `ms <= 0`), or as soon as `signal` aborts. Never rejects. */
export async function sleep (ms: number, signal?: AbortSignal): Promise<void> {
  if (ms <= 0 || signal?.aborted === true) return
  await new Promise<void>((resolve) => {
    const done = (): void => {
      clearTimeout(timer)
      signal?.removeEventListener('abort', done)
      resolve()
    }
    const timer = setTimeout(done, ms)
    signal?.addEventListener('abort', done, { once: true })
  })
}

/** Thrown by {@link withTimeout} when the limit passes first. */
export class TimeoutError extends Error {
  constructor (readonly what: string, readonly ms: number) {
    super(`${what} timed out after ${ms} ms`)
    this.name = 'TimeoutError'
  }
}

/** `p`, or a TimeoutError after `ms` (no limit when `ms <= 0`). */
export async function withTimeout<T> (p: Promise<T>, ms: number, what: string): Promise<T> {
  if (ms <= 0) return await p
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => { reject(new TimeoutError(what, ms)) }, ms)
  })
  try {
    return await Promise.race([p, limit])
  } finally {
    clearTimeout(timer)
  }
}

/**
 * Runs `fn` over `items` with at most `limit` calls in flight (all at once when `limit <= 0`),
 * returning the results in input order.
 */
export async function mapLimit<T, R> (items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length)
  let next = 0
  const width = limit <= 0 ? items.length : Math.min(limit, items.length)
  const worker = async (): Promise<void> => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i]!, i)
  }
  await Promise.all(Array.from({ length: width }, worker))
  return out
}

/**
 * A controller aborted when `parent` aborts. Call `release` when the work is done, so
 * long-lived parents do not collect listeners.
 */
export function linkedAbort (parent: AbortSignal): { controller: AbortController, release: () => void } {
  const controller = new AbortController()
  const onAbort = (): void => { controller.abort() }
  if (parent.aborted) controller.abort()
  else parent.addEventListener('abort', onAbort, { once: true })
  return { controller, release: () => { parent.removeEventListener('abort', onAbort) } }
}

/**
 * `p`, or a rejection as soon as `signal` aborts: for prover calls that take no signal, so an
 * abandoned proof stops holding up its caller (the work itself runs to its end unobserved).
 */
export async function abortable<T> (p: Promise<T>, signal: AbortSignal, what: string): Promise<T> {
  if (signal.aborted) throw new Error(`${what} was aborted`)
  let onAbort: (() => void) | undefined
  const aborted = new Promise<never>((_resolve, reject) => {
    onAbort = () => { reject(new Error(`${what} was aborted`)) }
    signal.addEventListener('abort', onAbort, { once: true })
  })
  p.catch(() => {})
  try {
    return await Promise.race([p, aborted])
  } finally {
    signal.removeEventListener('abort', onAbort!)
  }
}
