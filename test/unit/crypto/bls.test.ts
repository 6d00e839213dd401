import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { parseAddress } from '../../../src/core/address/index.js'
import {
  blsAggregate, blsPublicKey, blsSign, blsVerify, blsVerifyAggregate, checkSignature, generateKey, InvalidKeyError,
  InvalidSignatureError, keyAddress, keyPublicKey, sign, SigType, verify, type KeyInfo
} from '../../../src/core/crypto/index.js'
import { b64, fromHex, throwsWith, toHex } from './helpers.js'
import { blsSignaturesData, lotusPotato, serializationBlsKeys, zondaxBls, zondaxWallet } from './vectors.js'

const enc = new TextEncoder()

describe('BLS keys are little-endian, as Lotus stores them', () => {
  // Source: filecoin-project/serialization-vectors message_signing.json
  test('serialization-vectors private keys → t3 addresses', () => {
    for (const v of serializationBlsKeys) {
      assert.ok(keyAddress({ type: 'bls', privateKey: b64(v.privateKey) }).equals(parseAddress(v.address)), v.address)
    }
  })

  // Source: Zondax/filecoin-signing-tools test_vectors/wallet.json, bls_wallet.json
  test('filecoin-signing-tools private keys → public key and t3 address', () => {
    assert.ok(keyAddress({ type: 'bls', privateKey: b64(zondaxWallet.blsPrivateKey) }).equals(parseAddress(zondaxWallet.blsAddress)))
    assert.equal(toHex(blsPublicKey(b64(zondaxBls.privateKey))), zondaxBls.publicKeyHex)
  })

  test('the same bytes read big-endian would give another key', () => {
    const v = serializationBlsKeys[0]
    assert.ok(v !== undefined)
    const reversed = b64(v.privateKey).reverse()
    assert.ok(!keyAddress({ type: 'bls', privateKey: reversed }).equals(parseAddress(v.address)))
  })

  test('rejects wrong lengths and out-of-range scalars', () => {
    throwsWith(() => blsPublicKey(new Uint8Array(33), 'key file'), InvalidKeyError, /^key file: bls private key must be 32 bytes, got 33/)
    throwsWith(() => blsSign(new Uint8Array(32), enc.encode('x')), InvalidKeyError, /zero or not below the group order/)
    throwsWith(() => blsSign(new Uint8Array(32).fill(0xff), enc.encode('x')), InvalidKeyError, /zero or not below the group order/)
  })
})

