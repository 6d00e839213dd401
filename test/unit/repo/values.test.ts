import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { configFilToAtto, formatGoDuration, normalizeConfigFil, normalizeGoDuration, parseGoDuration } from '../../../src/repo/index.js'

describe('Go durations', () => {
  test('format as time.Duration.String()', () => {
    const cases: Array<[bigint, string]> = [
      [0n, '0s'], [1n, '1ns'], [1500n, '1.5µs'], [200_000_000n, '200ms'], [30_000_000_000n, '30s'],
      [100_000_000_000n, '1m40s'], [86_400_000_000_000n, '24h0m0s'], [1_209_600_000_000_000n, '336h0m0s'],
      [1_500_000_000n, '1.5s'], [-90_000_000_000n, '-1m30s']
    ]
    for (const [ns, text] of cases) {
      assert.equal(formatGoDuration(ns), text)
      assert.equal(parseGoDuration(text), ns)
    }
  })
  test('parse accepts Go forms and rejects others', () => {
    assert.equal(normalizeGoDuration('24h'), '24h0m0s')
    assert.equal(normalizeGoDuration('1h30m'), '1h30m0s')
    assert.equal(normalizeGoDuration('.5s'), '500ms')
    assert.equal(normalizeGoDuration('2us'), '2µs')
    assert.equal(normalizeGoDuration('0'), '0s')
    for (const bad of ['', '5', 'h', '1x', '--1s']) assert.throws(() => parseGoDuration(bad), /time: /, bad)
  })
})

describe('FIL amounts', () => {
  test('checked with ParseFIL rules and written as FIL.String()', () => {
    assert.equal(configFilToAtto('0.05 FIL'), 50_000_000_000_000_000n)
    assert.equal(configFilToAtto('320 attofil'), 320n)
    assert.equal(normalizeConfigFil('0.050 FIL'), '0.05 FIL')
    assert.equal(normalizeConfigFil('5fil'), '5 FIL')
    assert.equal(normalizeConfigFil('0.00000000032'), '0.00000000032 FIL')
    assert.equal(normalizeConfigFil('0'), '0 FIL')
    assert.equal(normalizeConfigFil('-1.5'), '-1.5 FIL')
    for (const bad of ['', 'FIL', '1 BTC', '1.5 attofil', '0.0000000000000000001', '1.2.3', '1-2']) assert.throws(() => normalizeConfigFil(bad), Error, bad)
  })
})
