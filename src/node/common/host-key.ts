/**
 * The node's libp2p identity, as `lotus-miner init` makes it: an Ed25519 key stored in the
 * keystore as `libp2p-host` (Type `libp2p-host`, the protobuf-marshalled private key libp2p
 * uses), and its peer ID bytes (identity multihash of the marshalled public key), which
 * CreateMiner records on chain as the miner's `PeerId`.
 */
import { ed25519 } from '@noble/curves/ed25519.js'
import { KT_LIBP2P_HOST, KeyNames, type Keystore } from '../../repo/index.js'

// libp2p crypto.pb: KeyType Ed25519 = 1; field 1 (Type) varint, field 2 (Data) bytes.
const ED25519_PRIVATE_PREFIX = Uint8Array.from([0x08, 0x01, 0x12, 0x40])
const ED25519_PUBLIC_PREFIX = Uint8Array.from([0x08, 0x01, 0x12, 0x20])

/** The peer ID bytes of the stored host key, making and storing the key first if there is none. */
export function ensureHostKey (keystore: Pick<Keystore, 'has' | 'get' | 'put'>): Uint8Array {
  let marshalled: Uint8Array
  if (keystore.has(KeyNames.libp2pHost)) {
    marshalled = keystore.get(KeyNames.libp2pHost).privateKey
  } else {
    const seed = ed25519.utils.randomSecretKey()
    marshalled = concat(ED25519_PRIVATE_PREFIX, seed, ed25519.getPublicKey(seed))
    keystore.put(KeyNames.libp2pHost, { type: KT_LIBP2P_HOST, privateKey: marshalled })
  }
  const publicKey = marshalled.subarray(ED25519_PRIVATE_PREFIX.length + 32, ED25519_PRIVATE_PREFIX.length + 64)
  const pub = concat(ED25519_PUBLIC_PREFIX, publicKey)
  // Identity multihash (code 0x00) of a 36-byte key: keys this small are inlined, not hashed.
  return concat(Uint8Array.from([0x00, pub.length]), pub)
}

function concat (...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0))
  let at = 0
  for (const p of parts) {
    out.set(p, at)
    at += p.length
  }
  return out
}