describe('BLS signatures (ciphersuite BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_)', () => {
  // Source: Zondax/filecoin-signing-tools test_vectors/bls_signature.json
  test('signing reproduces filecoin-signing-tools\' signature byte for byte', () => {
    const ki: KeyInfo = { type: 'bls', privateKey: b64(zondaxBls.privateKey) }
    const sig = sign(ki, fromHex(zondaxBls.dataHex))
    assert.equal(sig.type, SigType.BLS)
    assert.equal(toHex(sig.data), zondaxBls.signatureHex)
    assert.ok(verify(sig, keyAddress(ki), fromHex(zondaxBls.dataHex)))
  })

  // Source: filecoin-project/bls-signatures tests/data.json
  test('bls-signatures test data verifies', () => {
    for (const v of blsSignaturesData) {
      assert.ok(blsVerify(b64(v.signature), enc.encode(v.msg), b64(v.publicKey)), JSON.stringify(v.msg))
    }
    const [first, second] = blsSignaturesData
    assert.ok(first !== undefined && second !== undefined)
    assert.equal(blsVerify(b64(first.signature), enc.encode(second.msg), b64(first.publicKey)), false)
  })

  // Source: filecoin-project/lotus lib/sigs/bls/bls_test.go TestUncompressedFails
  test('lotus TestUncompressedFails: compressed verifies; changed, extended and uncompressed forms fail', () => {
    const signer = parseAddress(lotusPotato.signer)
    const good = fromHex(lotusPotato.signatureHex)
    assert.ok(verify({ type: SigType.BLS, data: good }, signer, lotusPotato.data))
    const changed = good.slice()
    changed[39] = 0xf6
    assert.equal(verify({ type: SigType.BLS, data: changed }, signer, lotusPotato.data), false)
    const extended = Uint8Array.of(...good, 0x55)
    const check = checkSignature({ type: SigType.BLS, data: extended }, signer, lotusPotato.data)
    assert.equal(check.valid, false)
    assert.match(check.valid ? '' : check.reason, /must be 96 bytes \(compressed G2\), got 97/)
    const uncompressed = fromHex(lotusPotato.uncompressedHex)
    assert.equal(uncompressed.length, 192)
    assert.equal(verify({ type: SigType.BLS, data: uncompressed }, signer, lotusPotato.data), false)
  })

  test('wrong signer, ID signer and bytes that are not a point fail with a reason', () => {
    const good = fromHex(lotusPotato.signatureHex)
    const other = parseAddress(zondaxWallet.blsAddress)
    const wrong = checkSignature({ type: SigType.BLS, data: good }, other, lotusPotato.data)
    assert.match(wrong.valid ? '' : wrong.reason, /bls signature does not verify for t3uxb75/)
    const id = checkSignature({ type: SigType.BLS, data: good }, parseAddress('t01000'), lotusPotato.data)
    assert.match(id.valid ? '' : id.reason, /needs a protocol 3 \(bls key\) signer address/)
    throwsWith(() => blsVerify(new Uint8Array(96), lotusPotato.data, parseAddress(lotusPotato.signer).payload, 'block'), InvalidSignatureError, /^block: bls signature is not a compressed G2 point/)
    throwsWith(() => blsVerify(good, lotusPotato.data, new Uint8Array(47)), InvalidSignatureError, /public key must be 48 bytes/)
  })
})

describe('BLS aggregation (block BlsAggregate)', () => {
  const keys = [generateKey('bls'), generateKey('bls'), generateKey('bls')]
  const messages = [enc.encode('msg-a'), enc.encode('msg-b'), enc.encode('msg-c')]
  const sigs = keys.map((k, i) => sign(k, messages[i] ?? new Uint8Array()).data)
  const pubs = keys.map((k) => keyPublicKey(k))

  test('an aggregate over distinct messages verifies; any change fails', () => {
    const agg = blsAggregate(sigs)
    assert.equal(agg.length, 96)
    assert.ok(blsVerifyAggregate(agg, messages, pubs))
    assert.equal(blsVerifyAggregate(agg, messages.slice(0, 2), pubs.slice(0, 2)), false)
    assert.equal(blsVerifyAggregate(agg, [messages[1], messages[0], messages[2]] as Uint8Array[], pubs), false)
    assert.equal(blsVerifyAggregate(blsAggregate(sigs.slice(0, 2)), messages, pubs), false)
    assert.equal(blsVerifyAggregate(agg, messages, pubs.slice(0, 2)), false)
  })

  test('repeated messages and empty lists fail, as bls-signatures verify_messages does', () => {
    const same = enc.encode('same')
    const agg = blsAggregate(keys.slice(0, 2).map((k) => sign(k, same).data))
    assert.equal(blsVerifyAggregate(agg, [same, same], pubs.slice(0, 2)), false)
    assert.equal(blsVerifyAggregate(agg, [], []), false)
  })

  test('no signatures aggregate to the point at infinity (ffi CreateZeroSignature)', () => {
    const zero = blsAggregate([])
    assert.equal(toHex(zero), 'c0' + '00'.repeat(95))
  })

  test('a malformed member is named', () => {
    throwsWith(() => blsAggregate([sigs[0] ?? new Uint8Array(), new Uint8Array(95)]), InvalidSignatureError, /^signature 1: bls signature must be 96 bytes/)
  })
})
