/**
 * js-libp2p 3 calls `Promise.withResolvers` (ES2024), which Node 20 lacks: without it every
 * inbound connection fails its upgrade and the dialer sees ECONNRESET. Installed once, before
 * any libp2p code runs.
 */
interface Resolvers<T> { promise: Promise<T>, resolve: (value: T | PromiseLike<T>) => void, reject: (reason?: unknown) => void }
type PromiseWithResolvers = PromiseConstructor & { withResolvers?: <T>() => Resolvers<T> }

const P = Promise as PromiseWithResolvers
if (typeof P.withResolvers !== 'function') {
  P.withResolvers = function withResolvers<T> (): Resolvers<T> {
    let resolve!: Resolvers<T>['resolve']
    let reject!: Resolvers<T>['reject']
    const promise = new Promise<T>((res, rej) => { resolve = res; reject = rej })
    return { promise, resolve, reject }
  }
}
