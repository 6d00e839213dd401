import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import * as dagCbor from '@ipld/dag-cbor'
import { AMT_MAX_INDEX, Amt, MemoryBlockstore, putBlock, stringKey } from '../../../src/core/ipld/index.js'
import type { InvalidInputError } from '../../../src/core/errors.js'
import { mulberry32, shuffle } from './prng.js'

// Vectors: filecoin-project/ref-fvm ipld/amt/tests/amt_tests.rs (fvm_ipld_amt v3 format, the
// same blocks as go-amt-ipld v4), default bit width 3. `tbytes(x)` there is a CBOR byte string.
const b = (s: string): Uint8Array => stringKey(s)
const EMPTY = 'bafy2bzacedijw74yui7otvo63nfl3hdq2vdzuy7wx2tnptwed6zml4vvz7wee'

describe('AMT reference vectors (ref-fvm ipld/amt/tests/amt_tests.rs)', () => {
  it('basic_get_set', async () => {
    const store = new MemoryBlockstore()
    const a = Amt.create(store)
    await a.set(2, b('foo'))
    assert.equal(a.size, 1n)
    const c = await a.flush()
    assert.equal(c.toString(), 'bafy2bzacedv5uu5za6oqtnozjvju5lhbgaybayzhw4txiojw7hd47ktgbv5wc')
    assert.deepEqual(await (await Amt.load(store, c)).get(2), b('foo'))
  })

  it('out_of_range: MAX_INDEX grows to height 21', async () => {
    const a = Amt.create(new MemoryBlockstore())
    await a.set(AMT_MAX_INDEX, b('what is up'))
    assert.equal(a.treeHeight, 21)
    await assert.rejects(a.set(AMT_MAX_INDEX + 1n, b('what is up')), { code: 'ERR_INVALID_ARGUMENT' })
    await a.set(AMT_MAX_INDEX - 1n, b('what is up'))
    assert.equal(a.treeHeight, 21)
    assert.equal((await a.flush()).toString(), 'bafy2bzacecl3zuubhdvkojg6uhbu4mebaehx554q6algfjitqiivvnrqprkxo')
    assert.deepEqual(await collectKeys(a), [AMT_MAX_INDEX - 1n, AMT_MAX_INDEX])
  })

  it('expand', async () => {
    const store = new MemoryBlockstore()
    const a = Amt.create(store)
    await a.set(2, b('foo'))
    await a.set(11, b('bar'))
    await a.set(79, b('baz'))
    const c = await a.flush()
    assert.equal(c.toString(), 'bafy2bzacecughjbclx3lbqwibrwc6pe7nttlc3qewedsrayghsvh5j5lpofiq')
    const l = await Amt.load(store, c)
    assert.deepEqual(await l.get(79), b('baz'))
    assert.deepEqual(await l.get(11), b('bar'))
  })

  it('bulk_insert: 5000 sequential values', async () => {
    const store = new MemoryBlockstore()
    const a = Amt.create(store)
    for (let i = 0; i < 5000; i++) await a.set(i, b('foo foo bar'))
    const c = await a.flush()
    assert.equal(c.toString(), 'bafy2bzacecfquuqzqzlox25aynodzw2qhxijdzfvno6tibyes3kb6nd3f7uxa')
    assert.equal((await Amt.load(store, c)).size, 5000n)
  })

  it('delete: emptied then refilled equals a fresh AMT', async () => {
    const store = new MemoryBlockstore()
    const a = Amt.create(store)
    for (const i of [0, 1, 2, 3]) await a.set(i, b('cat'))
    await a.delete(1)
    assert.equal(await a.get(1), undefined)
    for (const i of [0, 2, 3]) await a.delete(i)
    assert.equal(a.size, 0n)
    await a.set(23, b('dog'))
    await a.set(24, b('dog'))
    await a.delete(23)
    const c = await a.flush()
    assert.equal(c.toString(), 'bafy2bzacebnnxpurpb3zqqr22i7ch4uruz6hgykn3ryzoo4hh3ox2m2kufsvg')
    const fresh = Amt.create(store)
    await fresh.set(24, b('dog'))
    assert.equal((await fresh.flush()).toString(), c.toString())
  })

  it('delete_fail_check, delete_first_entry and delete_reduce_height', async () => {
    const store = new MemoryBlockstore()
    const a = Amt.create(store)
    await a.set(1, 'one')
    await a.set(9, 'nine')
    assert.equal(a.treeHeight, 1)
    assert.equal(await a.delete(10), false)
    assert.equal(await a.delete(0), false)
    assert.equal(a.size, 2n)

    const f = Amt.create(store)
    await f.set(0, b('cat'))
    await f.set(27, b('cat'))
    await f.delete(27)
    assert.equal(f.treeHeight, 0)
    assert.equal((await f.flush()).toString(), 'bafy2bzacecmxrjeri2ojuy3riae2mpbnztx2hqggqgkcrxao2nwpga77j2vqe')

    const r = Amt.create(store)
    await r.set(1, b('thing'))
    const c1 = await r.flush()
    assert.equal(c1.toString(), 'bafy2bzacebmkyah6kppbszluix3g332hntzx6wfdcqcr5hjdsaxri5jhgrdmo')
    await r.set(37, b('other'))
    const r2 = await Amt.load(store, await r.flush())
    assert.equal(r2.treeHeight, 1)
    assert.equal(await r2.delete(37), true)
    assert.equal(r2.treeHeight, 0)
    assert.equal((await r2.flush()).toString(), c1.toString())
  })

  it('for_each and for_each_mutate', async () => {
    const store = new MemoryBlockstore()
    const a = Amt.create(store)
    const indexes: bigint[] = []
    for (let i = 0n; i < 10000n; i++) if ((i + 1n) % 3n === 0n) indexes.push(i)
    for (const i of indexes) await a.set(i, b('value'))
    const c = await a.flush()
    assert.equal(c.toString(), 'bafy2bzaceanqxtbsuyhqgxubiq6vshtbhktmzp2if4g6kxzttxmzkdxmtipcm')
    assert.deepEqual(await collectKeys(await Amt.load(store, c)), indexes)

    const m = Amt.create(store)
    for (const i of [1, 9, 66, 74, 82, 515]) await m.set(i, b('value'))
    assert.equal((await m.flush()).toString(), 'bafy2bzaced44wtasbcukqjqicvxzcyn5up6sorr5khzbdkl6zjeo736f377ew')
  })

  it('delete_bug_test: set and delete a far index leaves the empty root', async () => {
    const a = Amt.create(new MemoryBlockstore())
    assert.equal((await a.flush()).toString(), EMPTY)
    await a.set(100_000, b('foo'))
    await a.delete(100_000)
    assert.equal((await a.flush()).toString(), EMPTY)
  })
})

