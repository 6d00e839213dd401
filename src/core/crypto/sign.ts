/**
 * Signing and checking arbitrary bytes, as lotus lib/sigs does: secp256k1 signatures are
 * checked by recovering the signer's key and comparing its address, BLS signatures against
 * the public key that is the f3 address's payload.
 */
import { Protocol, newSecp256k1Address, type Address } from '../address/index.js'
import { blsSign, blsVerify } from './bls.js'
import { InvalidInputError } from '../errors.js'
import { InvalidKeyError } from './errors.js'
import { keyTypeSigType, type KeyInfo } from './keyinfo.js'
import { secp256k1RecoverPublicKey, secp256k1Sign } from './secp256k1.js'
import { SigType, sigTypeName, type Signature } from './signature.js'

/** Outcome of a signature check; `reason` says why it failed, for logs and RPC errors. */
export type SignatureCheck = { valid: true } | { valid: false, reason: string }

export function sign (ki: KeyInfo, data: Uint8Array, source?: string): Signature {
  switch (ki.type) {
    case 'secp256k1': return { type: keyTypeSigType(ki.type), data: secp256k1Sign(ki.privateKey, data, source) }
    case 'bls': return { type: keyTypeSigType(ki.type), data: blsSign(ki.privateKey, data, source) }
    default: throw new InvalidKeyError(`unknown key type ${JSON.stringify(ki.type)} (expected "secp256k1" or "bls")`, { value: ki.type, source })
  }
}

/**
 * Checks `signature` over `data` against `signer`, which must be the key address (f1 / f3);
 * an ID address has to be resolved to its key address first, as Lotus does. Malformed
 * signatures are reported as invalid with the reason, never thrown.
 */
export function checkSignature (signature: Signature, signer: Address, data: Uint8Array): SignatureCheck {
  try {
    switch (signature.type) {
      case SigType.Secp256k1: {
        if (signer.protocol !== Protocol.SECP256K1) return mismatch(signature, signer)
        const recovered = newSecp256k1Address(secp256k1RecoverPublicKey(signature.data, data))
        if (!recovered.equals(signer)) {
          return { valid: false, reason: `secp256k1 signature was made by ${recovered.toString()}, not by ${signer.toString()}` }
        }
        return { valid: true }
      }
      case SigType.BLS: {
        if (signer.protocol !== Protocol.BLS) return mismatch(signature, signer)
        if (!blsVerify(signature.data, data, signer.payload)) {
          return { valid: false, reason: `bls signature does not verify for ${signer.toString()}` }
        }
        return { valid: true }
      }
      case SigType.Delegated:
        return { valid: false, reason: 'delegated (Ethereum) signatures are not supported' }
      default:
        return { valid: false, reason: `unknown signature type ${String((signature as { type: unknown }).type)}` }
    }
  } catch (err) {
    // Malformed signature or key bytes: a failed check, not a crash.
    if (err instanceof InvalidInputError) return { valid: false, reason: err.message }
    throw err
  }
}

function mismatch (signature: Signature, signer: Address): SignatureCheck {
  const name = sigTypeName(signature.type)
  const protocol = signature.type === SigType.Secp256k1 ? Protocol.SECP256K1 : Protocol.BLS
  return { valid: false, reason: `a ${name} signature needs a protocol ${protocol} (${name} key) signer address, got ${signer.toString()}` }
}

/** True when `signature` over `data` was made by `signer`'s key. */
export function verify (signature: Signature, signer: Address, data: Uint8Array): boolean {
  return checkSignature(signature, signer, data).valid
}
