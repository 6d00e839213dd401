import { performance } from 'node:perf_hooks'
import type { ApiOf, Contract } from '../api/contract.js'
import type { NodeMetrics } from './registry.js'

/**
 * Wraps an API implementation so each call counts in `metrics` (calls, errors, duration), with
 * the same type, so the node serves the wrapped object and nothing else changes. Channel
 * methods count when the subscription is opened.
 */
export function instrumentApi<C extends Contract> (contract: C, impl: ApiOf<C>, metrics: NodeMetrics): ApiOf<C> {
  const wrapped: Record<string, unknown> = {}
  for (const [key, def] of Object.entries(contract)) {
    const fn = (impl as Record<string, (...args: unknown[]) => Promise<unknown>>)[key]
    if (fn === undefined) continue
    const method = def.name
    wrapped[key] = async (...args: unknown[]): Promise<unknown> => {
      const start = performance.now()
      metrics.apiRequests.inc({ method })
      try {
        return await fn.apply(impl, args)
      } catch (err) {
        metrics.apiErrors.inc({ method })
        throw err
      } finally {
        metrics.apiDuration.observe({ method }, performance.now() - start)
      }
    }
  }
  return wrapped as ApiOf<C>
}