describe('AMT behaviour', () => {
  it('matches a Map under random sets and deletes, with an order-independent root', async () => {
    const rand = mulberry32(42)
    for (const bitWidth of [1, 3, 5]) {
      const store = new MemoryBlockstore()
      const a = Amt.create<number>(store, { bitWidth })
      const model = new Map<bigint, number>()
      for (let op = 0; op < 1200; op++) {
        // mostly small indices, sometimes far ones, so the height grows and shrinks
        const i = BigInt(Math.floor(rand() * (rand() < 0.1 ? 1e6 : 200)))
        if (rand() < 0.4) {
          assert.equal(await a.delete(i), model.delete(i), `delete ${i}`)
        } else {
          await a.set(i, op)
          model.set(i, op)
        }
      }
      const root = await a.flush()
      const loaded = await Amt.load<number>(store, root, { bitWidth })
      assert.equal(loaded.size, BigInt(model.size))
      const expected = [...model].sort((x, y) => (x[0] < y[0] ? -1 : 1))
      const seen: Array<[bigint, number]> = []
      for await (const e of loaded.entries()) seen.push(e)
      assert.deepEqual(seen, expected)
      const fresh = Amt.create<number>(new MemoryBlockstore(), { bitWidth })
      for (const [i, v] of shuffle(expected, rand)) await fresh.set(i, v)
      assert.equal((await fresh.flush()).toString(), root.toString(), `bit width ${bitWidth}`)
    }
  })

  it('go-amt-ipld TestCidStability: every prefix has the same CID going up and down', async () => {
    const a = Amt.create(new MemoryBlockstore())
    const cids: string[] = []
    for (let i = 0; i < 200; i++) {
      cids.push((await a.flush()).toString())
      await a.set(i, b(String(i)))
    }
    for (let i = 199; i >= 0; i--) {
      assert.equal(await a.delete(i), true)
      assert.equal((await a.flush()).toString(), cids[i])
    }
  })

  it('rejects malformed roots and nodes, naming the block', async () => {
    const store = new MemoryBlockstore()
    const leaf = await putBlock(store, dagCbor.encode([Uint8Array.of(1), [], [b('x')]]))
    const cases: Array<[unknown, RegExp]> = [
      [[3, 0, 1, [Uint8Array.of(1, 0), [], [b('x')]]], /bmap is 2 bytes/],
      [[3, 0, 1, [Uint8Array.of(3), [], [b('x')]]], /2 bits set but 1 values/],
      [[3, 1, 1, [Uint8Array.of(1), [], [b('x')]]], /values found in a node above height 0/],
      [[3, 1, 0, [Uint8Array.of(0), [], []]], /unexpected empty AMT node/],
      [[3, 0, 1, [Uint8Array.of(1), [leaf], []]], /links found in a node at height 0/],
      [[4, 0, 0, [Uint8Array.of(0), [], []]], /expected bit width 3 but AMT has bit width 4/],
      [[3, 65, 0, [Uint8Array.of(0), [], []]], /height 65 greater than 64/],
      [[3, 0, 9, [Uint8Array.of(1), [], [b('x')]]], /too small for count 9/],
      [[3, 0, 0, [Uint8Array.of(0), [], []], 7], /4-element array/]
    ]
    for (const [value, pattern] of cases) {
      const cid = await putBlock(store, dagCbor.encode(value))
      await assert.rejects(Amt.load(store, cid), (err: InvalidInputError) => {
        assert.equal(err.code, 'ERR_MALFORMED_IPLD_NODE')
        assert.match(err.message, pattern)
        assert.match(err.message, new RegExp(cid.toString()))
        return true
      })
    }
  })
})

async function collectKeys (a: Amt): Promise<bigint[]> {
  const out: bigint[] = []
  for await (const k of a.keys()) out.push(k)
  return out
}
