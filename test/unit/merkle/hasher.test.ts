import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes } from 'node:crypto'
import { getNodeHasher, HasherUnavailableError, nativeHasherStatus, portableHasher, type NodeHasher } from '../../../src/core/merkle/hasher.js'
import { loadAddon } from '../../../src/core/merkle/native.js'
import { fr32Pad } from '../../../src/core/piece/fr32.js'

/** The definition: SHA-256 of the 64-byte pair with the two top bits of the last byte cleared. */
function refNode (pair: Uint8Array): Uint8Array {
  const h = createHash('sha256').update(pair).digest()
  h[31]! &= 0x3f
  return new Uint8Array(h)
}

function refRoot (leaves: Uint8Array): Uint8Array {
  let layer = leaves
  while (layer.length > 32) {
    const next = new Uint8Array(layer.length / 2)
    for (let i = 0; i < layer.length / 64; i++) next.set(refNode(layer.subarray(64 * i, 64 * i + 64)), 32 * i)
    layer = next
  }
  return Uint8Array.from(layer)
}

function checkAgainstReference (h: NodeHasher): void {
  const pair = randomBytes(64)
  assert.deepEqual(h.hashPair(pair.subarray(0, 32), pair.subarray(32)), refNode(pair))
  const layer = randomBytes(64 * 5)
  const out = h.reduceLayer(layer)
  for (let i = 0; i < 5; i++) assert.deepEqual(out.subarray(32 * i, 32 * i + 32), refNode(layer.subarray(64 * i, 64 * i + 64)))
  const inPlace = Uint8Array.from(layer)
  h.reduceLayer(inPlace, inPlace)
  assert.deepEqual(inPlace.subarray(0, 160), out)
  for (const count of [1, 2, 8, 2048]) {
    const leaves = randomBytes(32 * count)
    assert.deepEqual(h.rootOfLeaves(leaves), refRoot(leaves), `${count} leaves`)
  }
  for (const quads of [1, 4, 512]) {
    const payload = randomBytes(127 * quads)
    assert.deepEqual(h.fr32Root(payload), refRoot(fr32Pad(payload)), `${quads} fr32 quads`)
  }
}

const requireNative = process.env.NELUMBO_REQUIRE_NATIVE === '1'
const addon = loadAddon().addon
const skipNative = addon === undefined && !requireNative ? `native addon not built (${String(loadAddon().reason)})` : false

describe('sha254 node hasher', () => {
  test('portable hasher matches node:crypto', () => {
    checkAgainstReference(portableHasher)
  })

  test('native SHA-NI path matches node:crypto', { skip: skipNative }, (t) => {
    assert.ok(addon, 'NELUMBO_REQUIRE_NATIVE=1 but the addon did not load')
    if (addon.setShaNi(true) !== 'sha-ni') {
      t.skip('this CPU has no SHA-NI')
      return
    }
    const h = getNodeHasher({ prefer: 'native' })
    assert.equal(h.name, 'sha-ni')
    checkAgainstReference(h)
  })

  test('native OpenSSL path matches node:crypto', { skip: skipNative }, () => {
    assert.ok(addon)
    try {
      assert.equal(addon.setShaNi(false), 'openssl')
      const h = getNodeHasher({ prefer: 'native' })
      assert.equal(h.name, 'openssl')
      checkAgainstReference(h)
    } finally {
      addon.setShaNi(true)
    }
  })

  test('native and portable agree on a large fr32 subtree', { skip: skipNative }, () => {
    const payload = randomBytes(127 * 2 ** 12)
    assert.deepEqual(getNodeHasher({ prefer: 'native' }).fr32Root(payload), portableHasher.fr32Root(payload))
    assert.equal(nativeHasherStatus().available, true)
  })

  test('bad batch sizes are refused with the length', () => {
    for (const h of addon !== undefined ? [portableHasher, getNodeHasher({ prefer: 'native' })] : [portableHasher]) {
      assert.throws(() => h.rootOfLeaves(new Uint8Array(96)), /96 bytes is not 2\^k leaves/)
      assert.throws(() => h.fr32Root(new Uint8Array(127 * 3)), /381 bytes is not 127 \* 2\^k/)
      assert.throws(() => h.reduceLayer(new Uint8Array(96)), /layer of 96 bytes/)
    }
  })

  test('portable preference never loads the addon; auto reports a fallback once', () => {
    assert.equal(getNodeHasher({ prefer: 'portable' }).name, 'portable')
    if (addon === undefined) {
      const notices: string[] = []
      assert.equal(getNodeHasher({ onNotice: (m) => notices.push(m) }).name, 'portable')
      assert.equal(notices.length, 1)
      assert.throws(() => getNodeHasher({ prefer: 'native' }), HasherUnavailableError)
    }
  })
})
