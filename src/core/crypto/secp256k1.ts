/**
 * secp256k1 as Lotus uses it (lib/sigs/secp over go-crypto): the signed value is
 * blake2b-256(data), the signature is 65 bytes r || s || v with v the recovery id, and a
 * signature is checked by recovering the public key from it.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { blake2b } from '@noble/hashes/blake2.js'
import { InvalidKeyError, InvalidSignatureError } from './errors.js'
import { SECP256K1_SIGNATURE_LENGTH } from './signature.js'

export const SECP256K1_PRIVATE_KEY_LENGTH = 32
export const SECP256K1_PUBLIC_KEY_LENGTH = 65

function assertPrivateKey (privateKey: Uint8Array, source?: string): void {
  if (privateKey.length !== SECP256K1_PRIVATE_KEY_LENGTH) {
    throw new InvalidKeyError(`secp256k1 private key must be ${SECP256K1_PRIVATE_KEY_LENGTH} bytes, got ${privateKey.length}`, { value: `${privateKey.length} bytes`, source })
  }
  if (!secp256k1.utils.isValidSecretKey(privateKey)) {
    throw new InvalidKeyError('secp256k1 private key is zero or not below the curve order', { source })
  }
}

/** The 65-byte uncompressed public key (0x04 || X || Y) that f1 addresses hash. */
export function secp256k1PublicKey (privateKey: Uint8Array, source?: string): Uint8Array {
  assertPrivateKey(privateKey, source)
  return secp256k1.getPublicKey(privateKey, false)
}

/** Signs blake2b-256(data) with a deterministic (RFC 6979) low-s signature. */
export function secp256k1Sign (privateKey: Uint8Array, data: Uint8Array, source?: string): Uint8Array {
  assertPrivateKey(privateKey, source)
  const digest = blake2b(data, { dkLen: 32 })
  // noble's recovered form is v || r || s; Filecoin's is r || s || v.
  const recovered = secp256k1.sign(digest, privateKey, { prehash: false, format: 'recovered' })
  const out = new Uint8Array(SECP256K1_SIGNATURE_LENGTH)
  out.set(recovered.subarray(1), 0)
  out[64] = recovered[0] ?? 0
  return out
}

/**
 * Recovers the uncompressed public key that made `signature` over `data`. High-s signatures
 * are accepted, as go-crypto's EcRecover and the FVM's recover_secp_public_key accept them:
 * the recovered key is the same, so the signer address still has to match.
 */
export function secp256k1RecoverPublicKey (signature: Uint8Array, data: Uint8Array, source?: string): Uint8Array {
  if (signature.length !== SECP256K1_SIGNATURE_LENGTH) {
    throw new InvalidSignatureError(`secp256k1 signature must be ${SECP256K1_SIGNATURE_LENGTH} bytes (r || s || v), got ${signature.length}`, { value: signature.length, source })
  }
  const v = signature[64] ?? 0
  if (v > 3) {
    throw new InvalidSignatureError(`secp256k1 signature has recovery id ${v}; expected 0 to 3`, { value: v, source })
  }
  const digest = blake2b(data, { dkLen: 32 })
  const recovered = new Uint8Array(SECP256K1_SIGNATURE_LENGTH)
  recovered[0] = v
  recovered.set(signature.subarray(0, 64), 1)
  try {
    return secp256k1.Signature.fromBytes(recovered, 'recovered').recoverPublicKey(digest).toBytes(false)
  } catch (err) {
    throw new InvalidSignatureError(`secp256k1 signature does not recover a public key: ${(err as Error).message}`, { source, cause: err })
  }
}
