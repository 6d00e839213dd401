import { describe, test, afterEach } from 'node:test'
import assert from 'node:assert/strict'
import { base32 } from 'multiformats/bases/base32'
import {
  addressFromBytes, addressHash, InvalidAddressError, newActorAddress, newBlsAddress, newDelegatedAddress,
  newIdAddress, newSecp256k1Address, parseAddress, Protocol, setCurrentNetwork, type Address, type AddressErrorReason
} from '../../../src/core/address/index.js'
import { actorVectors, blsVectors, delegatedVectors, idVectors, secp256k1Vectors } from './vectors.js'

const enc = new TextEncoder()
const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

function expectReason (fn: () => unknown, reason: AddressErrorReason): void {
  assert.throws(fn, (err: unknown) => {
    assert.ok(err instanceof InvalidAddressError, `expected InvalidAddressError, got ${String(err)}`)
    assert.equal(err.reason, reason, err.message)
    return true
  })
}

// Mirrors go-address validateAddress: string, string round trip, bytes round trip.
function validate (addr: Address, payload: Uint8Array, testnet: string): void {
  assert.equal(addr.toString('testnet'), testnet)
  assert.equal(addr.toString('mainnet'), 'f' + testnet.slice(1))
  for (const s of [testnet, 'f' + testnet.slice(1)]) {
    const parsed = parseAddress(s)
    assert.equal(parsed.protocol, addr.protocol)
    assert.equal(hex(parsed.payload), hex(payload))
    assert.ok(parsed.equals(addr))
    assert.ok(addressFromBytes(parsed.bytes).equals(parsed))
  }
}

afterEach(() => { setCurrentNetwork('testnet') })

// Source: filecoin-project/go-address address_test.go
describe('go-address vectors', () => {
  test('ID addresses (TestVectorsIDAddress)', () => {
    for (const [id, s] of idVectors) {
      const addr = newIdAddress(id)
      assert.equal(addr.protocol, Protocol.ID)
      assert.equal(addr.id(), id)
      validate(addr, addr.payload, s)
    }
    assert.equal(newIdAddress(1000).toString(), 't01000')
    assert.equal(hex(newIdAddress(1000).bytes), '00e807')
  })

  test('secp256k1 addresses (TestVectorSecp256k1Address)', () => {
    for (const v of secp256k1Vectors) {
      const key = Uint8Array.from(v.pubKey)
      const addr = newSecp256k1Address(key)
      assert.equal(addr.protocol, Protocol.SECP256K1)
      validate(addr, addressHash(key), v.testnet)
    }
  })

  test('actor addresses (TestVectorActorAddress)', () => {
    for (const v of actorVectors) {
      const data = Uint8Array.from(v.data)
      validate(newActorAddress(data), addressHash(data), v.testnet)
    }
  })

  test('BLS addresses (TestVectorBLSAddress)', () => {
    for (const v of blsVectors) {
      const key = Uint8Array.from(v.pubKey)
      validate(newBlsAddress(key), key, v.testnet)
    }
  })

  test('delegated addresses (TestDelegatedAddress)', () => {
    setCurrentNetwork('mainnet')
    for (const v of delegatedVectors) {
      const addr = newDelegatedAddress(v.namespace, v.subaddress)
      assert.equal(addr.toString(), v.mainnet)
      assert.equal(addr.namespace(), v.namespace)
      assert.equal(hex(addr.subaddress()), hex(v.subaddress))
      validate(addr, addr.payload, 't' + v.mainnet.slice(1))
    }
  })

  test('f410 addresses (lotus chain/types/ethtypes/rlp_test.go, node/impl/full/mpool_test.go)', () => {
    for (const s of ['f410fkkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamxa', 'f410f74aaaaaaaaaaaaaaaaaaaaaaaaac5sh2bf3lgta']) {
      const addr = parseAddress(s)
      assert.equal(addr.protocol, Protocol.Delegated)
      assert.equal(addr.namespace(), 10n)
      assert.equal(addr.subaddress().length, 20)
      assert.equal(addr.toString('mainnet'), s)
      assert.equal(newDelegatedAddress(10n, addr.subaddress()).toString('mainnet'), s)
    }
    assert.equal(hex(parseAddress('f410fkkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamxa').subaddress()), '52963ef50e27e06d72d59fcb4f3c2a687be3cfef')
  })

  test('the current network picks the printed letter', () => {
    const addr = parseAddress('f01234')
    assert.equal(addr.toString(), 't01234')
    assert.equal(JSON.stringify({ a: addr }), '{"a":"t01234"}')
    setCurrentNetwork('mainnet')
    assert.equal(addr.toString(), 'f01234')
  })
})

