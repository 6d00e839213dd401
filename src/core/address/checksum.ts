import { blake2b } from '@noble/hashes/blake2.js'

/** Length of the blake2b checksum at the end of a non-ID address string. */
export const ChecksumHashLength = 4
/** Length of the blake2b-160 payload of secp256k1 and actor addresses. */
export const PayloadHashLength = 20

/** blake2b-32 over protocol byte || payload, as go-address `Checksum`. */
export function addressChecksum (protocolAndPayload: Uint8Array): Uint8Array {
  return blake2b(protocolAndPayload, { dkLen: ChecksumHashLength })
}

/** blake2b-160, the payload hash of secp256k1 and actor addresses. */
export function addressHash (data: Uint8Array): Uint8Array {
  return blake2b(data, { dkLen: PayloadHashLength })
}
