/** An HTTP route mounted before the server listens, answering 503 until its handler exists. */
import type { HttpRoute } from '../../rpc/index.js'

export function deferredRoute (get: () => HttpRoute | undefined): HttpRoute {
  return {
    handleRequest: (req, res) => {
      const route = get()
      if (route === undefined) {
        res.writeHead(503, { 'Content-Type': 'text/plain' }).end('node is starting\n')
        return
      }
      route.handleRequest(req, res)
    }
  }
}
