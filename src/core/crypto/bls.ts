/**
 * BLS12-381 as Filecoin uses it (filecoin-ffi over bls-signatures): public keys are
 * compressed G1 points (48 bytes), signatures compressed G2 points (96 bytes), messages are
 * hashed to G2 with the NUL ciphersuite, and private keys are stored LITTLE-endian.
 */
import { bls12_381 } from '@noble/curves/bls12-381.js'
import { InvalidKeyError, InvalidSignatureError } from './errors.js'
import { BLS_SIGNATURE_LENGTH } from './signature.js'

/** lotus lib/sigs/bls DST, the same as bls-signatures' CSUITE. */
export const BLS_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_'
export const BLS_PRIVATE_KEY_LENGTH = 32
export const BLS_PUBLIC_KEY_LENGTH = 48

const bls = bls12_381.longSignatures
type G1 = ReturnType<typeof bls.getPublicKey>
type G2 = ReturnType<typeof bls.hash>

/** Filecoin's little-endian scalar as the big-endian bytes noble expects (and back). */
function reverse (bytes: Uint8Array): Uint8Array {
  return bytes.slice().reverse()
}

function toSecretKey (privateKey: Uint8Array, source?: string): Uint8Array {
  if (privateKey.length !== BLS_PRIVATE_KEY_LENGTH) {
    throw new InvalidKeyError(`bls private key must be ${BLS_PRIVATE_KEY_LENGTH} bytes, got ${privateKey.length}`, { value: `${privateKey.length} bytes`, source })
  }
  const secretKey = reverse(privateKey)
  // blst rejects a non-canonical scalar; noble would silently reduce it, so check first.
  const scalar = BigInt('0x' + Buffer.from(secretKey).toString('hex'))
  if (scalar === 0n || scalar >= bls12_381.fields.Fr.ORDER) {
    throw new InvalidKeyError('bls private key is zero or not below the group order (it is read little-endian)', { source })
  }
  return secretKey
}

/** A fresh private key in Filecoin's little-endian form. */
export function blsGeneratePrivateKey (seed48: Uint8Array): Uint8Array {
  return reverse(bls12_381.utils.randomSecretKey(seed48))
}

export function blsPublicKey (privateKey: Uint8Array, source?: string): Uint8Array {
  return bls.getPublicKey(toSecretKey(privateKey, source)).toBytes(true)
}

export function blsSign (privateKey: Uint8Array, data: Uint8Array, source?: string): Uint8Array {
  const secretKey = toSecretKey(privateKey, source)
  return bls.Signature.toBytes(bls.sign(bls.hash(data, BLS_DST), secretKey))
}

function decodeSignature (signature: Uint8Array, source?: string): G2 {
  if (signature.length !== BLS_SIGNATURE_LENGTH) {
    throw new InvalidSignatureError(`bls signature must be ${BLS_SIGNATURE_LENGTH} bytes (compressed G2), got ${signature.length}`, { value: signature.length, source })
  }
  try {
    return bls.Signature.fromBytes(signature)
  } catch (err) {
    throw new InvalidSignatureError(`bls signature is not a compressed G2 point: ${(err as Error).message}`, { source, cause: err })
  }
}

function decodePublicKey (publicKey: Uint8Array, source?: string): G1 {
  if (publicKey.length !== BLS_PUBLIC_KEY_LENGTH) {
    throw new InvalidSignatureError(`bls public key must be ${BLS_PUBLIC_KEY_LENGTH} bytes (compressed G1), got ${publicKey.length}`, { value: publicKey.length, source })
  }
  let point: G1
  try {
    point = bls12_381.G1.Point.fromBytes(publicKey)
  } catch (err) {
    throw new InvalidSignatureError(`bls public key is not a compressed G1 point: ${(err as Error).message}`, { source, cause: err })
  }
  // bls-signatures: "zero keys should always fail".
  if (point.is0()) throw new InvalidSignatureError('bls public key is the point at infinity', { source })
  return point
}

/**
 * Checks one signature. Malformed signature or key bytes throw InvalidSignatureError; a
 * well-formed signature that does not match returns false.
 */
export function blsVerify (signature: Uint8Array, data: Uint8Array, publicKey: Uint8Array, source?: string): boolean {
  const sig = decodeSignature(signature, source)
  const key = decodePublicKey(publicKey, source)
  return bls.verify(sig, bls.hash(data, BLS_DST), key)
}

/**
 * Sums signatures into one, as blocks carry their BLS messages' signatures. An empty list gives
 * the point at infinity (0xc0 then zeros), the value Lotus puts in a block with no BLS messages.
 */
export function blsAggregate (signatures: readonly Uint8Array[], source?: string): Uint8Array {
  if (signatures.length === 0) return bls.Signature.toBytes(bls12_381.G2.Point.ZERO)
  const points = signatures.map((s, i) => decodeSignature(s, source === undefined ? `signature ${i}` : `${source} signature ${i}`))
  return bls.Signature.toBytes(bls.aggregateSignatures(points))
}

/**
 * Verifies an aggregate over distinct messages, one public key each (ffi.HashVerify). Like
 * bls-signatures, an empty list or a repeated message fails: distinct messages are the
 * defence against rogue-key attacks. (Lotus skips the call for a block with no BLS messages.)
 */
export function blsVerifyAggregate (signature: Uint8Array, messages: readonly Uint8Array[], publicKeys: readonly Uint8Array[], source?: string): boolean {
  if (messages.length === 0 || messages.length !== publicKeys.length) return false
  const seen = new Set<string>()
  for (const m of messages) seen.add(Buffer.from(m.buffer, m.byteOffset, m.byteLength).toString('base64'))
  if (seen.size !== messages.length) return false
  const sig = decodeSignature(signature, source)
  const items = messages.map((m, i) => ({
    message: bls.hash(m, BLS_DST),
    publicKey: decodePublicKey(publicKeys[i] ?? new Uint8Array(), source === undefined ? `public key ${i}` : `${source} public key ${i}`)
  }))
  return bls.verifyBatch(sig, items)
}
