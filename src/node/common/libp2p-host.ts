/**
 * libp2p hosts. The markets node's is public: the `libp2p-host` key from the keystore (the peer ID
 * the miner actor advertises), `[Libp2p]` listen and announce addresses, TCP with Noise and
 * Yamux as go-libp2p peers speak them, Identify. The mining node never starts one. The full
 * node's storage client dials out only (`dialOnlyHost`): it opens no port.
 */
import './polyfills.js'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { privateKeyFromProtobuf } from '@libp2p/crypto/keys'
import { identify } from '@libp2p/identify'
import { FaultTolerance, type Libp2p } from '@libp2p/interface'
import { tcp } from '@libp2p/tcp'
import { createLibp2p } from 'libp2p'
import { NelumboError } from '../../core/errors.js'
import { KeyNames, type Keystore, type MinerConfig } from '../../repo/index.js'
import { ensureHostKey } from '../common/host-key.js'

export type MarketsHost = Libp2p

export async function startLibp2pHost (keystore: Pick<Keystore, 'has' | 'get' | 'put'>, config: MinerConfig['Libp2p']): Promise<MarketsHost> {
  ensureHostKey(keystore)
  const privateKey = privateKeyFromProtobuf(keystore.get(KeyNames.libp2pHost).privateKey)
  let host: Libp2p
  try {
    host = await createLibp2p({
      privateKey,
      addresses: {
        listen: [...config.ListenAddresses],
        announce: [...config.AnnounceAddresses],
        noAnnounce: [...config.NoAnnounceAddresses]
      },
      transports: [tcp()],
      connectionEncrypters: [noise()],
      streamMuxers: [yamux()],
      connectionManager: { maxConnections: config.ConnMgrHigh },
      // The default list has an IPv6 wildcard: a host without IPv6 still serves on IPv4.
      transportManager: { faultTolerance: FaultTolerance.NO_FATAL },
      services: { identify: identify() }
    })
  } catch (err) {
    throw new NelumboError('ERR_LIBP2P_START', `could not start the libp2p host on ${config.ListenAddresses.join(', ')} (config.toml [Libp2p] ListenAddresses): ${(err as Error).message}`, { cause: err })
  }
  if (host.getMultiaddrs().length === 0) {
    await host.stop()
    throw new NelumboError('ERR_LIBP2P_START', `the libp2p host could listen on none of ${config.ListenAddresses.join(', ')} (config.toml [Libp2p] ListenAddresses)`)
  }
  return host
}

/** A host that listens nowhere, for a client that only dials providers. */
export async function dialOnlyHost (keystore: Pick<Keystore, 'has' | 'get' | 'put'>): Promise<MarketsHost> {
  ensureHostKey(keystore)
  return await createLibp2p({
    privateKey: privateKeyFromProtobuf(keystore.get(KeyNames.libp2pHost).privateKey),
    addresses: { listen: [] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    services: { identify: identify() }
  })
}
