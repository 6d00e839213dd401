import { describe, test, afterEach } from 'node:test'
import assert from 'node:assert/strict'
import { parseAddress, setCurrentNetwork } from '../../../src/core/address/index.js'
import { InvalidCborError } from '../../../src/core/cbor/index.js'
import {
  decodeMessage, decodeSignedMessage, messageCid, messageSigningBytes, serializeMessage, serializeSignedMessage,
  signedMessageCid, type Message, type SignedMessage
} from '../../../src/core/message/index.js'
import { SigType, type SigType as SigTypeT } from '../../../src/core/crypto/index.js'
import { messageJson, signedMessageJson, InvalidLotusJsonError } from '../../../src/core/lotus-json/index.js'
import { methodNum, tokenAmount } from '../../../src/core/types.js'
import { messageSigning, unsignedMessages, type UnsignedVector } from './vectors.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')
const unhex = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'hex'))

function fromVector (v: UnsignedVector): Message {
  return {
    Version: 0,
    To: parseAddress(v.To),
    From: parseAddress(v.From),
    Nonce: v.Nonce,
    Value: tokenAmount(BigInt(v.Value)),
    GasLimit: v.GasLimit,
    GasFeeCap: tokenAmount(BigInt(v.GasFeeCap)),
    GasPremium: tokenAmount(BigInt(v.GasPremium)),
    Method: methodNum(v.Method),
    Params: v.Params === null ? new Uint8Array(0) : new Uint8Array(Buffer.from(v.Params, 'base64'))
  }
}

// lotus chain/types/message_test.go TestMessageJson: To = power actor (f04), From = system actor (f00).
const lotusMessage: Message = {
  Version: 0,
  To: parseAddress('f04'),
  From: parseAddress('f00'),
  Nonce: 34n,
  Value: tokenAmount(0n),
  GasLimit: 123n,
  GasFeeCap: tokenAmount(234n),
  GasPremium: tokenAmount(234n),
  Method: methodNum(6),
  Params: new TextEncoder().encode('hai')
}

afterEach(() => { setCurrentNetwork('testnet') })

// Source: filecoin-project/serialization-vectors unsigned_messages.json
describe('serialization-vectors unsigned_messages.json', () => {
  test('every message encodes to the vector bytes and decodes back', () => {
    assert.equal(unsignedMessages.length, 21)
    for (const v of unsignedMessages) {
      const msg = fromVector(v)
      assert.equal(hex(serializeMessage(msg)), v.hex)
      const back = decodeMessage(unhex(v.hex))
      assert.equal(hex(serializeMessage(back)), v.hex)
      assert.equal(back.To.toString(), v.To)
      assert.equal(back.Nonce, v.Nonce)
      assert.equal(back.Method, v.Method)
      assert.equal(back.GasLimit, v.GasLimit)
      assert.equal(back.Value.toString(), v.Value)
    }
  })
})

// Source: filecoin-project/serialization-vectors message_signing.json
describe('serialization-vectors message_signing.json', () => {
  test('CIDs of the unsigned messages and of BLS-signed messages', () => {
    for (const v of messageSigning) {
      const msg: Message = {
        ...lotusMessage,
        To: parseAddress(v.Unsigned.To),
        From: parseAddress(v.Unsigned.From),
        Nonce: BigInt(v.Unsigned.Nonce),
        Value: tokenAmount(BigInt(v.Unsigned.Value)),
        GasLimit: BigInt(v.Unsigned.GasLimit),
        GasFeeCap: tokenAmount(BigInt(v.Unsigned.GasFeeCap)),
        GasPremium: tokenAmount(BigInt(v.Unsigned.GasPremium)),
        Method: methodNum(v.Unsigned.Method),
        Params: new Uint8Array(0)
      }
      assert.equal(messageCid(msg).toString(), v.Cid)
      assert.equal(hex(messageSigningBytes(msg)), v.CidHexBytes)
      const sm: SignedMessage = { Message: msg, Signature: { type: SigType.BLS, data: new Uint8Array(Buffer.from(v.Signature.Data, 'base64')) } }
      assert.equal(signedMessageCid(sm).toString(), v.Cid, 'a BLS-signed message has the unsigned CID')
      const back = decodeSignedMessage(serializeSignedMessage(sm))
      assert.equal(back.Signature.type, SigType.BLS)
      assert.equal(hex(back.Signature.data), hex(sm.Signature.data))
      assert.equal(signedMessageJson.toJson(sm) instanceof Object, true)
      assert.deepEqual((signedMessageJson.toJson(sm) as { CID: unknown }).CID, { '/': v.Cid })
    }
  })
})

