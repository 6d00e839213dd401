import { InvalidCborError } from '../cbor/errors.js'
import { cborTypeError, type CborCodec } from '../cbor/codec.js'

// One definition of SigType and Signature, shared with the crypto module (which signs and checks).
import { SigType, SIGNATURE_MAX_LENGTH as SignatureMaxLength, type Signature } from '../crypto/signature.js'

export { SigType, SignatureMaxLength, type Signature }

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
