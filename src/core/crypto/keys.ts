/** Wallet keys: generate one, derive its public key and its f1 / f3 address. */
import { randomBytes } from 'node:crypto'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { newBlsAddress, newSecp256k1Address, type Address } from '../address/index.js'
import { blsGeneratePrivateKey, blsPublicKey } from './bls.js'
import { InvalidKeyError } from './errors.js'
import type { KeyInfo, KeyType } from './keyinfo.js'
import { secp256k1PublicKey } from './secp256k1.js'

/** A new random key of `type`, drawn from node:crypto randomness. */
export function generateKey (type: KeyType): KeyInfo {
  // 48 bytes of seed, reduced modulo the group order, keeps the scalar's bias negligible.
  const seed = randomBytes(48)
  switch (type) {
    case 'secp256k1': return { type, privateKey: secp256k1.utils.randomSecretKey(seed) }
    case 'bls': return { type, privateKey: blsGeneratePrivateKey(seed) }
    default: throw new InvalidKeyError(`unknown key type ${JSON.stringify(type)} (expected "secp256k1" or "bls")`, { value: type })
  }
}

/** The public key: 65 bytes uncompressed for secp256k1, 48 bytes compressed G1 for BLS. */
export function keyPublicKey (ki: KeyInfo, source?: string): Uint8Array {
  switch (ki.type) {
    case 'secp256k1': return secp256k1PublicKey(ki.privateKey, source)
    case 'bls': return blsPublicKey(ki.privateKey, source)
    default: throw new InvalidKeyError(`unknown key type ${JSON.stringify(ki.type)} (expected "secp256k1" or "bls")`, { value: ki.type, source })
  }
}

/** The key's address: f1 (blake2b-160 of the public key) or f3 (the BLS public key). */
export function keyAddress (ki: KeyInfo, source?: string): Address {
  const publicKey = keyPublicKey(ki, source)
  return ki.type === 'secp256k1' ? newSecp256k1Address(publicKey) : newBlsAddress(publicKey)
}
