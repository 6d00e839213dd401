import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { getNodeHasher, portableHasher } from '../../../src/core/merkle/hasher.js'
import { merklePath, TreeBuilder, treeLayers, verifyMerklePath, zeroNode } from '../../../src/core/merkle/tree.js'

describe('tree helpers', () => {
  test('zero nodes: level k is the root of 2^k zero leaves', () => {
    assert.deepEqual(zeroNode(0), new Uint8Array(32))
    assert.deepEqual(zeroNode(6), portableHasher.rootOfLeaves(new Uint8Array(32 * 64)))
    assert.throws(() => zeroNode(-1), /tree level -1 is outside/)
  })

  test('layers, paths and verification', () => {
    const hasher = getNodeHasher()
    const leaves = randomBytes(32 * 64)
    const layers = treeLayers(leaves, hasher)
    assert.equal(layers.length, 7)
    const root = layers[6]!
    assert.deepEqual(root, hasher.rootOfLeaves(leaves))
    for (const index of [0, 1, 37, 63]) {
      const path = merklePath(layers, index)
      assert.equal(path.length, 6)
      const leaf = leaves.subarray(32 * index, 32 * index + 32)
      assert.equal(verifyMerklePath(leaf, index, path, root, hasher), true)
      assert.equal(verifyMerklePath(leaf, index ^ 1, path, root, hasher), false)
      const tampered = Uint8Array.from(leaf)
      tampered[0]! ^= 1
      assert.equal(verifyMerklePath(tampered, index, path, root, hasher), false)
    }
    assert.throws(() => merklePath(layers, 64), /leaf index 64 is outside 0\.\.63/)
  })

  test('TreeBuilder: subtrees pushed in order, padded on the right with zero subtrees', () => {
    const leaves = new Uint8Array(32 * 16)
    leaves.set(randomBytes(32 * 11))
    const expected = portableHasher.rootOfLeaves(leaves)
    const b = new TreeBuilder()
    b.push(portableHasher.rootOfLeaves(leaves.subarray(0, 32 * 8)), 3)
    b.push(portableHasher.rootOfLeaves(leaves.subarray(32 * 8, 32 * 10)), 1)
    b.push(leaves.slice(32 * 10, 32 * 11), 0)
    assert.deepEqual(b.finish(), expected)
    const empty = new TreeBuilder()
    assert.deepEqual(empty.finish(5), zeroNode(5))
    const misaligned = new TreeBuilder()
    misaligned.push(zeroNode(0), 0)
    assert.throws(() => misaligned.push(zeroNode(2), 2), /subtree of level 2 pushed while a level-0 subtree is pending/)
  })
})
