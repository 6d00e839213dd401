import type { AnyCodec, TupleOf } from './codecs/compound.js'
import type { TypeOf } from './codecs/codec.js'
import type { Permission } from './permission.js'

/**
 * An API method as data: the Lotus wire name, the permission a caller needs, one codec per
 * positional parameter, the result codec, and whether the result is a channel (a subscription
 * such as `Closing` or `ChainNotify`, served only over WebSocket). Server dispatch, the typed
 * client and the in-process implementation's type all derive from this record.
 */
export interface MethodDef<
  P extends readonly AnyCodec[] = readonly AnyCodec[],
  R extends AnyCodec = AnyCodec,
  Ch extends boolean = boolean
> {
  readonly name: string
  readonly perm: Permission
  readonly summary: string
  readonly params: P
  readonly result: R
  readonly channel: Ch
}

/** A contract: Go method name (`Version`) → its definition. */
export type Contract = Readonly<Record<string, MethodDef>>

/** Per-call options every API method accepts last; the server passes its own signal. */
export interface CallOptions {
  /** Aborted when the caller gives up (`xrpc.cancel`), or the connection closes. */
  signal?: AbortSignal
}

/** The result a method's caller sees: a value, or for channel methods a stream of values. */
export type ResultOf<M extends MethodDef> = M['channel'] extends true ? AsyncIterable<TypeOf<M['result']>> : TypeOf<M['result']>

/** The parameters of a method, in order. */
export type ParamsOf<M extends MethodDef> = TupleOf<M['params']>

/** The function type of one method, for implementations and remote clients alike. */
export type MethodFn<M extends MethodDef> = (...args: [...ParamsOf<M>, CallOptions?]) => Promise<ResultOf<M>>

/**
 * The TypeScript interface of a contract. An in-process implementation and a JSON-RPC client
 * both have this type, so wiring a subsystem locally or over RPC is the same to its users.
 * Channel methods resolve to an `AsyncIterable`; breaking out of the loop (or aborting the
 * signal) cancels the subscription.
 */
export type ApiOf<C extends Contract> = { [K in keyof C]: MethodFn<C[K]> }

interface MethodInit<P extends readonly AnyCodec[], R extends AnyCodec> {
  name: string
  perm: Permission
  summary: string
  params: P
  result: R
}

/** Defines a method that returns one value (or nothing: `result: none`). */
export function method<const P extends readonly AnyCodec[], R extends AnyCodec> (init: MethodInit<P, R>): MethodDef<P, R, false> {
  return Object.freeze({ ...init, channel: false })
}

/** Defines a method that returns a channel of `result` values (WebSocket only). */
export function channel<const P extends readonly AnyCodec[], R extends AnyCodec> (init: MethodInit<P, R>): MethodDef<P, R, true> {
  return Object.freeze({ ...init, channel: true })
}

/**
 * Checks a contract once when it is defined: every wire name ends with its Go method name and
 * no two methods share a wire name. A mistake here is a programming error, so it throws.
 */
export function defineContract<const C extends Contract> (contract: C): C {
  const seen = new Set<string>()
  for (const [key, def] of Object.entries(contract)) {
    if (!def.name.endsWith(`.${key}`)) throw new Error(`contract method ${key} has wire name ${def.name}`)
    if (seen.has(def.name)) throw new Error(`contract defines ${def.name} twice`)
    seen.add(def.name)
  }
  return Object.freeze(contract)
}

/** Merges contracts served on one endpoint (Common + FullNode on `/rpc/v1`). */
export function mergeContracts<const A extends Contract, const B extends Contract> (a: A, b: B): A & B {
  return defineContract({ ...a, ...b })
}
