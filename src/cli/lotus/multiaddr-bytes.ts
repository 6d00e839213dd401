/**
 * A multiaddr's binary form (as MinerInfo.Multiaddrs stores it) in text, as go-multiaddr prints
 * it: `/ip4/10.0.0.1/tcp/24001/p2p/12D3Koo…`. Covers the protocols miners announce; any other
 * code is refused, as Lotus refuses an undecodable listen address.
 */
import { base58btc } from 'multiformats/bases/base58'

type Value = 'none' | 'ip4' | 'ip6' | 'port' | 'text' | 'peer'

const PROTOCOLS = new Map<number, [string, Value]>([
  [4, ['ip4', 'ip4']],
  [6, ['tcp', 'port']],
  [33, ['dccp', 'port']],
  [41, ['ip6', 'ip6']],
  [42, ['ip6zone', 'text']],
  [53, ['dns', 'text']],
  [54, ['dns4', 'text']],
  [55, ['dns6', 'text']],
  [56, ['dnsaddr', 'text']],
  [132, ['sctp', 'port']],
  [273, ['udp', 'port']],
  [280, ['webrtc-direct', 'none']],
  [281, ['webrtc', 'none']],
  [290, ['p2p-circuit', 'none']],
  [421, ['p2p', 'peer']],
  [443, ['https', 'none']],
  [448, ['tls', 'none']],
  [449, ['sni', 'text']],
  [460, ['quic', 'none']],
  [461, ['quic-v1', 'none']],
  [465, ['webtransport', 'none']],
  [477, ['ws', 'none']],
  [478, ['wss', 'none']],
  [480, ['http', 'none']]
])

const FIXED: Partial<Record<Value, number>> = { none: 0, ip4: 4, ip6: 16, port: 2 }

export function multiaddrString (bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex')
  const fail = (why: string): Error => new Error(`undecodable listen address 0x${hex}: ${why}`)
  let pos = 0
  const uvarint = (): number => {
    let n = 0
    for (let shift = 0; shift < 35; shift += 7) {
      if (pos >= bytes.length) throw fail('truncated varint')
      const b = bytes[pos++]!
      n += (b & 0x7f) * 2 ** shift
      if ((b & 0x80) === 0) return n
    }
    throw fail('varint too long')
  }
  if (bytes.length === 0) throw fail('empty multiaddr')
  let text = ''
  while (pos < bytes.length) {
    const code = uvarint()
    const proto = PROTOCOLS.get(code)
    if (proto === undefined) throw fail(`unknown protocol code ${code}`)
    const [name, kind] = proto
    const size = FIXED[kind] ?? uvarint()
    if (pos + size > bytes.length) throw fail(`${name} value needs ${size} bytes, ${bytes.length - pos} left`)
    const v = bytes.subarray(pos, pos + size)
    pos += size
    text += `/${name}`
    if (kind !== 'none') text += `/${valueText(kind, v)}`
  }
  return text
}

function valueText (kind: Value, v: Uint8Array): string {
  switch (kind) {
    case 'ip4': return v.join('.')
    case 'ip6': return ip6Text(v)
    case 'port': return String((v[0]! << 8) | v[1]!)
    case 'peer': return base58btc.baseEncode(v)
    default: return new TextDecoder().decode(v)
  }
}

/** Go's net.IP String for 16 bytes: an IPv4-mapped address dotted, else RFC 5952 (`fe80::1`). */
function ip6Text (v: Uint8Array): string {
  if (v.subarray(0, 10).every((b) => b === 0) && v[10] === 0xff && v[11] === 0xff) return v.subarray(12).join('.')
  const groups = Array.from({ length: 8 }, (_, i) => (v[2 * i]! << 8) | v[2 * i + 1]!)
  let bestAt = -1
  let bestLen = 1
  for (let i = 0; i < 8;) {
    let j = i
    while (j < 8 && groups[j] === 0) j++
    if (j - i > bestLen) {
      bestAt = i
      bestLen = j - i
    }
    i = j === i ? i + 1 : j
  }
  const hex = groups.map((g) => g.toString(16))
  if (bestAt < 0) return hex.join(':')
  return `${hex.slice(0, bestAt).join(':')}::${hex.slice(bestAt + bestLen).join(':')}`
}
