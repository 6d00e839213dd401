import assert from 'node:assert/strict'
import { describe, it } from 'node:test'
import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import { Hamt, MemoryBlockstore, putBlock, rawValues, stringKey, uintKey } from '../../../src/core/ipld/index.js'
import { InvalidInputError } from '../../../src/core/errors.js'
import { mulberry32, shuffle } from './prng.js'

// Vectors: filecoin-project/ref-fvm ipld/hamt/tests/hamt_tests.rs (fvm_ipld_hamt, the HAMT
// builtin-actors v9+ use; same block format as go-hamt-ipld v3). `tstring(x)` there is the
// string's bytes, serialized as a CBOR byte string, for both keys and values.
const t = (v: string | number): Uint8Array => stringKey(String(v))
const EMPTY = 'bafy2bzaceamp42wmmgr2g2ymg46euououzfyck7szknvfacqscohrvaikwfay'

/** fvm_ipld_hamt's `Identity` hash (feature "identity"): the key's bytes, zero-padded to 32. */
const identity = (key: Uint8Array): Uint8Array => {
  const out = new Uint8Array(32)
  out.set(key.subarray(0, 32))
  return out
}

describe('HAMT reference vectors (ref-fvm ipld/hamt/tests/hamt_tests.rs)', () => {
  it('test_set_if_absent (bit width 8)', async () => {
    const store = new MemoryBlockstore()
    const h = Hamt.create(store, { bitWidth: 8 })
    assert.equal(await h.setIfAbsent(t('favorite-animal'), t('owl bear')), true)
    assert.equal(await h.setIfAbsent(t('favorite-animal'), t('bright green bear')), false)
    const c = await h.flush()
    assert.equal(c.toString(), 'bafy2bzaced2tgnlsq4n2ioe6ldy75fw3vlrrkyfv4bq6didbwoob2552zvpuk')
    const h2 = await Hamt.load(store, c, { bitWidth: 8 })
    assert.equal(await h2.setIfAbsent(t('favorite-animal'), t('bright green bear')), false)
  })

  it('set_with_no_effect_does_not_put (bit width 1)', async () => {
    const store = new MemoryBlockstore()
    const h = Hamt.create(store, { bitWidth: 1 })
    for (let i = 0; i < 30; i++) await h.set(t(i), t('filler'))
    assert.equal((await h.flush()).toString(), 'bafy2bzacebjilcrsqa4uyxuh36gllup4rlgnvwgeywdm5yqq2ks4jrsj756qq')
    await h.set(t('favorite-animal'), t('bright green bear'))
    assert.equal((await h.flush()).toString(), 'bafy2bzacea7biyabzk7v7le2rrlec5tesjbdnymh5sk4lfprxibg4rtudwtku')
    await h.set(t('favorite-animal'), t('bright green bear'))
    assert.equal((await h.flush()).toString(), 'bafy2bzacea7biyabzk7v7le2rrlec5tesjbdnymh5sk4lfprxibg4rtudwtku')
  })

  it('delete (bit width 8)', async () => {
    const store = new MemoryBlockstore()
    const h = Hamt.create(store, { bitWidth: 8 })
    await h.set(t('foo'), t('cat dog bear'))
    await h.set(t('bar'), t('cat dog'))
    await h.set(t('baz'), t('cat'))
    const c = await h.flush()
    assert.equal(c.toString(), 'bafy2bzacebql36crv4odvxzstx2ubaczmawy2tlljxezvorcsoqeyyojxkrom')
    const h2 = await Hamt.load(store, c, { bitWidth: 8 })
    assert.equal(await h2.delete(t('foo')), true)
    assert.equal(await h2.get(t('foo')), undefined)
    assert.equal(await h2.delete(t('nonexistent')), false)
    assert.equal((await h2.flush()).toString(), 'bafy2bzaced7up7wkm7cirieh5bs4iyula5inrprihmjzozmku3ywvekzzmlyi')
  })

  it('delete_case and reload_empty', async () => {
    const store = new MemoryBlockstore()
    const h = Hamt.create(store, { bitWidth: 8 })
    await h.set(Uint8Array.of(0), t('Test data'))
    const c = await h.flush()
    assert.equal(c.toString(), 'bafy2bzaceb2hikcc6tfuuuuehjstbiq356oruwx6ejyse77zupq445unranv6')
    const h2 = await Hamt.load(store, c, { bitWidth: 8 })
    assert.equal(await h2.delete(Uint8Array.of(0)), true)
    assert.equal((await h2.flush()).toString(), EMPTY)
    assert.equal((await Hamt.create(store).flush()).toString(), EMPTY)
  })

  it('set_delete_many (bit width 5, 200 then 400 keys)', async () => {
    const store = new MemoryBlockstore()
    const h = Hamt.create(store, { bitWidth: 5 })
    for (let i = 0; i < 200; i++) await h.set(t(i), t(i))
    assert.equal((await h.flush()).toString(), 'bafy2bzaceczhz54xmmz3xqnbmvxfbaty3qprr6dq7xh5vzwqbirlsnbd36z7a')
    for (let i = 200; i < 400; i++) await h.set(t(i), t(i))
    assert.equal((await h.flush()).toString(), 'bafy2bzacecxcp736xkl2mcyjlors3tug6vdlbispbzxvb75xlrhthiw2xwxvw')
    for (let i = 200; i < 400; i++) assert.equal(await h.delete(t(i)), true)
    assert.equal((await h.flush()).toString(), 'bafy2bzaceczhz54xmmz3xqnbmvxfbaty3qprr6dq7xh5vzwqbirlsnbd36z7a')
    for (let i = 0; i < 200; i++) assert.equal(await h.delete(t(i)), true)
    assert.equal((await h.flush()).toString(), EMPTY)
  })

  it('for_each: modify and delete after reload (bit width 5)', async () => {
    const store = new MemoryBlockstore()
    const built = Hamt.create(store, { bitWidth: 5 })
    for (let i = 0; i < 200; i++) await built.set(t(i), t(i))
    const c = await built.flush()
    const h = await Hamt.load<Uint8Array>(store, c, { bitWidth: 5 })
    let n = 0
    for await (const [k, v] of h.entries()) {
      assert.deepEqual(k, v)
      n++
    }
    assert.equal(n, 200)
    await h.set(t(10), t('modified-10'))
    await h.set(t(80), t('modified-80'))
    await h.set(t(81), t('modified-81'))
    assert.equal(await h.delete(t(30)), true)
    assert.equal(await h.delete(t(300)), false)
    assert.equal((await h.flush()).toString(), 'bafy2bzacebln5j7tdfavh2qqhio6mgaoq6mm2jbmcex2ngcmi3uqlx5k3mov4')
  })

  it('for_each_ranged: integer values (bit width 5)', async () => {
    const store = new MemoryBlockstore()
    const h = Hamt.create(store, { bitWidth: 5 })
    for (let i = 0; i < 200; i++) await h.set(t(i), i)
    assert.equal((await h.flush()).toString(), 'bafy2bzacedy4ypl2vedhdqep3llnwko6vrtfiys5flciz2f3c55pl4whlhlqm')
    await h.set(t(10), 210)
    assert.equal(await h.delete(t(30)), true)
    assert.equal((await h.flush()).toString(), 'bafy2bzacecrxqeuuk34jsrol3azfpgy35ldw4bpgsa6pdxvzj262jzpvoekye')
  })

  it('clean_child_ordering: varint keys, collapse keeps bucket sorted', async () => {
    const store = new MemoryBlockstore()
    const h = Hamt.create(store, { bitWidth: 5 })
    for (let i = 100; i < 195; i++) await h.set(uintKey(i), 42)
    const root = await h.flush()
    assert.equal(root.toString(), 'bafy2bzacebqox3gtng4ytexyacr6zmaliyins3llnhbnfbcrqmhzuhmuuawqk')
    const h2 = await Hamt.load(store, root, { bitWidth: 5 })
    await h2.delete(uintKey(104))
    await h2.delete(uintKey(108))
    const root2 = await h2.flush()
    await Hamt.load(store, root2, { bitWidth: 5 })
    assert.equal(root2.toString(), 'bafy2bzacedlyeuub3mo4aweqs7zyxrbldsq2u4a2taswubudgupglu2j4eru6')
  })

  it('canonical_structure and canonical_structure_alt_bit_width (identity hash)', async () => {
    const cases: Array<[number, string[], string[], string]> = [
      [8, ['K'], ['B'], 'bafy2bzacecosy45hp4sz2t4o4flxvntnwjy7yaq43bykci22xycpeuj542lse'],
      [8, ['K0', 'K1', 'KAA1', 'KAA2', 'KAA3'], ['KAA4'], 'bafy2bzaceaqdaj5aqkwugr7wx4to3fahynoqlxuo5j6xznly3khazgyxihkbo'],
      [5, ['K'], ['B'], 'bafy2bzacec3cquclaqkb32cntwtizgij55b7isb4s5hv5hv5ujbbeu6clxkug'],
      [6, ['K'], ['B'], 'bafy2bzacebj7b2jahw7nxmu6mlhkwzucjmfq7aqlj52jusqtufqtaxcma4pdm'],
      [7, ['K'], ['B'], 'bafy2bzacedrwwndijql6lmmtyicjwyehxtgey5fhzocc43hrzhetrz25v2k2y'],
      [5, ['K0', 'K1', 'KAA1', 'KAA2', 'KAA3'], ['KAA4'], 'bafy2bzacedbiipe7l7gbtjandyyl6rqlkuqr2im2nl7d4bljidv5mta22rjqk'],
      [6, ['K0', 'K1', 'KAA1', 'KAA2', 'KAA3'], ['KAA4'], 'bafy2bzaceb3c76qlbsiv3baogpao3zah56eqonsowpkof33o5hmncfow4seso'],
      [7, ['K0', 'K1', 'KAA1', 'KAA2', 'KAA3'], ['KAA4'], 'bafy2bzacebhkyrwfexokaoygsx2crydq3fosiyfoa5bthphntmicsco2xf442']
    ]
    for (const [bitWidth, keys, extra, expected] of cases) {
      const store = new MemoryBlockstore()
      const opts = { bitWidth, hashFunction: identity }
      const h = Hamt.create(store, opts)
      for (const [i, k] of keys.entries()) await h.set(t(k), t(i))
      const c1 = await h.flush()
      for (const k of extra) await h.set(t(k), t(0))
      for (const k of extra) await h.delete(t(k))
      const c2 = await h.flush()
      assert.equal(c1.toString(), expected, `bit width ${bitWidth} keys ${keys.join(',')}`)
      assert.equal(c2.toString(), expected)
    }
  })
})

