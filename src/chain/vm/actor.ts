import type { Address } from '../../core/address/index.js'
import { decodeCborValue, encodeCbor, InvalidCborError, type CborCodec } from '../../core/cbor/index.js'
import type { CID } from '../../core/cid.js'
import { NelumboError } from '../../core/errors.js'
import { ActorError } from './errors.js'
import { ExitCode } from './exitcode.js'
import type { Runtime } from './runtime.js'

/** Who may call a method; the VM checks it before the handler runs (ErrForbidden otherwise). */
export type CallerRule =
  | { kind: 'any' }
  /** Account actors: holders of a key that signs messages. */
  | { kind: 'signable' }
  /** Exactly these ID addresses (singletons such as the system actor). */
  | { kind: 'addresses', addresses: readonly Address[] }
  /** Actors running one of these codes (e.g. the power actor calling the reward actor). */
  | { kind: 'codes', codes: readonly CID[] }

export const anyCaller: CallerRule = { kind: 'any' }
export const signableCaller: CallerRule = { kind: 'signable' }
export function callerIs (...addresses: Address[]): CallerRule {
  return { kind: 'addresses', addresses }
}
export function callerCodeIs (...codes: CID[]): CallerRule {
  return { kind: 'codes', codes }
}

/**
 * One method of an actor, as data: its parameter and return codecs (null: none), who may call
 * it, and the handler. Handlers abort with `rt.abort(exitCode, message)`.
 */
export interface ActorMethod<P, R> {
  name: string
  params: CborCodec<P> | null
  returns: CborCodec<R> | null
  callers: CallerRule
  handler: (rt: Runtime, params: P) => Promise<R>
}

/** A method with its types erased, ready for dispatch: bytes in, bytes out. */
export interface MethodEntry {
  readonly name: string
  readonly params: CborCodec<unknown> | null
  readonly returns: CborCodec<unknown> | null
  readonly callers: CallerRule
  invoke: (rt: Runtime, params: Uint8Array) => Promise<Uint8Array>
}

const empty = new Uint8Array(0)

function decodeParams<P> (codec: CborCodec<P>, bytes: Uint8Array, where: string): P {
  try {
    // Absent parameters read as CBOR null, so optional parameters (`Option<T>` in builtin-actors) accept none.
    return bytes.length === 0 ? codec.fromCbor(null, where) : codec.fromCbor(decodeCborValue(bytes, where), where)
  } catch (err) {
    if (err instanceof NelumboError && !(err instanceof ActorError)) {
      throw new ActorError(ExitCode.ErrSerialization, `failed to decode parameters: ${err.message}`, { cause: err })
    }
    throw err
  }
}

/** Turns a typed method into a dispatch entry. */
export function method<P, R> (def: ActorMethod<P, R>): MethodEntry {
  return {
    name: def.name,
    params: def.params,
    returns: def.returns,
    callers: def.callers,
    invoke: async (rt, bytes) => {
      const params = def.params === null ? undefined as P : decodeParams(def.params, bytes, `${def.name} params`)
      try {
        const ret = await def.handler(rt, params)
        return def.returns === null ? empty : encodeCbor(def.returns, ret)
      } catch (err) {
        // CBOR the actor could not read (a callee's return, a state object) is builtin-actors' USR_SERIALIZATION.
        if (err instanceof InvalidCborError) throw new ActorError(ExitCode.ErrSerialization, `${def.name}: ${err.message}`, { cause: err })
        throw err
      }
    }
  }
}

/**
 * An actor as data: its code CID, its name (as builtin-actors' manifest spells it) and its
 * methods by number. The VM knows nothing else about it, so new actors plug in through the
 * {@link ActorRegistry}.
 */
export interface ActorDefinition {
  readonly name: string
  readonly code: CID
  readonly methods: ReadonlyMap<bigint, MethodEntry>
  /** Account-like actors may send top-level messages and pass the `signable` caller rule. */
  readonly isAccount: boolean
  /** Which callers' codes may create this actor through init's Exec: 'any', none (empty list), or these. */
  readonly execableBy: 'any' | readonly CID[]
}

export function defineActor (def: {
  name: string
  code: CID
  methods: Record<number, MethodEntry>
  isAccount?: boolean
  execableBy?: 'any' | readonly CID[]
}): ActorDefinition {
  const methods = new Map<bigint, MethodEntry>()
  for (const [num, entry] of Object.entries(def.methods)) methods.set(BigInt(num), entry)
  return { name: def.name, code: def.code, methods, isAccount: def.isAccount ?? false, execableBy: def.execableBy ?? [] }
}

/** Actor definitions by code CID; the storage actors register here beside the basic ones. */
export class ActorRegistry {
  readonly #byCode = new Map<string, ActorDefinition>()

  constructor (actors: Iterable<ActorDefinition> = []) {
    for (const a of actors) this.register(a)
  }

  register (actor: ActorDefinition): void {
    const key = actor.code.toString()
    if (this.#byCode.has(key)) throw new NelumboError('ERR_DUPLICATE_ACTOR', `actor code ${key} (${actor.name}) is registered twice`)
    this.#byCode.set(key, actor)
  }

  get (code: CID): ActorDefinition | undefined {
    return this.#byCode.get(code.toString())
  }

  byName (name: string): ActorDefinition | undefined {
    for (const a of this.#byCode.values()) if (a.name === name) return a
    return undefined
  }

  isAccount (code: CID): boolean {
    return this.get(code)?.isAccount ?? false
  }

  [Symbol.iterator] (): IterableIterator<ActorDefinition> {
    return this.#byCode.values()
  }
}
