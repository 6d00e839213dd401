/**
 * The text multiaddrs Lotus writes for API endpoints (`/ip4/127.0.0.1/tcp/2345/http`): just
 * enough of the format to listen on one, dial one (manet's DialArgs) and print one back.
 * Peer addresses for libp2p are not this module's business.
 */
import { isIPv4, isIPv6 } from 'node:net'
import { InvalidInputError } from '../core/errors.js'

export type HostProtocol = 'ip4' | 'ip6' | 'dns' | 'dns4' | 'dns6'

/** The parts of an API multiaddr that matter: a host, a TCP port and any trailing protocols. */
export interface ApiMultiaddr {
  readonly hostProtocol: HostProtocol
  readonly host: string
  readonly port: number
  /** What follows `/tcp/<port>`: usually `['http']`, sometimes `['ws']`, `['https']` or nothing. */
  readonly tail: readonly string[]
}

const HOST_PROTOCOLS: readonly string[] = ['ip4', 'ip6', 'dns', 'dns4', 'dns6']
const TAIL_PROTOCOLS: readonly string[] = ['http', 'https', 'ws', 'wss', 'tls']

/** A string that is not an API multiaddr; names the value and where it came from. */
export class MultiaddrError extends InvalidInputError {
  constructor (value: string, reason: string, source?: string) {
    super('ERR_INVALID_MULTIADDR', `failed to parse multiaddr ${JSON.stringify(value)}: ${reason}`, { value, source })
  }
}

/** Parses `/ip4/<addr>/tcp/<port>[/http]` (or ip6, dns, dns4, dns6). */
export function parseApiMultiaddr (text: string, source?: string): ApiMultiaddr {
  const fail = (reason: string): never => { throw new MultiaddrError(text, reason, source) }
  if (text === '') fail('empty multiaddr')
  if (!text.startsWith('/')) fail('must begin with /')
  const parts = text.split('/').slice(1)
  if (parts.at(-1) === '') parts.pop()
  const [proto, host, tcp, portText, ...tail] = parts
  if (proto === undefined || !HOST_PROTOCOLS.includes(proto)) fail(`expected /ip4, /ip6, /dns, /dns4 or /dns6 first, got /${proto ?? ''}`)
  const hostProtocol = proto as HostProtocol
  if (host === undefined || host === '') fail(`/${hostProtocol} needs an address`)
  const h = host as string
  if (hostProtocol === 'ip4' && !isIPv4(h)) fail(`invalid IPv4 address '${h}'`)
  if (hostProtocol === 'ip6' && !isIPv6(h)) fail(`invalid IPv6 address '${h}'`)
  if (tcp !== 'tcp') fail(tcp === undefined ? 'no /tcp/<port> to dial' : `expected /tcp after the host, got /${tcp}`)
  if (portText === undefined || !/^\d{1,5}$/.test(portText) || Number(portText) > 65535) {
    fail(`invalid TCP port '${portText ?? ''}'`)
  }
  for (const p of tail) {
    if (!TAIL_PROTOCOLS.includes(p)) fail(`unsupported protocol /${p} after /tcp`)
  }
  return { hostProtocol, host: h, port: Number(portText), tail }
}

/** Formats back to text: `/ip4/127.0.0.1/tcp/2345/http`. */
export function formatApiMultiaddr (ma: ApiMultiaddr): string {
  return `/${ma.hostProtocol}/${ma.host}/tcp/${ma.port}${ma.tail.map((p) => `/${p}`).join('')}`
}

/** The same address with another port, e.g. the one the OS picked for a `/tcp/0` listen address. */
export function withPort (ma: ApiMultiaddr, port: number): ApiMultiaddr {
  return { ...ma, port }
}

/** `host:port` as manet's DialArgs gives it: IPv6 hosts in brackets. */
export function dialHostPort (ma: ApiMultiaddr): string {
  return ma.hostProtocol === 'ip6' || (ma.hostProtocol === 'dns6' && ma.host.includes(':'))
    ? `[${ma.host}]:${ma.port}`
    : `${ma.host}:${ma.port}`
}
