import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { secp256k1 } from '@noble/curves/secp256k1.js'
import { parseAddress } from '../../../src/core/address/index.js'
import {
  checkSignature, InvalidKeyError, InvalidSignatureError, keyAddress, keyPublicKey, secp256k1RecoverPublicKey,
  secp256k1Sign, sign, SigType, verify, type KeyInfo
} from '../../../src/core/crypto/index.js'
import { b64, fromHex, throwsWith, toB64, toHex } from './helpers.js'
import { serializationSecp, zondaxWallet } from './vectors.js'

const key: KeyInfo = { type: 'secp256k1', privateKey: b64(serializationSecp.privateKey) }
const cidBytes = fromHex(serializationSecp.cidHex)

describe('secp256k1 vectors', () => {
  // Source: filecoin-project/serialization-vectors message_signing.json
  test('private key → t1 address, and Lotus\'s signature over the message CID bytes', () => {
    assert.ok(keyAddress(key).equals(parseAddress(serializationSecp.from)))
    const sig = sign(key, cidBytes)
    assert.equal(sig.type, SigType.Secp256k1)
    assert.equal(toB64(sig.data), serializationSecp.signature)
    assert.ok(verify(sig, parseAddress(serializationSecp.from), cidBytes))
  })

  // Source: Zondax/filecoin-signing-tools test_vectors/wallet.json
  test('private key → f1 address', () => {
    const ki: KeyInfo = { type: 'secp256k1', privateKey: b64(zondaxWallet.secpPrivateKey) }
    assert.equal(keyAddress(ki).toString('mainnet'), zondaxWallet.secpAddress)
    assert.equal(keyPublicKey(ki).length, 65)
    assert.equal(keyPublicKey(ki)[0], 0x04)
  })
})

describe('secp256k1 verification (lotus lib/sigs/secp: recover, then compare addresses)', () => {
  const signer = parseAddress(serializationSecp.from)
  const good = b64(serializationSecp.signature)

  test('wrong data or wrong signer fails with the recovered address in the reason', () => {
    const check = checkSignature({ type: SigType.Secp256k1, data: good }, signer, Uint8Array.of(1, 2, 3))
    assert.equal(check.valid, false)
    assert.match(check.valid ? '' : check.reason, /was made by t1\w+, not by t1slxh2/)
    const other = parseAddress(zondaxWallet.secpAddress)
    assert.equal(verify({ type: SigType.Secp256k1, data: good }, other, cidBytes), false)
  })

  test('malformed signatures are invalid, with the reason', () => {
    for (const [data, reason] of [
      [good.subarray(0, 64), /must be 65 bytes \(r \|\| s \|\| v\), got 64/],
      [Uint8Array.of(...good, 0), /must be 65 bytes .* got 66/],
      [Uint8Array.of(...good.subarray(0, 64), 4), /recovery id 4; expected 0 to 3/],
      [new Uint8Array(65), /does not recover a public key/]
    ] as const) {
      const check = checkSignature({ type: SigType.Secp256k1, data }, signer, cidBytes)
      assert.equal(check.valid, false)
      assert.match(check.valid ? '' : check.reason, reason)
    }
    throwsWith(() => secp256k1RecoverPublicKey(good.subarray(1), cidBytes, 'smsg'), InvalidSignatureError, /^smsg: secp256k1 signature must be 65 bytes/)
  })

  test('a flipped recovery id recovers another key and fails', () => {
    const flipped = good.slice()
    flipped[64] = (flipped[64] ?? 0) ^ 1
    assert.equal(verify({ type: SigType.Secp256k1, data: flipped }, signer, cidBytes), false)
  })

  test('high-s form with the matching recovery id verifies, as go-crypto EcRecover and the FVM accept it', () => {
    const low = secp256k1.Signature.fromBytes(good.subarray(0, 64), 'compact')
    const high = new secp256k1.Signature(low.r, secp256k1.Point.Fn.neg(low.s))
    assert.ok(high.hasHighS())
    const data = Uint8Array.of(...high.toBytes('compact'), (good[64] ?? 0) ^ 1)
    assert.equal(toHex(secp256k1RecoverPublicKey(data, cidBytes)), toHex(keyPublicKey(key)))
    assert.ok(verify({ type: SigType.Secp256k1, data }, signer, cidBytes))
  })

  test('a secp256k1 signature never verifies against a BLS or ID signer', () => {
    const check = checkSignature({ type: SigType.Secp256k1, data: good }, parseAddress('t01000'), cidBytes)
    assert.equal(check.valid, false)
    assert.match(check.valid ? '' : check.reason, /needs a protocol 1 \(secp256k1 key\) signer address, got t01000/)
  })
})

describe('secp256k1 keys', () => {
  test('rejects wrong lengths and out-of-range keys without echoing the key', () => {
    throwsWith(() => secp256k1Sign(new Uint8Array(31), cidBytes, 'wallet'), InvalidKeyError, /^wallet: secp256k1 private key must be 32 bytes, got 31/)
    throwsWith(() => keyAddress({ type: 'secp256k1', privateKey: new Uint8Array(32) }), InvalidKeyError, /zero or not below the curve order/)
    const tooBig = new Uint8Array(32).fill(0xff)
    throwsWith(() => sign({ type: 'secp256k1', privateKey: tooBig }, cidBytes), InvalidKeyError, /zero or not below the curve order/)
    try { sign({ type: 'secp256k1', privateKey: tooBig }, cidBytes) } catch (err) {
      assert.ok(!(err as Error).message.includes('ff'.repeat(8)))
      assert.equal((err as InvalidKeyError).value, undefined)
    }
  })
})