describe('HAMT behaviour', () => {
  it('matches a Map under random sets and deletes, with an order-independent root', async () => {
    const rand = mulberry32(0x5eed)
    for (const bitWidth of [1, 3, 5]) {
      const store = new MemoryBlockstore()
      const h = Hamt.create<number>(store, { bitWidth })
      const model = new Map<string, number>()
      for (let op = 0; op < 1500; op++) {
        const k = `k${Math.floor(rand() * 300)}`
        if (rand() < 0.35) {
          assert.equal(await h.delete(t(k)), model.delete(k), `delete ${k}`)
        } else {
          const v = Math.floor(rand() * 5)
          await h.set(t(k), v)
          model.set(k, v)
        }
        if (op % 250 === 0) {
          const reloaded = await Hamt.load<number>(store, await h.flush(), { bitWidth })
          assert.equal(await reloaded.get(t(k)), model.get(k))
        }
      }
      const root = await h.flush()
      const seen = new Map<string, number>()
      for await (const [k, v] of (await Hamt.load<number>(store, root, { bitWidth })).entries()) {
        seen.set(new TextDecoder().decode(k), v)
      }
      assert.deepEqual(new Map([...seen].sort()), new Map([...model].sort()))
      const fresh = Hamt.create<number>(new MemoryBlockstore(), { bitWidth })
      for (const [k, v] of shuffle([...model], rand)) await fresh.set(t(k), v)
      assert.equal((await fresh.flush()).toString(), root.toString(), `bit width ${bitWidth}`)
    }
  })

  it('stores raw CBOR values byte for byte and rejects malformed ones', async () => {
    const store = new MemoryBlockstore()
    const h = Hamt.create(store, { codec: rawValues })
    const item = dagCbor.encode([1, 'two', new Uint8Array(3)])
    await h.set(t('a'), item)
    assert.deepEqual(await (await Hamt.load(store, await h.flush(), { codec: rawValues })).get(t('a')), item)
    await assert.rejects(h.set(t('b'), Uint8Array.of(0x82, 0x01)), InvalidInputError)
  })

  it('rejects malformed nodes with an error naming the block', async () => {
    const store = new MemoryBlockstore()
    const bad = [
      dagCbor.encode([Uint8Array.of(0b11), [[[t('a'), 1]]]]), // 2 bits, 1 pointer
      dagCbor.encode([Uint8Array.of(1), [[[t('b'), 1], [t('a'), 2]]]]), // unsorted bucket
      dagCbor.encode([Uint8Array.of(1), [[]]]), // empty bucket
      dagCbor.encode([Uint8Array.of(1), ['x']]), // pointer neither link nor bucket
      dagCbor.encode([Uint8Array.of(1), [[[t('a'), 1]]], 3]) // wrong arity
    ]
    for (const bytes of bad) {
      const cid = await putBlock(store, bytes)
      await assert.rejects(Hamt.load(store, cid), (err: InvalidInputError) => {
        assert.equal(err.code, 'ERR_MALFORMED_IPLD_NODE')
        assert.match(err.message, new RegExp(cid.toString()))
        return true
      })
    }
    // A child with <= 3 entries and no links should have been collapsed into its parent.
    const child = await putBlock(store, dagCbor.encode([Uint8Array.of(1), [[[t('a'), 1]]]]))
    const parent = await putBlock(store, dagCbor.encode([Uint8Array.of(1), [child]]))
    const h = await Hamt.load(store, parent, { bitWidth: 1 })
    await assert.rejects(async () => { for await (const _ of h.entries()) assert.fail('yielded') }, /collapsed/)
    await assert.rejects(Hamt.load(store, CID.parse(EMPTY)), { code: 'ERR_BLOCK_NOT_FOUND' })
  })
})
