// Keys and signatures: secp256k1 and BLS as Lotus makes and checks them, and Lotus KeyInfo.
export {
  SigType,
  type Signature,
  type SignatureLotusJson,
  SIGNATURE_MAX_LENGTH,
  SECP256K1_SIGNATURE_LENGTH,
  BLS_SIGNATURE_LENGTH,
  isSigType,
  sigTypeName,
  signatureToBytes,
  signatureFromBytes,
  signatureToLotusJson,
  signatureFromLotusJson,
  signaturesEqual
} from './signature.js'
export {
  type KeyType,
  type KeyInfo,
  type KeyInfoLotusJson,
  keyTypeSigType,
  keyInfoToLotusJson,
  keyInfoFromLotusJson,
  formatKeyInfoJson,
  parseKeyInfoJson,
  formatKeyInfoHex,
  parseKeyInfoHex
} from './keyinfo.js'
export { generateKey, keyPublicKey, keyAddress } from './keys.js'
export { sign, verify, checkSignature, type SignatureCheck } from './sign.js'
export { signMessage, verifyMessageSignature } from './message.js'
export {
  SECP256K1_PRIVATE_KEY_LENGTH,
  SECP256K1_PUBLIC_KEY_LENGTH,
  secp256k1PublicKey,
  secp256k1Sign,
  secp256k1RecoverPublicKey
} from './secp256k1.js'
export {
  BLS_DST,
  BLS_PRIVATE_KEY_LENGTH,
  BLS_PUBLIC_KEY_LENGTH,
  blsPublicKey,
  blsSign,
  blsVerify,
  blsAggregate,
  blsVerifyAggregate
} from './bls.js'
export { InvalidKeyError, InvalidSignatureError } from './errors.js'
