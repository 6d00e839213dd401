/**
 * API-info strings (`TOKEN:ADDRESS`), as in `MINER_API_INFO`, `SealerApiInfo` and the output
 * of `auth api-info`. Parsing follows Lotus's `cli/util/apiinfo.go` to the letter, including
 * its one regex: a token is recognised only when the whole string looks like `a.b.c:rest`.
 */
import { InvalidInputError } from '../core/errors.js'
import { dialHostPort, parseApiMultiaddr } from './multiaddr.js'

/** Lotus's `infoWithToken`: three base64url segments (the last may be empty), a colon, anything. */
export const API_INFO_WITH_TOKEN = /^[a-zA-Z0-9\-_]+?\.[a-zA-Z0-9\-_]+?\.([a-zA-Z0-9\-_]+)?:.+$/

export interface ApiInfo {
  /** A multiaddr (`/ip4/127.0.0.1/tcp/2345/http`) or a URL (`http://host:port`). */
  readonly addr: string
  /** The JWT, or undefined when the string carries none. */
  readonly token: string | undefined
}

/** Splits one entry at the first colon when it matches the token regex; otherwise it is all address. */
export function parseApiInfo (s: string): ApiInfo {
  if (API_INFO_WITH_TOKEN.test(s)) {
    const colon = s.indexOf(':')
    return { token: s.slice(0, colon), addr: s.slice(colon + 1) }
  }
  return { addr: s, token: undefined }
}

/** Comma-separated entries, each parsed as `parseApiInfo` does. */
export function parseApiInfoMulti (s: string): ApiInfo[] {
  return s.split(',').map(parseApiInfo)
}

/** Formats `TOKEN:ADDRESS` (or just the address without a token). */
export function formatApiInfo (info: ApiInfo): string {
  return info.token !== undefined && info.token !== '' ? `${info.token}:${info.addr}` : info.addr
}

/**
 * Lotus's `DialArgs(version)`: a multiaddr becomes `ws://host:port/rpc/<version>` (its `/http`
 * is ignored); anything else is taken as a URL and gets `/rpc/<version>` appended.
 */
export function dialArgs (info: ApiInfo, version: 'v0' | 'v1', source?: string): string {
  if (info.addr.startsWith('/')) {
    // Lotus would fall back to url.Parse for a broken multiaddr and then dial garbage; saying
    // what is wrong with the multiaddr is kinder.
    return `ws://${dialHostPort(parseApiMultiaddr(info.addr, source))}/rpc/${version}`
  }
  try {
    const url = new URL(info.addr)
    if (url.host === '') throw new TypeError('no host')
  } catch {
    throw new InvalidInputError('ERR_INVALID_API_ADDRESS',
      `API address ${JSON.stringify(info.addr)} is neither a multiaddr (/ip4/127.0.0.1/tcp/1234/http) nor a URL (http://host:port)`,
      { value: info.addr, source })
  }
  return `${info.addr}/rpc/${version}`
}