// Source: filecoin-project/lotus chain/types/message_test.go TestMessageJson, TestSignedMessageJson
describe('lotus message JSON', () => {
  test('Message JSON with CID', () => {
    setCurrentNetwork('mainnet')
    const exp = '{"Version":0,"To":"f04","From":"f00","Nonce":34,"Value":"0","GasLimit":123,"GasFeeCap":"234","GasPremium":"234","Method":6,"Params":"aGFp","CID":{"/":"bafy2bzaced5rdpz57e64sc7mdwjn3blicglhpialnrph2dlbufhf6iha63dmc"}}'
    assert.equal(JSON.stringify(messageJson.toJson(lotusMessage)), exp)
    const back = messageJson.fromJson(JSON.parse(exp), 'params[0]')
    assert.equal(hex(serializeMessage(back)), hex(serializeMessage(lotusMessage)))
  })

  test('SignedMessage JSON with a non-BLS signature has the signed CID', () => {
    setCurrentNetwork('mainnet')
    // Go's zero-value Signature has type byte 0; only encodable, never accepted on decode.
    const sm: SignedMessage = { Message: lotusMessage, Signature: { type: 0 as SigTypeT, data: new Uint8Array(0) } }
    const exp = '{"Message":{"Version":0,"To":"f04","From":"f00","Nonce":34,"Value":"0","GasLimit":123,"GasFeeCap":"234","GasPremium":"234","Method":6,"Params":"aGFp","CID":{"/":"bafy2bzaced5rdpz57e64sc7mdwjn3blicglhpialnrph2dlbufhf6iha63dmc"}},"Signature":{"Type":0,"Data":null},"CID":{"/":"bafy2bzacea5ainifngxj3rygaw2hppnyz2cw72x5pysqty2x6dxmjs5qg2uus"}}'
    assert.equal(JSON.stringify(signedMessageJson.toJson(sm)), exp)
    assert.throws(() => decodeSignedMessage(serializeSignedMessage(sm), 'block 1'), /block 1\.Signature: invalid signature type in cbor input: 0/)
    assert.throws(() => signedMessageJson.fromJson(JSON.parse(exp), 'params[0]'), /params\[0\]\.Signature\.Type: unknown signature type 0/)
  })

  test('secp256k1 round trip through JSON and CBOR', () => {
    const sm: SignedMessage = { Message: lotusMessage, Signature: { type: SigType.Secp256k1, data: new Uint8Array(65).fill(7) } }
    const json = JSON.parse(JSON.stringify(signedMessageJson.toJson(sm))) as unknown
    const back = signedMessageJson.fromJson(json, 'p')
    assert.equal(signedMessageCid(back).toString(), signedMessageCid(sm).toString())
    assert.notEqual(signedMessageCid(sm).toString(), messageCid(lotusMessage).toString())
    assert.equal(hex(serializeSignedMessage(decodeSignedMessage(serializeSignedMessage(sm)))), hex(serializeSignedMessage(sm)))
  })

  test('huge uint64 fields come out as bigint and read back', () => {
    const v = unsignedMessages[0]
    assert.ok(v !== undefined)
    const json = messageJson.toJson(fromVector(v)) as Record<string, unknown>
    assert.equal(json.Method, v.Method)
    assert.equal(hex(serializeMessage(messageJson.fromJson(json, 'm'))), v.hex)
  })

  test('JSON errors name the field path', () => {
    const good = messageJson.toJson(lotusMessage) as Record<string, unknown>
    assert.throws(() => messageJson.fromJson({ ...good, To: 'x1' }, 'params[0]'), /params\[0\]\.To: invalid address "x1"/)
    assert.throws(() => messageJson.fromJson({ ...good, Value: 5 }, 'params[0]'), (e: unknown) => e instanceof InvalidLotusJsonError && /params\[0\]\.Value: expected a decimal integer string, got 5/.test(e.message))
    assert.throws(() => messageJson.fromJson({ ...good, Nonce: -1 }, 'params[0]'), /params\[0\]\.Nonce: uint64 out of range: -1/)
    assert.throws(() => messageJson.fromJson({ ...good, Params: 'a' }, 'params[0]'), /params\[0\]\.Params: not standard padded base64/)
    assert.throws(() => messageJson.fromJson({ ...good, From: undefined }, 'params[0]'), /params\[0\]\.From: expected an address string, got nothing/)
  })
})

describe('CBOR rejections', () => {
  const good = serializeMessage(lotusMessage)
  const rejects = (bytes: Uint8Array, pattern: RegExp): void => {
    assert.throws(() => decodeMessage(bytes), (e: unknown) => e instanceof InvalidCborError && pattern.test(e.message))
  }
  test('truncated', () => { rejects(good.subarray(0, good.length - 1), /^Message: malformed CBOR/) })
  test('trailing bytes', () => { rejects(Uint8Array.from([...good, 0]), /^Message: malformed CBOR/) })
  test('wrong tuple length', () => {
    // Drop Params (0x43 "hai", the last 4 bytes) and say 9 fields.
    const nine = Uint8Array.from([0x89, ...good.subarray(1, good.length - 4)])
    rejects(nine, /^Message: wrong number of fields for Message: expected 10, got 9/)
  })
  test('wrong field type names the field', () => {
    // Version as a byte string instead of an integer.
    rejects(Uint8Array.from([0x8a, 0x40, ...good.subarray(2)]), /^Message\.Version: expected an unsigned integer, got byte string/)
  })
  test('bad address bytes name the field', () => {
    assert.throws(() => decodeMessage(unhex(hex(good).replace('8a0042000442', '8a0042050442'))), /Message\.To: invalid address bytes 0x0504/)
  })
  test('version other than 0', () => {
    rejects(Uint8Array.from([0x8a, 0x01, ...good.subarray(2)]), /^Message\.Version: decoded message had incorrect version \(1/)
  })
  test('not an array', () => { rejects(unhex('a0'), /^Message: expected an array of 10 fields \(Message\), got map/) })
  test('signed message signature too long', () => {
    const sm: SignedMessage = { Message: lotusMessage, Signature: { type: SigType.Secp256k1, data: new Uint8Array(200) } }
    assert.throws(() => decodeSignedMessage(serializeSignedMessage(sm)), /SignedMessage\.Signature: signature byte string too long \(201 bytes/)
  })
})
