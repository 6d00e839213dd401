/**
 * Metrics: a prom-client registry per node process and the `/debug/metrics` route.
 *
 * ```ts
 * const metrics = createNodeMetrics()
 * router.mount('/debug/metrics', metricsRoute(metrics.registry, { authorize }))
 * const served = instrumentApi(CommonContract, impl, metrics)   // counts calls per method
 * ```
 */
export { type NodeMetrics, type NodeMetricsOptions, createNodeMetrics } from './registry.js'
export { instrumentApi } from './instrument.js'
export { metricsRoute } from './route.js'
