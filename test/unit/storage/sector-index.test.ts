import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { FsStat, StorageInfo } from '../../../src/api/sector-index.js'
import { SectorFileType, sectorId } from '../../../src/core/sector/index.js'
import { openSqliteDatastore } from '../../../src/repo/datastore.js'
import { NoGoodPathError, SectorIndex, sealSpaceUse, storeSpaceUse } from '../../../src/storage/index.js'

const GiB = 2 ** 30
const S = sectorId(1000, 1)
const { Unsealed, Sealed, Cache } = SectorFileType

function info (id: string, over: Partial<StorageInfo> = {}): StorageInfo {
  return {
    ID: id, URLs: [`http://${id}.example:2345/remote`], Weight: 10, MaxStorage: 0, CanSeal: true, CanStore: true,
    Groups: [], AllowTo: [], AllowTypes: [], DenyTypes: [], ...over
  }
}
function stat (available: number): FsStat {
  return { Capacity: 100 * GiB, Available: available, FSAvailable: available, Reserved: 0, Max: 0, Used: 0 }
}

describe('StorageBestAlloc', () => {
  test('orders by available space x weight, filters seal/store use, space, types and heartbeats', async () => {
    let now = 1_000_000
    const idx = new SectorIndex({ now: () => now })
    await idx.StorageAttach(info('a', { Weight: 10 }), stat(10 * GiB))
    await idx.StorageAttach(info('b', { Weight: 30 }), stat(5 * GiB)) // 150 > 100: first
    await idx.StorageAttach(info('seal-only', { CanStore: false, Weight: 1 }), stat(50 * GiB))
    await idx.StorageAttach(info('store-only', { CanSeal: false, Weight: 1 }), stat(50 * GiB))
    await idx.StorageAttach(info('no-sealed', { DenyTypes: ['sealed'], Weight: 100 }), stat(50 * GiB))
    await idx.StorageAttach(info('only-unsealed', { AllowTypes: ['unsealed'], Weight: 100 }), stat(50 * GiB))
    await idx.StorageAttach(info('readonly', { CanSeal: false, CanStore: false }), stat(50 * GiB))
    await idx.StorageAttach(info('full'), stat(1))

    const ids = async (ft: number, pt: 'sealing' | 'storage'): Promise<string[]> =>
      (await idx.StorageBestAlloc(ft, 2048, pt)).map((i) => i.ID)
    assert.deepEqual(await ids(Sealed, 'sealing'), ['b', 'a', 'seal-only'])
    assert.deepEqual(await ids(Sealed, 'storage'), ['b', 'a', 'store-only'])
    assert.deepEqual(await ids(Unsealed, 'storage'), ['no-sealed', 'only-unsealed', 'b', 'a', 'store-only'])

    // A path that stops sending heartbeats gets nothing new; a heartbeat error too.
    now += 60_000
    await idx.StorageReportHealth('a', { Stat: stat(10 * GiB), Err: '' })
    await idx.StorageReportHealth('b', { Stat: stat(5 * GiB), Err: 'disk on fire' })
    assert.deepEqual(await ids(Sealed, 'sealing'), ['a'])
    now += 60_000
    await assert.rejects(idx.StorageBestAlloc(Sealed, 2048, 'sealing'), NoGoodPathError)
    await assert.rejects(idx.StorageBestAlloc(Sealed, 2048, 'sealing'), /no good path found/)
  })

  test('needs the seal or finalized overhead of the sector size', async () => {
    const idx = new SectorIndex()
    const need = sealSpaceUse(Cache, 8 << 20)
    assert.equal(need, Math.floor(141 * (8 << 20) / 10))
    assert.equal(storeSpaceUse(Cache, 8 << 20), Math.floor((8 << 20) / 10))
    await idx.StorageAttach(info('p'), stat(need - 1))
    await assert.rejects(idx.StorageBestAlloc(Cache, 8 << 20, 'sealing'), NoGoodPathError)
    assert.equal((await idx.StorageBestAlloc(Cache, 8 << 20, 'storage')).length, 1)
    await assert.rejects(idx.StorageBestAlloc(64, 2048, 'sealing'), /unknown file types specified: 64/)
  })
})

