/** How the client reaches a provider: a libp2p stream to its peer on one of the given protocols. */
import type { Stream } from '@libp2p/interface'

export interface ProviderDialer {
  /** `addrs` are the provider's multiaddrs as the chain lists them (without `/p2p`). */
  dial: (peerId: string, addrs: readonly string[], protocols: readonly string[], signal?: AbortSignal) => Promise<Stream>
}
