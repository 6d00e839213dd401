import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { bigIntFromBytes, bigIntToBytes, InvalidBigIntError, parseBigInt } from '../../../src/core/token/index.js'
import { cborTypes, decodeCbor, encodeCbor } from '../../../src/core/cbor/index.js'
import { bigIntJson } from '../../../src/core/lotus-json/index.js'

const hex = (b: Uint8Array): string => Buffer.from(b).toString('hex')

// Source: filecoin-project/go-state-types big/int_test.go (TestBigIntSerializationRoundTrip values; zero marshals
// to "@" = 0x40, an empty byte string) and big/int.go Bytes() (sign byte 0x00 / 0x01 + big-endian magnitude).
describe('Filecoin BigInt', () => {
  test('round trip of the go-state-types values', () => {
    for (const s of ['0', '1', '10', '-10', '9999', '12345678901234567891234567890123456789012345678901234567890']) {
      const v = parseBigInt(s)
      assert.equal(decodeCbor(cborTypes.bigInt, encodeCbor(cborTypes.bigInt, v)), v)
      assert.equal(bigIntJson.fromJson(bigIntJson.toJson(v), 'x'), v)
    }
  })

  test('byte forms', () => {
    assert.equal(hex(encodeCbor(cborTypes.bigInt, 0n)), '40')
    assert.equal(hex(bigIntToBytes(1n)), '0001')
    assert.equal(hex(bigIntToBytes(-10n)), '010a')
    assert.equal(hex(bigIntToBytes(256n)), '000100')
    assert.equal(hex(bigIntToBytes(10n ** 18n)), '000de0b6b3a7640000')
    // Non-minimal forms are read as go-state-types reads them.
    assert.equal(bigIntFromBytes(Uint8Array.of(0, 0, 5)), 5n)
    assert.equal(bigIntFromBytes(Uint8Array.of(1)), 0n)
  })

  test('rejections', () => {
    assert.throws(() => bigIntFromBytes(Uint8Array.of(2, 1), 'Message.Value'), (e: unknown) => e instanceof InvalidBigIntError && /^Message\.Value: big int prefix should be either 0 or 1, got 2/.test(e.message))
    assert.throws(() => bigIntFromBytes(new Uint8Array(129)), /big integer byte array too long \(129 bytes/)
    assert.throws(() => decodeCbor(cborTypes.bigInt, Uint8Array.of(0x01)), /BigInt: expected a BigInt byte string, got integer 1/)
    assert.throws(() => bigIntJson.fromJson('12a', 'params[1]'), /params\[1\]: failed to parse "12a" as a big int/)
    assert.throws(() => bigIntJson.fromJson(12, 'params[1]'), /params\[1\]: expected a decimal integer string, got 12/)
    assert.equal(bigIntJson.fromJson('+7', 'x'), 7n)
    assert.equal(bigIntJson.toJson(0n), '0')
  })
})