describe('declarations', () => {
  test('declare, find with URLs, list, drop, detach', async () => {
    const idx = new SectorIndex()
    await idx.StorageAttach(info('a'), stat(GiB))
    await idx.StorageAttach(info('b', { Weight: 5 }), stat(GiB))
    await idx.StorageDeclareSector('a', S, Sealed | Cache, true)
    await idx.StorageDeclareSector('b', S, Unsealed, false)

    const found = await idx.StorageFindSector(S, Sealed, 2048, false)
    assert.deepEqual(found, [{
      ID: 'a',
      URLs: ['http://a.example:2345/remote/sealed/s-t01000-1'],
      BaseURLs: ['http://a.example:2345/remote'],
      Weight: 10, CanSeal: true, CanStore: true, Primary: true, AllowTypes: [], DenyTypes: []
    }])
    // Weight counts the matching types a path holds.
    const both = await idx.StorageFindSector(S, Sealed | Cache | Unsealed, 2048, false)
    assert.deepEqual(both.map((f) => [f.ID, f.Weight, f.Primary]).sort(), [['a', 20, true], ['b', 5, false]])

    assert.deepEqual(await idx.StorageList(), {
      a: [{ SectorID: S, SectorFileType: Sealed | Cache }],
      b: [{ SectorID: S, SectorFileType: Unsealed }]
    })

    await idx.StorageDropSector('a', S, Cache)
    assert.deepEqual((await idx.StorageList()).a, [{ SectorID: S, SectorFileType: Sealed }])
    assert.deepEqual(await idx.StorageFindSector(S, Cache, 2048, false), [])

    await assert.rejects(idx.StorageDetach('a', 'http://other/remote'), /not dropping path, requested and index urls don't match/)
    await idx.StorageDetach('a', 'http://a.example:2345/remote')
    assert.deepEqual(Object.keys(await idx.StorageList()), ['b'])
    await assert.rejects(idx.StorageInfo('a'), /sector store not found/)
    await assert.rejects(idx.StorageDetach('a', ''), /storage 'a' isn't registered/)
    await assert.rejects(idx.StorageReportHealth('zz', { Stat: stat(0), Err: '' }), /health report for unknown storage: zz/)
  })

  test('attaching again merges URLs; detaching one of two URLs keeps the path', async () => {
    const idx = new SectorIndex()
    await idx.StorageAttach(info('a', { URLs: ['http://m:1/remote'] }), stat(GiB))
    await idx.StorageAttach(info('a', { URLs: ['http://k:2/remote'], Weight: 7, DenyTypes: ['bogus', 'cache'] }), stat(GiB))
    const i = await idx.StorageInfo('a')
    assert.deepEqual(i.URLs, ['http://m:1/remote', 'http://k:2/remote'])
    assert.equal(i.Weight, 7)
    assert.deepEqual(i.DenyTypes, ['cache'])
    await idx.StorageDetach('a', 'http://m:1/remote')
    assert.deepEqual((await idx.StorageInfo('a')).URLs, ['http://k:2/remote'])
    await assert.rejects(idx.StorageAttach(info('a', { URLs: ['not a url'] }), stat(0)), /failed to parse url "not a url"/)
  })

  test('allowFetch adds healthy sealing paths in the groups the holders allow', async () => {
    const idx = new SectorIndex()
    await idx.StorageAttach(info('store', { CanSeal: false, AllowTo: ['g1'] }), stat(GiB))
    await idx.StorageAttach(info('seal-g1', { Groups: ['g1'] }), stat(GiB))
    await idx.StorageAttach(info('seal-g2', { Groups: ['g2'] }), stat(GiB))
    await idx.StorageAttach(info('seal-nocache', { Groups: ['g1'], DenyTypes: ['cache'] }), stat(GiB))
    await idx.StorageAttach(info('seal-small', { Groups: ['g1'] }), stat(100))
    await idx.StorageDeclareSector('store', S, Cache, true)
    const found = await idx.StorageFindSector(S, Cache, 2048, true)
    assert.deepEqual(found.map((f) => [f.ID, f.Weight, f.Primary]), [['store', 10, true], ['seal-g1', 0, false]])
    assert.equal(found[1]!.URLs[0], 'http://seal-g1.example:2345/remote/cache/s-t01000-1')
  })
})

describe('locks', () => {
  test('write excludes, reads share, try-lock fails fast, released on abort', async () => {
    const idx = new SectorIndex()
    const w = new AbortController()
    await idx.StorageLock(S, 0, Sealed, { signal: w.signal })
    const probe = new AbortController()
    assert.equal(await idx.StorageTryLock(S, Sealed, 0, { signal: probe.signal }), false)
    assert.equal(await idx.StorageTryLock(S, Unsealed, Cache, { signal: probe.signal }), true)
    assert.deepEqual(await idx.StorageGetLocks(), { Locks: [{ Sector: S, Write: [0, 1, 1, 0, 0], Read: [1, 0, 0, 0, 0] }] })

    let got = false
    const r = new AbortController()
    const waiting = idx.StorageLock(S, Sealed, 0, { signal: r.signal }).then(() => { got = true })
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(got, false)
    w.abort()
    await waiting
    assert.equal(got, true)
    // Two readers share; a writer waits for both.
    const r2 = new AbortController()
    assert.equal(await idx.StorageTryLock(S, Sealed, 0, { signal: r2.signal }), true)
    assert.equal(await idx.StorageTryLock(S, 0, Sealed, { signal: new AbortController().signal }), false)
    r.abort()
    r2.abort()
    probe.abort()
    assert.deepEqual(await idx.StorageGetLocks(), { Locks: [] })
  })

  test('a waiter whose signal aborts gives up; no signal is refused', async () => {
    const idx = new SectorIndex()
    const holder = new AbortController()
    await idx.StorageLock(S, 0, Unsealed, { signal: holder.signal })
    const waiter = new AbortController()
    const p = idx.StorageLock(S, Unsealed, 0, { signal: waiter.signal })
    waiter.abort()
    await assert.rejects(p, /context canceled/)
    await assert.rejects(idx.StorageLock(S, Unsealed, 0), /StorageLock needs a signal/)
    assert.equal(await idx.StorageTryLock(S, 0, 0, { signal: holder.signal }), false)
    holder.abort()
  })
})

describe('persistence', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nelumbo-index-'))
  after(() => { rmSync(dir, { recursive: true, force: true }) })

  test('paths and declarations survive a reopen; stale URLs are replaced on re-attach', async () => {
    const file = join(dir, 'md.sqlite')
    let ds = openSqliteDatastore(file)
    const idx = new SectorIndex({ datastore: ds })
    await idx.StorageAttach(info('a', { URLs: ['http://127.0.0.1:1111/remote'] }), stat(GiB))
    await idx.StorageAttach(info('b'), stat(GiB))
    await idx.StorageDeclareSector('a', S, Sealed | Cache, false)
    await idx.StorageDeclareSector('a', S, Sealed, true)
    await idx.StorageDeclareSector('b', sectorId(1000, 2), Unsealed, false)
    await idx.StorageDropSector('a', S, Cache)
    await idx.StorageDetach('b', 'http://b.example:2345/remote')
    ds.close()

    ds = openSqliteDatastore(file)
    const again = new SectorIndex({ datastore: ds })
    assert.deepEqual(await again.StorageList(), { a: [{ SectorID: S, SectorFileType: Sealed }] })
    assert.equal((await again.StorageFindSector(S, Sealed, 0, false))[0]?.Primary, true)
    // Not heard from since the restart: no new data goes there until it re-attaches.
    await assert.rejects(again.StorageBestAlloc(Sealed, 2048, 'storage'), NoGoodPathError)
    await again.StorageAttach(info('a', { URLs: ['http://127.0.0.1:2222/remote'] }), stat(GiB))
    assert.deepEqual((await again.StorageInfo('a')).URLs, ['http://127.0.0.1:2222/remote'])
    assert.equal((await again.StorageBestAlloc(Sealed, 2048, 'storage')).length, 1)
    assert.ok([...ds.keys({ prefix: '/sector-index/decls' })].includes('/sector-index/decls/a/s-t01000-1/sealed'))
    ds.close()
  })
})
