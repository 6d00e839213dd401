// Messages and signed messages: CBOR, CIDs and the bytes that get signed, exactly as Lotus.
export {
  type Message, messageCbor, serializeMessage, decodeMessage, messageCid, messageSigningBytes,
  messageRequiredFunds, MessageVersion, MaxParamsLength
} from './message.js'
export {
  type SignedMessage, signedMessageCbor, serializeSignedMessage, decodeSignedMessage, signedMessageCid,
  signedMessageChainLength
} from './signed-message.js'
export { signatureCbor, SignatureMaxLength } from './signature.js'
