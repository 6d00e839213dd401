import { describe, test, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanKey, describeKey, isMarketKey, marketExportPrefixes, openSqliteDatastore } from '../../../src/repo/index.js'

const dir = mkdtempSync(join(tmpdir(), 'nelumbo-ds-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const b = (s: string): Uint8Array => new TextEncoder().encode(s)
const s = (v: Uint8Array | undefined): string | undefined => v === undefined ? undefined : new TextDecoder().decode(v)

describe('datastore', () => {
  test('get/put/has/delete and key validation', () => {
    const ds = openSqliteDatastore(join(dir, 'basic.sqlite'))
    try {
      ds.put('/a/b', b('1'))
      assert.equal(s(ds.get('/a/b')), '1')
      assert.equal(ds.has('/a/b'), true)
      ds.put('/a/b', b('2'))
      assert.equal(s(ds.get('/a/b')), '2')
      ds.put('/empty', new Uint8Array())
      assert.deepEqual([...(ds.get('/empty') ?? [9])], [])
      ds.delete('/a/b')
      ds.delete('/never-there')
      assert.equal(ds.get('/a/b'), undefined)
      for (const bad of ['a', '/', '/a/', '//a', '/a/../b', '']) assert.throws(() => ds.put(bad, b('x')), /invalid datastore key/, bad)
    } finally {
      ds.close()
    }
  })

  test('prefix queries are path-aware, ordered by key bytes, and paged', () => {
    const ds = openSqliteDatastore(join(dir, 'query.sqlite'))
    try {
      const keys = ['/deals/provider/b', '/deals/provider/a', '/deals/provider/a/x', '/deals/providerx', '/deals/provider', '/deals/provider.z', '/é', '/z']
      for (const k of keys) ds.put(k, b(k))
      assert.deepEqual([...ds.keys({ prefix: '/deals/provider' })], ['/deals/provider/a', '/deals/provider/a/x', '/deals/provider/b'])
      assert.deepEqual([...ds.keys()], [...keys].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))))
      assert.deepEqual([...ds.keys({ prefix: '/deals/provider', limit: 2 })], ['/deals/provider/a', '/deals/provider/a/x'])
      assert.equal(ds.count('/deals'), 6)
      const many = ds.namespace('/many')
      const copies = ds.namespace('/copies')
      ds.transaction(() => { for (let i = 0; i < 600; i++) many.put(`/k${String(i).padStart(4, '0')}`, b(String(i))) })
      let seen = 0
      let last = ''
      for (const e of many.query()) {
        copies.put(e.key, e.value) // writing while iterating is allowed (pages, not one open cursor)
        assert.ok(e.key > last)
        last = e.key
        seen++
      }
      assert.equal(seen, 600)
      assert.equal(copies.count(), 600)
    } finally {
      ds.close()
    }
  })

  test('namespaces see relative keys', () => {
    const ds = openSqliteDatastore(join(dir, 'ns.sqlite'))
    try {
      const md = ds.namespace('/metadata')
      md.put('/miner-address', b('m'))
      assert.equal(s(ds.get('/metadata/miner-address')), 'm')
      assert.deepEqual([...md.query()].map((e) => e.key), ['/miner-address'])
      assert.deepEqual([...md.namespace('/deals').keys()], [])
    } finally {
      ds.close()
    }
  })

  test('batches and transactions are all-or-nothing', () => {
    const ds = openSqliteDatastore(join(dir, 'tx.sqlite'))
    try {
      const batch = ds.batch()
      batch.put('/x/1', b('1'))
      batch.put('/x/2', b('2'))
      batch.delete('/x/1')
      assert.equal(ds.count('/x'), 0, 'nothing applied before commit')
      batch.commit()
      assert.deepEqual([...ds.keys({ prefix: '/x' })], ['/x/2'])
      assert.throws(() => ds.transaction(() => {
        ds.put('/x/3', b('3'))
        ds.namespace('/x').delete('/2')
        throw new Error('boom')
      }), /boom/)
      assert.deepEqual([...ds.keys({ prefix: '/x' })], ['/x/2'])
      const out = ds.transaction(() => { ds.put('/x/4', b('4')); return 7 })
      assert.equal(out, 7)
      assert.throws(() => ds.transaction(() => Promise.resolve(1)), /must be synchronous/)
    } finally {
      ds.close()
    }
  })

  test('committed writes survive reopening', () => {
    const file = join(dir, 'durable.sqlite')
    const ds = openSqliteDatastore(file)
    ds.put('/sectors/1', b('s1'))
    ds.transaction(() => ds.put('/sectors/2', b('s2')))
    ds.close()
    const again = openSqliteDatastore(file)
    try {
      assert.deepEqual([...again.query({ prefix: '/sectors' })].map((e) => [e.key, s(e.value)]), [['/sectors/1', 's1'], ['/sectors/2', 's2']])
    } finally {
      again.close()
    }
  })

  test('key registry', () => {
    assert.deepEqual(marketExportPrefixes, ['/deals/provider', '/retrievals/provider', '/storagemarket'])
    assert.equal(isMarketKey('/deals/provider/storage-ask/latest'), true)
    assert.equal(isMarketKey('/deals/providerx'), false)
    assert.equal(isMarketKey('/sealedblocks/x'), false)
    assert.equal(describeKey('/sectors/12')?.owner, 'sealing')
    assert.equal(describeKey('/deals/provider/storage-ask/latest')?.prefix, '/deals/provider/storage-ask')
    assert.equal(cleanKey('a//b/./c/../d/'), '/a/b/d')
  })
})
