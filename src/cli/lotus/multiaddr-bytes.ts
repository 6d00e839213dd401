/**
 * A multiaddr's binary form (as MinerInfo.Multiaddrs stores it) in text, as go-multiaddr prints
 * it: `/ip4/10.0.0.1/tcp/24001/p2p/12D3Koo…`. Bytes that do not decode are refused, as Lotus
 * refuses an undecodable listen address.
 */
import { multiaddr } from '@multiformats/multiaddr'

export function multiaddrString (bytes: Uint8Array): string {
  const hex = Buffer.from(bytes).toString('hex')
  if (bytes.length === 0) throw new Error('undecodable listen address: empty multiaddr')
  try {
    return multiaddr(bytes).toString()
  } catch (err) {
    throw new Error(`undecodable listen address 0x${hex}: ${(err as Error).message}`, { cause: err })
  }
}
