import { test } from 'node:test'
import assert from 'node:assert/strict'
import { stringifyJson } from '../../../src/rpc/protocol.js'

test('stringifyJson writes bigints beyond 2^53 as bare integer literals, as Go does', () => {
  const big = (1n << 63n) - 1n
  assert.equal(stringifyJson({ Nonce: big, GasLimit: -big, s: 'x' }), '{"Nonce":9223372036854775807,"GasLimit":-9223372036854775807,"s":"x"}')
  assert.equal(stringifyJson({ a: 1 }), '{"a":1}')
})
