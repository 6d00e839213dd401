/**
 * One prom-client registry per node process: Node's default process metrics plus counters for
 * the API calls it serves. Scraped at `/debug/metrics` on the node's API port, as Lotus does.
 */
import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

export interface NodeMetrics {
  readonly registry: Registry
  /** Calls served, by wire method name (`Filecoin.Version`). */
  readonly apiRequests: Counter<'method'>
  /** Calls that ended in an error, by wire method name. */
  readonly apiErrors: Counter<'method'>
  /** Time to answer a call, milliseconds (Lotus: `lotus_api_request_duration_ms`). */
  readonly apiDuration: Histogram<'method'>
}

export interface NodeMetricsOptions {
  /** Node's process metrics (CPU, memory, event loop lag, GC). Default true. */
  defaultMetrics?: boolean
  /** Labels on every series, e.g. `{ node: 'markets' }`. */
  labels?: Record<string, string>
}

export function createNodeMetrics (options: NodeMetricsOptions = {}): NodeMetrics {
  const registry = new Registry()
  if (options.labels !== undefined) registry.setDefaultLabels(options.labels)
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry })
  const apiRequests = new Counter({
    name: 'lotus_api_request_total', help: 'API calls served', labelNames: ['method'] as const, registers: [registry]
  })
  const apiErrors = new Counter({
    name: 'lotus_api_request_errors_total', help: 'API calls that returned an error', labelNames: ['method'] as const, registers: [registry]
  })
  const apiDuration = new Histogram({
    name: 'lotus_api_request_duration_ms',
    help: 'Duration of API calls in milliseconds',
    labelNames: ['method'] as const,
    buckets: [0.1, 0.5, 1, 5, 10, 50, 100, 500, 1000, 5000, 30000],
    registers: [registry]
  })
  return { registry, apiRequests, apiErrors, apiDuration }
}
