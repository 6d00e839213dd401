/**
 * Wiring helpers for the miner's composition root. `lateApi` gives an implementation of a
 * contract whose target is set later, so the API server can bind its port (the `/remote` URL the
 * storage paths report) before the subsystems behind it exist; until then every call fails with
 * a clear "starting" error. `methodsOf` turns a class instance (whose methods need `this`) into a
 * plain implementation of a contract.
 */
import type { ApiOf, Contract } from '../../api/index.js'
import { NelumboError } from '../../core/errors.js'

export class NodeStartingError extends NelumboError {
  constructor (method: string) {
    super('ERR_NODE_STARTING', `${method}: the node is still starting, try again shortly`)
  }
}

type AnyFn = (...args: unknown[]) => Promise<unknown>

export interface LateApi<C extends Contract> {
  readonly api: ApiOf<C>
  bind: (impl: ApiOf<C>) => void
}

export function lateApi<C extends Contract> (contract: C): LateApi<C> {
  let target: Record<string, AnyFn> | undefined
  const api: Record<string, AnyFn> = {}
  for (const key of Object.keys(contract)) {
    api[key] = async (...args) => {
      if (target === undefined) throw new NodeStartingError(contract[key]!.name)
      return await target[key]!(...args)
    }
  }
  return {
    api: api as ApiOf<C>,
    bind: (impl) => { target = impl as unknown as Record<string, AnyFn> }
  }
}

/** The contract's methods of `obj`, bound to it. */
export function methodsOf<C extends Contract> (contract: C, obj: ApiOf<C>): ApiOf<C> {
  const src = obj as unknown as Record<string, AnyFn>
  const out: Record<string, AnyFn> = {}
  for (const key of Object.keys(contract)) {
    const fn = src[key]
    if (typeof fn !== 'function') throw new NelumboError('ERR_WIRING', `implementation lacks ${contract[key]!.name}`)
    out[key] = fn.bind(obj)
  }
  return out as ApiOf<C>
}
