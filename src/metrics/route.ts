import type { IncomingMessage, ServerResponse } from 'node:http'
import type { Registry } from 'prom-client'
import { type Authorize, type HttpRoute, authenticate } from '../rpc/index.js'

/**
 * The `/debug/metrics` route: Prometheus text format. Like Lotus's, it sits behind the API's
 * token check (a bad token gets 401) but needs no particular permission.
 */
export function metricsRoute (registry: Registry, options: { authorize?: Authorize } = {}): HttpRoute {
  return {
    handleRequest: (req: IncomingMessage, res: ServerResponse): void => {
      void serve(registry, options.authorize, req, res)
    }
  }
}

async function serve (registry: Registry, authorize: Authorize | undefined, req: IncomingMessage, res: ServerResponse): Promise<void> {
  try {
    if (authorize !== undefined && await authenticate(req, authorize, ['read']) === undefined) {
      res.writeHead(401, { 'Content-Length': '0' }).end()
      return
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { Allow: 'GET, HEAD', 'Content-Length': '0' }).end()
      return
    }
    const body = await registry.metrics()
    res.writeHead(200, { 'Content-Type': registry.contentType, 'Content-Length': Buffer.byteLength(body) })
    res.end(req.method === 'HEAD' ? undefined : body)
  } catch (err) {
    if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`${(err as Error).message}\n`)
    else res.destroy()
  }
}
