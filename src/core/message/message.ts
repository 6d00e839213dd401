import type { Address } from '../address/index.js'
import { decodeCbor, encodeCbor, type CborCodec } from '../cbor/codec.js'
import { InvalidCborError } from '../cbor/errors.js'
import { address, bytes, methodNum, tokenAmount, uint, uint64, int64 } from '../cbor/scalars.js'
import { tuple } from '../cbor/struct.js'
import { cborCid, type CID } from '../cid.js'
import type { MethodNum, TokenAmount } from '../types.js'

/** The only message version Lotus accepts (`types.MessageVersion`). */
export const MessageVersion = 0
/** cbor-gen's limit on Message.Params (2 MiB). */
export const MaxParamsLength = 2 << 20

/** A Filecoin message (lotus chain/types.Message); field names as Lotus spells them. */
export interface Message {
  Version: number
  To: Address
  From: Address
  /** uint64 */
  Nonce: bigint
  Value: TokenAmount
  /** int64 */
  GasLimit: bigint
  GasFeeCap: TokenAmount
  GasPremium: TokenAmount
  Method: MethodNum
  /** CBOR-encoded parameters; empty for none (Lotus writes nil and empty alike). */
  Params: Uint8Array
}

/** Message as a 10-field CBOR tuple, in Lotus field order. */
export const messageCbor: CborCodec<Message> = tuple('Message', {
  Version: uint,
  To: address,
  From: address,
  Nonce: uint64,
  Value: tokenAmount,
  GasLimit: int64,
  GasFeeCap: tokenAmount,
  GasPremium: tokenAmount,
  Method: methodNum,
  Params: bytes(MaxParamsLength)
})

/** The message's CBOR bytes (Lotus `Message.Serialize`). */
export function serializeMessage (msg: Message): Uint8Array {
  return encodeCbor(messageCbor, msg)
}

/**
 * Reads a message's CBOR bytes as Lotus `types.DecodeMessage`: a 10-field tuple, each
 * field type-checked, and version 0.
 */
export function decodeMessage (cbor: Uint8Array, source?: string): Message {
  const msg = decodeCbor(messageCbor, cbor, source)
  if (msg.Version !== MessageVersion) {
    throw new InvalidCborError(`decoded message had incorrect version (${msg.Version}, expected ${MessageVersion})`, { value: msg.Version, source: `${source ?? 'Message'}.Version` })
  }
  return msg
}

/** The message CID: CIDv1 dag-cbor blake2b-256 of its CBOR bytes (Lotus `Message.Cid`). */
export function messageCid (msg: Message): CID {
  return cborCid(serializeMessage(msg))
}

/**
 * The bytes a sender signs: the message CID's binary form (Lotus signs `msg.Cid().Bytes()`).
 */
export function messageSigningBytes (msg: Message): Uint8Array {
  return messageCid(msg).bytes
}

/** Gas the sender must be able to pay up front: GasFeeCap × GasLimit (Lotus `RequiredFunds`). */
export function messageRequiredFunds (msg: Message): TokenAmount {
  return (msg.GasFeeCap * msg.GasLimit) as TokenAmount
}
