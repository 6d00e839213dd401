import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { parseAddress } from '../../../src/core/address/index.js'
import { InvalidKeyError, generateKey, keyAddress, SigType, signMessage, verifyMessageSignature, type KeyInfo } from '../../../src/core/crypto/index.js'
import { messageCid, messageSigningBytes, signedMessageCid, type Message } from '../../../src/core/message/index.js'
import type { MethodNum, TokenAmount } from '../../../src/core/types.js'
import { b64, throwsWith, toB64, toHex } from './helpers.js'
import { zondaxSignedMessage } from './vectors.js'

const v = zondaxSignedMessage.message
const message: Message = {
  Version: 0,
  To: parseAddress(v.To),
  From: parseAddress(v.From),
  Nonce: BigInt(v.Nonce),
  Value: BigInt(v.Value) as TokenAmount,
  GasLimit: BigInt(v.GasLimit),
  GasFeeCap: BigInt(v.GasFeeCap) as TokenAmount,
  GasPremium: BigInt(v.GasPremium) as TokenAmount,
  Method: BigInt(v.Method) as MethodNum,
  Params: new Uint8Array()
}
const key: KeyInfo = { type: 'secp256k1', privateKey: b64(zondaxSignedMessage.privateKey) }

describe('signMessage / verifyMessageSignature', () => {
  // Source: Zondax/filecoin-signing-tools test_vectors/signed_message.json
  test('reproduces filecoin-signing-tools\' secp256k1 signed message', () => {
    const smsg = signMessage(message, key)
    assert.equal(smsg.Signature.type, SigType.Secp256k1)
    assert.equal(toB64(smsg.Signature.data), zondaxSignedMessage.signature)
    assert.deepEqual(verifyMessageSignature(smsg), { valid: true })
  })

  test('BLS: signs the message CID bytes; the signed CID is the unsigned one', () => {
    const bls = generateKey('bls')
    const msg: Message = { ...message, From: keyAddress(bls) }
    const smsg = signMessage(msg, bls)
    assert.equal(smsg.Signature.type, SigType.BLS)
    assert.deepEqual(verifyMessageSignature(smsg), { valid: true })
    assert.equal(signedMessageCid(smsg).toString(), messageCid(msg).toString())
    assert.equal(toHex(messageSigningBytes(msg)), toHex(messageCid(msg).bytes))
  })

  test('a changed message, a wrong signer or a malformed signature fails with a reason', () => {
    const smsg = signMessage(message, key)
    const tampered = { ...smsg, Message: { ...message, Nonce: 2n } }
    const check = verifyMessageSignature(tampered)
    assert.equal(check.valid, false)
    assert.match(check.valid ? '' : check.reason, /was made by t1\w+, not by t1d2xrzcslx7xlbbylc5c3d5lvandqw4iwl6epxba/)
    const short = { ...smsg, Signature: { type: SigType.Secp256k1, data: smsg.Signature.data.subarray(0, 64) } }
    assert.match(JSON.stringify(verifyMessageSignature(short)), /must be 65 bytes/)
    const asBls = { ...smsg, Signature: { type: SigType.BLS, data: smsg.Signature.data } }
    assert.equal(verifyMessageSignature(asBls).valid, false)
    const delegated = { ...smsg, Signature: { type: SigType.Delegated, data: smsg.Signature.data } }
    assert.match(JSON.stringify(verifyMessageSignature(delegated)), /delegated .* not supported/)
  })

  test('an ID-address From is checked against the resolved key address the caller passes', () => {
    const fromId: Message = { ...message, From: parseAddress('t01001') }
    const smsg = signMessage(fromId, key)
    assert.equal(verifyMessageSignature(smsg).valid, false)
    assert.deepEqual(verifyMessageSignature(smsg, keyAddress(key)), { valid: true })
  })

  test('refuses to sign for a From key address that is not this key\'s', () => {
    throwsWith(() => signMessage(message, generateKey('secp256k1'), 'WalletSignMessage'), InvalidKeyError,
      /^WalletSignMessage: key for t1\w+ cannot sign a message from t1d2xrzcslx7xlbbylc5c3d5lvandqw4iwl6epxba/)
  })
})
