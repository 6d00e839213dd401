import { generateKeyPairSync } from 'node:crypto'
import { base58btc } from 'multiformats/bases/base58'

/**
 * A fresh Ed25519 libp2p peer ID (`12D3KooW…`), as Lotus's pre-seal makes a dummy one for the
 * genesis miner: the identity multihash of the protobuf PublicKey {Type: Ed25519, Data: key},
 * in base58btc. The private key is dropped; the miner sets its real peer ID later.
 */
export function dummyPeerId (): string {
  const { publicKey } = generateKeyPairSync('ed25519')
  const spki = publicKey.export({ format: 'der', type: 'spki' })
  const raw = spki.subarray(spki.length - 32)
  // protobuf: field 1 (KeyType) = 1 (Ed25519), field 2 (Data) = 32 bytes.
  const pb = Uint8Array.from([0x08, 0x01, 0x12, 0x20, ...raw])
  const multihash = Uint8Array.from([0x00, pb.length, ...pb])
  return base58btc.baseEncode(multihash)
}
