import { decodeCbor, encodeCbor, type CborCodec } from '../cbor/codec.js'
import { tuple } from '../cbor/struct.js'
import { cborCid, type CID } from '../cid.js'
import { messageCbor, messageCid, serializeMessage, type Message } from './message.js'
import { SigType, signatureCbor, type Signature } from './signature.js'

/** A message with its sender's signature (lotus chain/types.SignedMessage). */
export interface SignedMessage {
  Message: Message
  Signature: Signature
}

/** SignedMessage as a 2-field CBOR tuple [Message, Signature]. */
export const signedMessageCbor: CborCodec<SignedMessage> = tuple('SignedMessage', {
  Message: messageCbor,
  Signature: signatureCbor
})

/** The signed message's CBOR bytes (Lotus `SignedMessage.Serialize`). */
export function serializeSignedMessage (sm: SignedMessage): Uint8Array {
  return encodeCbor(signedMessageCbor, sm)
}

/** Reads a signed message's CBOR bytes (Lotus `types.DecodeSignedMessage`). */
export function decodeSignedMessage (cbor: Uint8Array, source?: string): SignedMessage {
  return decodeCbor(signedMessageCbor, cbor, source)
}

/**
 * The CID Lotus gives a signed message: for BLS signatures the unsigned message's CID
 * (BLS signatures are aggregated per block, so the chain stores the bare message), for all
 * others the CID of the signed message's CBOR bytes.
 */
export function signedMessageCid (sm: SignedMessage): CID {
  if (sm.Signature.type === SigType.BLS) return messageCid(sm.Message)
  return cborCid(serializeSignedMessage(sm))
}

/** Bytes this message takes in a block (Lotus `ChainLength`): BLS ones are stored unsigned. */
export function signedMessageChainLength (sm: SignedMessage): number {
  return sm.Signature.type === SigType.BLS ? serializeMessage(sm.Message).length : serializeSignedMessage(sm).length
}
