import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import type { Duplex } from 'node:stream'

/** Something that answers HTTP requests on a path, and optionally WebSocket upgrades. */
export interface HttpRoute {
  handleRequest: (req: IncomingMessage, res: ServerResponse) => void
  handleUpgrade?: (req: IncomingMessage, socket: Duplex, head: Buffer) => void
}

/**
 * A tiny router so one `http.Server` can serve `/rpc/v0`, `/rpc/v1`, `/debug/metrics` and
 * `/remote/...` side by side. Exact paths win over prefixes; the longest prefix wins.
 */
export class HttpRouter implements HttpRoute {
  private readonly exact = new Map<string, HttpRoute>()
  private prefixes: Array<[string, HttpRoute]> = []

  /** Serves `path` exactly, or with `{ prefix: true }` also everything under `path/`. */
  mount (path: string, route: HttpRoute, options: { prefix?: boolean } = {}): this {
    if (options.prefix === true) {
      const base = path.endsWith('/') ? path : `${path}/`
      this.prefixes.push([base, route])
      this.prefixes.sort((a, b) => b[0].length - a[0].length)
    }
    this.exact.set(path.endsWith('/') && path !== '/' ? path.slice(0, -1) : path, route)
    return this
  }

  find (url: string | undefined): HttpRoute | undefined {
    const raw = url ?? '/'
    const q = raw.indexOf('?')
    const path = q >= 0 ? raw.slice(0, q) : raw
    const hit = this.exact.get(path)
    if (hit !== undefined) return hit
    for (const [base, route] of this.prefixes) {
      if (path.startsWith(base)) return route
    }
    return undefined
  }

  handleRequest = (req: IncomingMessage, res: ServerResponse): void => {
    const route = this.find(req.url)
    if (route === undefined) {
      res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n')
      return
    }
    route.handleRequest(req, res)
  }

  handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const route = this.find(req.url)
    if (route?.handleUpgrade === undefined) {
      rejectUpgrade(socket, 404, 'Not Found')
      return
    }
    route.handleUpgrade(req, socket, head)
  }

  /** Routes a server's requests and upgrades through this router. */
  attach (server: Server): this {
    server.on('request', this.handleRequest)
    server.on('upgrade', this.handleUpgrade)
    return this
  }
}

/** Answers an upgrade request with a bare HTTP status and closes the socket. */
export function rejectUpgrade (socket: Duplex, status: number, reason: string): void {
  if (socket.writable) socket.end(`HTTP/1.1 ${status} ${reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)
  else socket.destroy()
}
