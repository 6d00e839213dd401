import type { ApiOf, Contract } from '../api/index.js'
import type { Logger } from '../log/index.js'

/**
 * Wraps an API implementation so each call is logged at debug level (method, milliseconds,
 * error if any) on the given subsystem logger; `log set-level --system rpc debug` turns it on.
 * The level check comes first, so a call costs nothing extra while debug is off.
 */
export function logApiCalls<C extends Contract> (contract: C, impl: ApiOf<C>, log: Logger): ApiOf<C> {
  const wrapped: Record<string, unknown> = {}
  for (const [key, def] of Object.entries(contract)) {
    const fn = (impl as Record<string, (...args: unknown[]) => Promise<unknown>>)[key]
    if (fn === undefined) continue
    wrapped[key] = async (...args: unknown[]): Promise<unknown> => {
      if (!log.isLevelEnabled('debug')) return await fn.apply(impl, args)
      const start = performance.now()
      try {
        const result = await fn.apply(impl, args)
        log.debug({ method: def.name, ms: performance.now() - start }, 'rpc call')
        return result
      } catch (err) {
        log.debug({ method: def.name, ms: performance.now() - start, error: (err as Error).message }, 'rpc call failed')
        throw err
      }
    }
  }
  return wrapped as ApiOf<C>
}
