/**
 * Message signing as Lotus does it (WalletSignMessage, mpool and block checks): the sender
 * signs the bytes of the unsigned message's CID.
 */
import { Protocol, type Address } from '../address/index.js'
import { messageSigningBytes, type Message, type SignedMessage } from '../message/index.js'
import { InvalidKeyError } from './errors.js'
import type { KeyInfo } from './keyinfo.js'
import { keyAddress } from './keys.js'
import { checkSignature, sign, type SignatureCheck } from './sign.js'

/**
 * Signs `msg` with `ki`. When the message's From is a key address it must be this key's
 * address; an ID-address From cannot be checked here (it needs chain state) and is taken as is.
 */
export function signMessage (msg: Message, ki: KeyInfo, source?: string): SignedMessage {
  const from = msg.From
  if (from.protocol === Protocol.SECP256K1 || from.protocol === Protocol.BLS) {
    const own = keyAddress(ki, source)
    if (!own.equals(from)) {
      throw new InvalidKeyError(`key for ${own.toString()} cannot sign a message from ${from.toString()}`, { value: from.toString(), source })
    }
  }
  return { Message: msg, Signature: sign(ki, messageSigningBytes(msg), source) }
}

/**
 * Checks a signed message's signature against its From address, or against `signer` when
 * From is an ID address the caller has already resolved to its key address (Lotus resolves
 * with ResolveToDeterministicAddress before verifying). Malformed signatures give a reason,
 * not an exception.
 */
export function verifyMessageSignature (smsg: SignedMessage, signer: Address = smsg.Message.From): SignatureCheck {
  return checkSignature(smsg.Signature, signer, messageSigningBytes(smsg.Message))
}
