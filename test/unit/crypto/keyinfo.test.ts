import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { parseAddress } from '../../../src/core/address/index.js'
import {
  formatKeyInfoHex, formatKeyInfoJson, generateKey, InvalidKeyError, keyAddress, keyInfoFromLotusJson, keyInfoToLotusJson,
  parseKeyInfoHex, parseKeyInfoJson, sign, verify
} from '../../../src/core/crypto/index.js'
import { b64, throwsWith, toHex } from './helpers.js'
import { serializationSecp, zondaxWallet } from './vectors.js'

describe('KeyInfo JSON (lotus chain/types KeyInfo)', () => {
  test('formats exactly as Go\'s json.Marshal: Type then padded base64 PrivateKey', () => {
    const ki = { type: 'secp256k1', privateKey: b64(serializationSecp.privateKey) } as const
    assert.equal(formatKeyInfoJson(ki), `{"Type":"secp256k1","PrivateKey":"${serializationSecp.privateKey}"}`)
    assert.deepEqual(keyInfoToLotusJson(ki), { Type: 'secp256k1', PrivateKey: serializationSecp.privateKey })
  })

  test('parses, and takes the deprecated integer Type and any field-name case like Go', () => {
    const a = parseKeyInfoJson(`{"Type":"bls","PrivateKey":"${zondaxWallet.blsPrivateKey}"}`)
    assert.equal(a.type, 'bls')
    assert.ok(keyAddress(a).equals(parseAddress(zondaxWallet.blsAddress)))
    assert.equal(keyInfoFromLotusJson({ Type: 1, PrivateKey: serializationSecp.privateKey }).type, 'secp256k1')
    assert.equal(keyInfoFromLotusJson({ type: 2, privatekey: zondaxWallet.blsPrivateKey }).type, 'bls')
  })

  test('rejects unknown types, missing or bad keys, naming the source and never the key', () => {
    const src = 'key.json'
    throwsWith(() => parseKeyInfoJson('{"Type":"ed25519","PrivateKey":""}', src), InvalidKeyError, /^key\.json: unknown key Type "ed25519"/)
    throwsWith(() => parseKeyInfoJson('{"Type":"secp256k1-ledger","PrivateKey":""}'), InvalidKeyError, /"secp256k1-ledger" is not supported here/)
    throwsWith(() => parseKeyInfoJson('{"Type":3,"PrivateKey":""}'), InvalidKeyError, /unknown key Type 3/)
    throwsWith(() => parseKeyInfoJson('{"Type":"bls"}'), InvalidKeyError, /has no PrivateKey/)
    throwsWith(() => parseKeyInfoJson('{"Type":"bls","PrivateKey":7}'), InvalidKeyError, /must be a base64 string, got number/)
    throwsWith(() => parseKeyInfoJson('[]'), InvalidKeyError, /must be a JSON object/)
    const secret = 'c2VjcmV0c2VjcmV0c2VjcmV0$$'
    assert.throws(() => parseKeyInfoJson(`{"Type":"bls","PrivateKey":"${secret}"}`), (err: unknown) => {
      assert.ok(err instanceof InvalidKeyError)
      assert.match(err.message, /not valid base64 \(26 characters\)/)
      assert.ok(!err.message.includes('c2VjcmV0'))
      return true
    })
    assert.throws(() => parseKeyInfoJson(`{"Type":"bls","PrivateKey":"${secret}`), (err: unknown) => {
      assert.ok(err instanceof InvalidKeyError)
      assert.match(err.message, /not valid JSON/)
      assert.ok(!err.message.includes('c2VjcmV0'))
      return true
    })
  })

  test('a well-formed KeyInfo with a short key fails when used', () => {
    const ki = parseKeyInfoJson('{"Type":"bls","PrivateKey":"AAEC"}')
    throwsWith(() => keyAddress(ki, 'wallet import'), InvalidKeyError, /^wallet import: bls private key must be 32 bytes, got 3/)
  })
})

describe('hex-lotus KeyInfo (lotus wallet export/import, lotus-seed pre-seal-<miner>.key)', () => {
  test('is hex of the JSON bytes and round trips, ignoring surrounding whitespace', () => {
    const ki = { type: 'bls', privateKey: b64(zondaxWallet.blsPrivateKey) } as const
    const text = formatKeyInfoHex(ki)
    assert.equal(Buffer.from(text, 'hex').toString(), formatKeyInfoJson(ki))
    assert.match(text, /^7b2254797065223a22626c73222c/) // {"Type":"bls",
    const back = parseKeyInfoHex(`  ${text}\n`)
    assert.equal(back.type, 'bls')
    assert.equal(toHex(back.privateKey), toHex(ki.privateKey))
  })

  test('rejects text that is not hex, or hex that is not a KeyInfo', () => {
    throwsWith(() => parseKeyInfoHex('xyz', 'pre-seal-t01000.key'), InvalidKeyError, /^pre-seal-t01000\.key: key is not hex-encoded/)
    throwsWith(() => parseKeyInfoHex('7b2'), InvalidKeyError, /not hex-encoded/)
    throwsWith(() => parseKeyInfoHex('ff'), InvalidKeyError, /does not decode to UTF-8/)
    throwsWith(() => parseKeyInfoHex(Buffer.from('{"Type":"x"}').toString('hex')), InvalidKeyError, /unknown key Type "x"/)
  })
})

describe('generateKey', () => {
  test('makes distinct usable keys of each type', () => {
    for (const type of ['secp256k1', 'bls'] as const) {
      const a = generateKey(type)
      const b = generateKey(type)
      assert.equal(a.type, type)
      assert.equal(a.privateKey.length, 32)
      assert.notEqual(toHex(a.privateKey), toHex(b.privateKey))
      const data = new TextEncoder().encode('hello')
      const addr = keyAddress(a)
      assert.equal(addr.protocol, type === 'bls' ? 3 : 1)
      assert.ok(verify(sign(a, data), addr, data))
      assert.equal(verify(sign(b, data), addr, data), false)
      // Survives the hex-lotus round trip.
      assert.ok(keyAddress(parseKeyInfoHex(formatKeyInfoHex(a))).equals(addr))
    }
  })

  test('rejects unknown types', () => {
    throwsWith(() => generateKey('ed25519' as 'bls'), InvalidKeyError, /unknown key type "ed25519"/)
  })
})
