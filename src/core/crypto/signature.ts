import { decodeBase64, encodeBase64 } from './encoding.js'
import { InvalidSignatureError } from './errors.js'

/** go-state-types crypto.SigType: the first byte of a signature's byte form. */
export const SigType = {
  Secp256k1: 1,
  BLS: 2,
  /** Ethereum-style signatures of f4 accounts; decoded and carried, not produced or checked here. */
  Delegated: 3
} as const
export type SigType = typeof SigType[keyof typeof SigType]

/** A signature as Filecoin carries it (crypto.Signature). */
export interface Signature {
  readonly type: SigType
  readonly data: Uint8Array
}

/** Lotus JSON form of a signature: `{"Type":1,"Data":"<base64>"}`. */
export interface SignatureLotusJson {
  Type: number
  Data: string
}

/** go-state-types SignatureMaxLength: longer byte forms are rejected before parsing. */
export const SIGNATURE_MAX_LENGTH = 200

export const SECP256K1_SIGNATURE_LENGTH = 65
export const BLS_SIGNATURE_LENGTH = 96

const SIG_TYPES: ReadonlySet<number> = new Set(Object.values(SigType))

export function isSigType (n: unknown): n is SigType {
  return typeof n === 'number' && SIG_TYPES.has(n)
}

export function sigTypeName (type: SigType): 'secp256k1' | 'bls' | 'delegated' {
  switch (type) {
    case SigType.Secp256k1: return 'secp256k1'
    case SigType.BLS: return 'bls'
    case SigType.Delegated: return 'delegated'
  }
}

/** The byte form `[type || data]` used inside CBOR and by MarshalBinary. */
export function signatureToBytes (sig: Signature): Uint8Array {
  const out = new Uint8Array(sig.data.length + 1)
  out[0] = sig.type
  out.set(sig.data, 1)
  return out
}

/**
 * Parses `[type || data]`. Unlike go-state-types' UnmarshalBinary, which maps an unknown type
 * byte to SigTypeUnknown and leaves the caller to notice, this rejects it at once (as its
 * UnmarshalCBOR does), because nothing can verify such a signature.
 */
export function signatureFromBytes (bytes: Uint8Array, source?: string): Signature {
  if (bytes.length === 0) {
    throw new InvalidSignatureError('signature bytes are empty', { value: bytes, source })
  }
  if (bytes.length > SIGNATURE_MAX_LENGTH) {
    throw new InvalidSignatureError(`signature is ${bytes.length} bytes, more than the ${SIGNATURE_MAX_LENGTH} allowed`, { value: bytes.length, source })
  }
  const type = bytes[0]
  if (!isSigType(type)) {
    throw new InvalidSignatureError(`unknown signature type ${String(type)} (expected 1 secp256k1, 2 bls or 3 delegated)`, { value: type, source })
  }
  return { type, data: bytes.slice(1) }
}

export function signatureToLotusJson (sig: Signature): SignatureLotusJson {
  return { Type: sig.type, Data: encodeBase64(sig.data) }
}

export function signatureFromLotusJson (value: unknown, source?: string): Signature {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new InvalidSignatureError('signature must be a JSON object {"Type": n, "Data": "<base64>"}', { value, source })
  }
  const { Type: type, Data: data } = value as Record<string, unknown>
  if (!isSigType(type)) {
    throw new InvalidSignatureError(`unknown signature Type ${JSON.stringify(type)} (expected 1 secp256k1, 2 bls or 3 delegated)`, { value: type, source })
  }
  if (typeof data !== 'string') {
    throw new InvalidSignatureError('signature Data must be a base64 string', { value: data, source })
  }
  const bytes = decodeBase64(data)
  if (bytes === undefined) {
    throw new InvalidSignatureError(`signature Data is not valid base64: ${JSON.stringify(data.slice(0, 40))}`, { value: data, source })
  }
  return { type, data: bytes }
}

export function signaturesEqual (a: Signature, b: Signature): boolean {
  return a.type === b.type && Buffer.compare(a.data, b.data) === 0
}
