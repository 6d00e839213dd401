import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import * as dagCbor from '@ipld/dag-cbor'
import {
  BufferedBlockstore, Hamt, MemoryBlockstore, cidForBlock, getCbor, intKey, parseUintKey, putBlock, putCbor, uintKey
} from '../../../src/core/ipld/index.js'

describe('blockstore helpers', () => {
  it('putCbor gives the CIDv1 dag-cbor blake2b-256 CID and getCbor decodes it', async () => {
    const store = new MemoryBlockstore()
    const cid = await putCbor(store, [])
    assert.equal(cid.version, 1)
    assert.equal(cid.code, 0x71)
    assert.equal(cid.multihash.code, 0xb220)
    assert.equal(cid.toString(), cidForBlock(Uint8Array.of(0x80)).toString())
    assert.deepEqual(await getCbor(store, cid), [])
    assert.equal(await store.has(cid), true)
    assert.equal(store.size, 1)
  })

  it('getCbor names a missing block and a block that is not DAG-CBOR', async () => {
    const store = new MemoryBlockstore()
    const missing = cidForBlock(Uint8Array.of(0xf6))
    await assert.rejects(getCbor(store, missing, 'actor state'), (err: Error & { code: string }) => {
      assert.equal(err.code, 'ERR_BLOCK_NOT_FOUND')
      assert.match(err.message, /actor state/)
      return true
    })
    const junk = await putBlock(store, Uint8Array.of(0xff, 0x00))
    await assert.rejects(getCbor(store, junk), { code: 'ERR_MALFORMED_IPLD_NODE' })
  })
})

describe('BufferedBlockstore', () => {
  it('reads through, holds writes until flush, and discards', async () => {
    const base = new MemoryBlockstore()
    const old = await putCbor(base, 'old')
    const buf = new BufferedBlockstore(base)
    assert.deepEqual(await getCbor(buf, old), 'old')
    const fresh = await putCbor(buf, 'fresh')
    assert.equal(await buf.has(fresh), true)
    assert.equal(await base.has(fresh), false)
    buf.discard()
    assert.equal(await buf.has(fresh), false)
    await putCbor(buf, 'again')
    assert.equal(await buf.flush(), 1)
    assert.equal(base.size, 2)
  })

  it('flush(root) writes only blocks reachable from the root', async () => {
    const base = new MemoryBlockstore()
    const buf = new BufferedBlockstore(base)
    const h = Hamt.create(buf, { bitWidth: 1 })
    for (let i = 0; i < 40; i++) await h.set(uintKey(i), i)
    await h.flush() // intermediate root, becomes garbage
    for (let i = 0; i < 40; i += 2) await h.delete(uintKey(i))
    const root = await h.flush()
    const garbage = await putCbor(buf, { unreachable: true })
    const state = await putCbor(buf, { hamt: root, note: 'state root' })
    const pending = buf.pending
    const written = await buf.flush(state)
    assert.ok(written < pending, `${written} of ${pending}`)
    assert.equal(buf.pending, 0)
    assert.equal(await base.has(garbage), false)
    const reloaded = await Hamt.load<number>(base, root, { bitWidth: 1 })
    let n = 0
    for await (const [k, v] of reloaded.entries()) {
      assert.equal(Number(parseUintKey(k)), v)
      n++
    }
    assert.equal(n, 20)
    assert.deepEqual(dagCbor.decode(await base.get(state) ?? new Uint8Array()), { hamt: root, note: 'state root' })
  })
})

describe('HAMT keys (go-state-types abi.UIntKey / abi.IntKey)', () => {
  it('encodes varints as Go binary.PutUvarint / PutVarint', () => {
    assert.deepEqual([...uintKey(0)], [0])
    assert.deepEqual([...uintKey(127)], [0x7f])
    assert.deepEqual([...uintKey(300)], [0xac, 0x02])
    assert.deepEqual([...uintKey(2n ** 64n - 1n)], [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])
    assert.deepEqual([...intKey(-1)], [0x01])
    assert.deepEqual([...intKey(1)], [0x02])
    assert.deepEqual([...intKey(-64)], [0x7f])
    assert.equal(parseUintKey(uintKey(123456789)), 123456789n)
    assert.throws(() => parseUintKey(Uint8Array.of(0x80, 0x00)), /minimal/)
    assert.throws(() => uintKey(-1), /u64 range/)
  })
})