// Source: filecoin-project/go-address address_test.go TestInvalidStringAddresses, TestTrailingBits, TestIDMax
describe('invalid strings', () => {
  const b32 = (s: string): string => base32.baseEncode(enc.encode(s))
  const cases: Array<[string, AddressErrorReason]> = [
    ['Q2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y', 'unknown-network'],
    ['t5gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr23y', 'unknown-protocol'],
    ['t2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr24y', 'invalid-checksum'],
    ['t0banananananannnnnnnnn', 'invalid-length'],
    ['t0banananananannnnnnn', 'invalid-payload'],
    ['t2gfvuyh7v2sx3patm1k23wdzmhyhtmqctasbr24y', 'invalid-encoding'],
    ['t2gfvuyh7v2sx3paTm1k23wdzmhyhtmqctasbr24y', 'invalid-encoding'],
    ['t2', 'invalid-length'],
    ['t1234q', 'invalid-length'],
    ['a'.repeat(116), 'invalid-length'],
    ['t', 'invalid-length'],
    ['t0', 'invalid-length'],
    ['t0' + 'a'.repeat(19), 'invalid-payload'],
    ['t0' + 'a'.repeat(20), 'invalid-length'],
    ['t1' + b32('a'.repeat(24)), 'invalid-checksum'],
    ['t1' + b32('a'.repeat(25)), 'invalid-length'],
    ['t1' + b32('a'.repeat(23)), 'invalid-length'],
    ['t2' + b32('a'.repeat(24)), 'invalid-checksum'],
    ['t2' + b32('a'.repeat(25)), 'invalid-length'],
    ['t2' + b32('a'.repeat(23)), 'invalid-length'],
    ['t3' + b32('a'.repeat(52)), 'invalid-checksum'],
    ['t3' + b32('a'.repeat(53)), 'invalid-length'],
    ['t3' + b32('a'.repeat(51)), 'invalid-length'],
    ['f1xpbyy4tkdx5si2bgo37dubc2xwv6fum5tk57mid', 'invalid-encoding'],
    ['t09223372036854775808', 'invalid-payload'],
    ['f4' + '10' + 'kkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamxa', 'invalid-length'], // namespace ends at the first f
    ['f4' + '10', 'invalid-payload'],
    ['f4xf' + 'kkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamxa', 'invalid-payload'],
    ['f410fkkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamxb', 'invalid-encoding'],
    ['f410fkkld55ioe7qg24wvt7fu6pbknb56ht7pt4zamya', 'invalid-checksum'],
    ['t0-1', 'invalid-payload'],
    ['t0+1', 'invalid-payload']
  ]
  for (const [input, reason] of cases) {
    test(`${input.slice(0, 50)} -> ${reason}`, () => { expectReason(() => parseAddress(input), reason) })
  }
  test('the good string of TestTrailingBits parses', () => {
    assert.equal(parseAddress('f1xpbyy4tkdx5si2bgo37dubc2xwv6fum5tk57mia').protocol, Protocol.SECP256K1)
  })
  test('errors name the value and its source', () => {
    assert.throws(() => parseAddress('t2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr24y', 'config.toml [Wallet] Default'),
      /config\.toml \[Wallet\] Default: invalid address "t2gfvuyh7v2sx3patm5k23wdzmhyhtmqctasbr24y": checksum does not match/)
  })
})

// Source: filecoin-project/go-address address_test.go TestInvalidByteAddresses, TestIDEdgeCase, TestIDMax
describe('invalid bytes', () => {
  const cat = (head: number[], zeros: number): Uint8Array => Uint8Array.from([...head, ...new Array<number>(zeros).fill(0)])
  const cases: Array<[Uint8Array, AddressErrorReason]> = [
    [Uint8Array.of(5, 4, 4), 'unknown-protocol'],
    [Uint8Array.of(0), 'invalid-length'],
    [cat([1], 19), 'invalid-length'],
    [cat([1], 21), 'invalid-length'],
    [cat([2], 19), 'invalid-length'],
    [cat([2], 21), 'invalid-length'],
    [cat([3], 47), 'invalid-length'],
    [cat([3], 33), 'invalid-length'],
    [cat([4, 0], 55), 'invalid-length'],
    [Uint8Array.of(4, 0xff), 'invalid-payload'],
    [Uint8Array.of(0, 0x80), 'invalid-payload'],
    [Uint8Array.of(0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01), 'invalid-payload'],
    [Uint8Array.of(0, 0x81, 0x00), 'invalid-payload'],
    [Uint8Array.of(0, 0x01, 0x00), 'invalid-length'],
    [new Uint8Array(0), 'invalid-length']
  ]
  for (const [input, reason] of cases) {
    test(`${hex(input).slice(0, 24)} -> ${reason}`, () => { expectReason(() => addressFromBytes(input), reason) })
  }
})

describe('constructors reject bad input', () => {
  test('ID range', () => {
    expectReason(() => newIdAddress(-1), 'invalid-payload')
    expectReason(() => newIdAddress(1n << 63n), 'invalid-payload')
    expectReason(() => newIdAddress(2 ** 60), 'invalid-payload')
    assert.equal(newIdAddress((1n << 63n) - 1n).id(), (1n << 63n) - 1n)
  })
  test('key and subaddress lengths', () => {
    expectReason(() => newBlsAddress(new Uint8Array(47)), 'invalid-length')
    expectReason(() => newSecp256k1Address(new Uint8Array(33)), 'invalid-payload')
    expectReason(() => newDelegatedAddress(10n, new Uint8Array(55)), 'invalid-length')
  })
  test('id() on a non-ID address', () => {
    expectReason(() => parseAddress(actorVectors[0]?.testnet ?? '').id(), 'unknown-protocol')
  })
})
