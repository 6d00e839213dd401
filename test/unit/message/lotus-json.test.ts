import { describe, test, afterEach } from 'node:test'
import assert from 'node:assert/strict'
import { parseAddress, setCurrentNetwork } from '../../../src/core/address/index.js'
import { addressJson, bytesJson, int64Json, signatureJson, uint64Json } from '../../../src/core/lotus-json/index.js'
import { SigType } from '../../../src/core/crypto/index.js'
import { actorId, chainEpoch, methodNum, sectorNumber, tokenAmount } from '../../../src/core/types.js'

afterEach(() => { setCurrentNetwork('testnet') })

describe('Lotus JSON scalars', () => {
  test('addresses print with the current network and parse either letter', () => {
    const a = addressJson.fromJson('f01000', 'p')
    assert.equal(addressJson.toJson(a), 't01000')
    setCurrentNetwork('mainnet')
    assert.equal(addressJson.toJson(parseAddress('t01000')), 'f01000')
    assert.throws(() => addressJson.fromJson(1000, 'params[0]'), /params\[0\]: expected an address string, got 1000/)
    assert.throws(() => addressJson.fromJson('x01000', 'params[0]'), /params\[0\]: invalid address "x01000": network letter "x"/)
  })

  test('bytes: standard padded base64, null for empty', () => {
    assert.equal(bytesJson.toJson(Uint8Array.of(0xff, 0xfe)), '//4=')
    assert.equal(bytesJson.toJson(new Uint8Array(0)), null)
    assert.deepEqual(bytesJson.fromJson('//4=', 'p'), Uint8Array.of(0xff, 0xfe))
    assert.deepEqual(bytesJson.fromJson(null, 'p'), new Uint8Array(0))
    assert.deepEqual(bytesJson.fromJson('', 'p'), new Uint8Array(0))
    assert.throws(() => bytesJson.fromJson('__4=', 'p.Data'), /p\.Data: not standard padded base64/)
    assert.throws(() => bytesJson.fromJson('//4', 'p.Data'), /not standard padded base64/)
  })

  test('integers', () => {
    assert.equal(uint64Json.toJson(2n ** 64n - 1n), 2n ** 64n - 1n)
    assert.equal(uint64Json.toJson(5n), 5)
    assert.equal(int64Json.fromJson(-5, 'p'), -5n)
    assert.throws(() => uint64Json.fromJson(1.5, 'p.Nonce'), /p\.Nonce: expected uint64 \(a JSON integer\), got 1\.5/)
    assert.throws(() => int64Json.fromJson(2n ** 63n, 'p'), /int64 out of range/)
  })

  test('signatures', () => {
    const sig = { type: SigType.Secp256k1, data: Uint8Array.of(1, 2, 3) }
    assert.deepEqual(signatureJson.toJson(sig), { Type: 1, Data: 'AQID' })
    assert.deepEqual(signatureJson.fromJson({ Type: 2, Data: 'AQID' }, 'p'), { type: SigType.BLS, data: Uint8Array.of(1, 2, 3) })
    assert.throws(() => signatureJson.fromJson({ Type: 9, Data: '' }, 'p'), /p\.Type: unknown signature type 9/)
    assert.throws(() => signatureJson.fromJson('sig', 'p'), /p: expected a signature object/)
  })
})

describe('branded scalar constructors', () => {
  test('accept in-range values and reject others naming the type', () => {
    assert.equal(chainEpoch(-1), -1)
    assert.equal(sectorNumber(7), 7)
    assert.equal(actorId(1000), 1000n)
    assert.equal(methodNum(2n ** 64n - 1n), 2n ** 64n - 1n)
    assert.equal(tokenAmount(-3), -3n)
    assert.throws(() => sectorNumber(-1), /SectorNumber must be an integer >= 0/)
    assert.throws(() => chainEpoch(1.5), /ChainEpoch must be an integer/)
    assert.throws(() => actorId(2n ** 63n), /ActorID 9223372036854775808 is outside 0\.\.9223372036854775807/)
    assert.throws(() => methodNum(-1), /MethodNum -1 is outside/)
  })
})
