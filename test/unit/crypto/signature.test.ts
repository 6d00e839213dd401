import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  InvalidSignatureError, SigType, signatureFromBytes, signatureFromLotusJson, signatureToBytes, signatureToLotusJson
} from '../../../src/core/crypto/index.js'
import { b64, throwsWith, toHex } from './helpers.js'
import { serializationSecp } from './vectors.js'

describe('Signature byte form [type || data] (go-state-types crypto/signature.go)', () => {
  test('round trips and puts the type first', () => {
    const data = b64(serializationSecp.signature)
    const bytes = signatureToBytes({ type: SigType.Secp256k1, data })
    assert.equal(bytes.length, 66)
    assert.equal(bytes[0], 1)
    const back = signatureFromBytes(bytes)
    assert.equal(back.type, SigType.Secp256k1)
    assert.equal(toHex(back.data), toHex(data))
    assert.equal(signatureToBytes({ type: SigType.BLS, data: new Uint8Array(96) })[0], 2)
  })

  test('rejects empty, over-long and unknown-type byte forms', () => {
    throwsWith(() => signatureFromBytes(new Uint8Array(0), 'block 0'), InvalidSignatureError, /^block 0: signature bytes are empty/)
    throwsWith(() => signatureFromBytes(new Uint8Array(201).fill(1)), InvalidSignatureError, /201 bytes, more than the 200/)
    throwsWith(() => signatureFromBytes(Uint8Array.of(7, 1, 2)), InvalidSignatureError, /unknown signature type 7/)
    throwsWith(() => signatureFromBytes(Uint8Array.of(0)), InvalidSignatureError, /unknown signature type 0/)
  })
})

describe('Signature Lotus JSON {"Type":n,"Data":"<base64>"}', () => {
  test('round trips', () => {
    const json = signatureToLotusJson({ type: SigType.Secp256k1, data: b64(serializationSecp.signature) })
    assert.deepEqual(json, { Type: 1, Data: serializationSecp.signature })
    const back = signatureFromLotusJson(JSON.parse(JSON.stringify(json)))
    assert.equal(back.type, 1)
    assert.equal(toHex(back.data), toHex(b64(serializationSecp.signature)))
  })

  test('rejects bad input naming where it came from', () => {
    throwsWith(() => signatureFromLotusJson('x', 'params[0]'), InvalidSignatureError, /^params\[0\]: signature must be a JSON object/)
    throwsWith(() => signatureFromLotusJson({ Type: 9, Data: '' }), InvalidSignatureError, /unknown signature Type 9/)
    throwsWith(() => signatureFromLotusJson({ Type: 'secp256k1', Data: '' }), InvalidSignatureError, /unknown signature Type "secp256k1"/)
    throwsWith(() => signatureFromLotusJson({ Type: 1 }), InvalidSignatureError, /Data must be a base64 string/)
    throwsWith(() => signatureFromLotusJson({ Type: 1, Data: 'not base64!' }), InvalidSignatureError, /not valid base64/)
    throwsWith(() => signatureFromLotusJson({ Type: 1, Data: 'AAA' }), InvalidSignatureError, /not valid base64/)
  })
})
