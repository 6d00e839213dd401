import { InvalidCborError } from '../cbor/errors.js'
import { cborTypeError, type CborCodec } from '../cbor/codec.js'

/**
 * go-state-types crypto.SigType, the first byte of a signature's byte form. Structurally the
 * same as the crypto module's SigType, so either can be used.
 */
export const SigType = {
  Secp256k1: 1,
  BLS: 2,
  /** Ethereum-style signatures of f4 accounts. */
  Delegated: 3
} as const
export type SigType = typeof SigType[keyof typeof SigType]

/** A signature as Filecoin carries it (go-state-types crypto.Signature). */
export interface Signature {
  readonly type: SigType
  readonly data: Uint8Array
}

/** go-state-types SignatureMaxLength: the byte form (type byte included) is at most this long. */
export const SignatureMaxLength = 200

/**
 * CBOR form of a signature: one byte string `[type || data]`. Decoding rejects what
 * go-state-types UnmarshalCBOR rejects: empty, longer than 200 bytes, unknown type byte.
 */
export const signatureCbor: CborCodec<Signature> = {
  name: 'Signature',
  toCbor: (sig) => {
    const out = new Uint8Array(sig.data.length + 1)
    out[0] = sig.type
    out.set(sig.data, 1)
    return out
  },
  fromCbor: (value, path) => {
    if (!(value instanceof Uint8Array)) throw cborTypeError(path, 'a signature byte string', value)
    if (value.length === 0) throw new InvalidCborError('signature byte string is empty', { value, source: path })
    if (value.length > SignatureMaxLength) {
      throw new InvalidCborError(`signature byte string too long (${value.length} bytes, at most ${SignatureMaxLength})`, { value, source: path })
    }
    const type = value[0]
    if (type !== SigType.Secp256k1 && type !== SigType.BLS && type !== SigType.Delegated) {
      throw new InvalidCborError(`invalid signature type in cbor input: ${String(type)} (expected 1 secp256k1, 2 bls or 3 delegated)`, { value, source: path })
    }
    return { type, data: value.slice(1) }
  }
}
