import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import {
  formatFil, formatFilNano, formatFilShort, formatFilUnitless, InvalidFilError, parseFil
} from '../../../src/core/token/index.js'

// Source: filecoin-project/lotus chain/types/fil_test.go TestFilShort (ParseFIL then Short()).
const shortVectors: Array<[string, string]> = [
  ['1', '1 FIL'], ['1.1', '1.1 FIL'], ['12', '12 FIL'], ['123', '123 FIL'], ['123456', '123456 FIL'],
  ['123.23', '123.23 FIL'], ['123456.234', '123456.234 FIL'], ['123456.2341234', '123456.234 FIL'],
  ['123456.234123445', '123456.234 FIL'],
  ['0.1', '100 mFIL'], ['0.01', '10 mFIL'], ['0.001', '1 mFIL'],
  ['0.0001', '100 μFIL'], ['0.00001', '10 μFIL'], ['0.000001', '1 μFIL'],
  ['0.0000001', '100 nFIL'], ['0.00000001', '10 nFIL'], ['0.000000001', '1 nFIL'],
  ['0.0000000001', '100 pFIL'], ['0.00000000001', '10 pFIL'], ['0.000000000001', '1 pFIL'],
  ['0.0000000000001', '100 fFIL'], ['0.00000000000001', '10 fFIL'], ['0.000000000000001', '1 fFIL'],
  ['0.0000000000000001', '100 aFIL'], ['0.00000000000000001', '10 aFIL'], ['0.000000000000000001', '1 aFIL'],
  ['0.0000012', '1.2 μFIL'], ['0.00000123', '1.23 μFIL'], ['0.000001234', '1.234 μFIL'],
  ['0.0000012344', '1.234 μFIL'], ['0.00000123444', '1.234 μFIL'],
  ['0.0002212', '221.2 μFIL'], ['0.00022123', '221.23 μFIL'], ['0.000221234', '221.234 μFIL'],
  ['0.0002212344', '221.234 μFIL'], ['0.00022123444', '221.234 μFIL']
]

describe('FIL formatting (lotus chain/types/fil.go)', () => {
  test('Short() vectors from fil_test.go, positive and negative', () => {
    for (const [fil, expect] of shortVectors) {
      assert.equal(formatFilShort(parseFil(fil)), expect, fil)
      assert.equal(formatFilShort(parseFil('-' + fil)), '-' + expect, '-' + fil)
    }
  })

  test('String() and Unitless()', () => {
    assert.equal(formatFil(0n), '0 FIL')
    assert.equal(formatFil(1_500_000_000_000_000_000n), '1.5 FIL')
    assert.equal(formatFil(10n ** 19n), '10 FIL')
    assert.equal(formatFil(1n), '0.000000000000000001 FIL')
    assert.equal(formatFil(-25n * 10n ** 16n), '-0.25 FIL')
    assert.equal(formatFilUnitless(123_456_789n * 10n ** 18n + 1n), '123456789.000000000000000001')
  })

  test('Short() rounds half away from zero like big.Rat FloatString', () => {
    assert.equal(formatFilShort(parseFil('1.2345')), '1.235 FIL')
    assert.equal(formatFilShort(parseFil('-1.2345')), '-1.235 FIL')
    assert.equal(formatFilShort(parseFil('0.9999999')), '1000 mFIL')
    assert.equal(formatFilShort(0n), '0')
  })

  test('Nano()', () => {
    assert.equal(formatFilNano(parseFil('1.5')), '1500000000 nFIL')
    assert.equal(formatFilNano(1n), '0.000000001 nFIL')
    assert.equal(formatFilNano(0n), '0')
  })
})

describe('ParseFIL', () => {
  const ok: Array<[string, bigint]> = [
    ['1.5', 1_500_000_000_000_000_000n], ['1.5 FIL', 1_500_000_000_000_000_000n], ['1.5fil', 1_500_000_000_000_000_000n],
    ['1.5 fIl', 1_500_000_000_000_000_000n], ['12 attoFIL', 12n], ['12 afil', 12n], ['12aFIL', 12n], ['12 ATTOFIL', 12n],
    ['0', 0n], ['-1', -(10n ** 18n)], ['.5', 5n * 10n ** 17n], ['5.', 5n * 10n ** 18n], ['007', 7n * 10n ** 18n],
    ['1.000000000000000001', 10n ** 18n + 1n], ['1.50 ', 1_500_000_000_000_000_000n], ['1.0 afil', 1n],
    ['1.000000000000000000000', 10n ** 18n]
  ]
  for (const [text, atto] of ok) {
    test(`${JSON.stringify(text)} = ${atto} attoFIL`, () => { assert.equal(parseFil(text), atto) })
  }

  const bad: Array<[string, RegExp]> = [
    ['1.5 btc', /unrecognized suffix: " btc"/],
    ['1e5', /unrecognized suffix: "e5"/],
    ['+1', /unrecognized suffix: "\+1"/],
    ['0x10', /unrecognized suffix: "x10"/],
    ['FIL', /failed to parse "" as a decimal number/],
    ['', /failed to parse "" as a decimal number/],
    ['.', /failed to parse "\." as a decimal number/],
    ['1.2.3', /failed to parse "1\.2\.3" as a decimal number/],
    ['--1', /failed to parse "--1" as a decimal number/],
    ['1-', /failed to parse "1-" as a decimal number/],
    ['1.0000000000000000001', /invalid FIL value: "1\.0000000000000000001"/],
    ['1.5 afil', /invalid attoFIL value: "1\.5"/],
    ['1'.repeat(51), /string length too large: 51/]
  ]
  for (const [text, pattern] of bad) {
    test(`rejects ${JSON.stringify(text.slice(0, 20))}`, () => {
      assert.throws(() => parseFil(text, '--amount'), (e: unknown) => e instanceof InvalidFilError && pattern.test(e.message) && e.message.startsWith('--amount: '))
    })
  }
})
