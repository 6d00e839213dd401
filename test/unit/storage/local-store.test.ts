import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { SectorFileType, sectorId } from '../../../src/core/sector/index.js'
import { type StorageConfig, readStorageConfig, writeStorageConfig } from '../../../src/repo/storage-config.js'
import { LocalStore, SectorIndex, type StorageFs, initStoragePath, diskUsage } from '../../../src/storage/index.js'

const { Unsealed, Sealed, Cache } = SectorFileType
const S = sectorId(1000, 7)
const root = mkdtempSync(join(tmpdir(), 'nelumbo-local-'))
after(() => { rmSync(root, { recursive: true, force: true }) })

let n = 0
function fresh (): { repo: string, config: { storage: () => StorageConfig, setStorage: (m: (c: StorageConfig) => void) => void } } {
  const repo = join(root, `repo-${++n}`)
  mkdirSync(repo, { recursive: true })
  const file = join(repo, 'storage.json')
  return {
    repo,
    config: {
      storage: () => existsSync(file) ? readStorageConfig(file) : { StoragePaths: null },
      setStorage: (m) => {
        const cfg = existsSync(file) ? readStorageConfig(file) : { StoragePaths: null }
        m(cfg)
        writeStorageConfig(file, cfg)
      }
    }
  }
}

/** A filesystem with a fixed capacity whose free space is what the files really use. */
function fakeFs (capacity: number): StorageFs {
  return {
    statFs: async (p) => {
      const used = await diskUsage(p)
      return { Capacity: capacity, Available: capacity - used, FSAvailable: capacity - used }
    },
    diskUsage
  }
}

describe('storage attach', () => {
  test('--init writes sectorstore.json; attach lists the path in storage.json and the index', async () => {
    const { repo, config } = fresh()
    const p = join(repo, 'seal')
    const meta = initStoragePath(p, { seal: true, weight: 20, maxStorage: 1 << 20, groups: ['g1'] })
    const written = JSON.parse(readFileSync(join(p, 'sectorstore.json'), 'utf8')) as Record<string, unknown>
    assert.deepEqual(Object.keys(written), ['ID', 'Weight', 'CanSeal', 'CanStore', 'MaxStorage', 'Groups', 'AllowTo', 'AllowTypes', 'DenyTypes'])
    assert.match(meta.ID, /^[0-9a-f-]{36}$/)
    assert.deepEqual([written.Weight, written.CanSeal, written.CanStore, written.Groups, written.AllowTo], [20, true, false, ['g1'], null])
    assert.throws(() => initStoragePath(p, { seal: true }), /path is already initialized/)
    assert.throws(() => initStoragePath(join(repo, 'x'), {}), /must specify at least one of --store or --seal/)

    const index = new SectorIndex()
    const store = await LocalStore.open({ index, config }, { urls: ['http://127.0.0.1:1/remote'], heartbeatIntervalMs: 0 })
    await store.addLocal(p)
    assert.deepEqual(config.storage(), { StoragePaths: [{ Path: p }] })
    assert.deepEqual(store.local(), { [meta.ID]: p })
    const si = await index.StorageInfo(meta.ID)
    assert.deepEqual([si.Weight, si.CanSeal, si.CanStore, si.MaxStorage, si.Groups, si.URLs], [20, true, false, 1 << 20, ['g1'], ['http://127.0.0.1:1/remote']])
    for (const d of ['unsealed', 'sealed', 'cache', 'update', 'update-cache']) assert.ok(existsSync(join(p, d)), d)

    await assert.rejects(store.addLocal(p), new RegExp(`path with ID ${meta.ID} already opened: '${p}'`))
    const bare = join(repo, 'bare')
    mkdirSync(bare)
    await assert.rejects(store.addLocal(bare), /reading storage metadata for .*bare: open .*sectorstore.json: no such file or directory/)
    assert.equal(config.storage().StoragePaths?.length, 1)
    store.close()
  })

  test('open declares files on disk; detach and redeclare --drop-missing', async () => {
    const { repo, config } = fresh()
    const p = join(repo, 'store')
    const { ID } = initStoragePath(p, { store: true })
    mkdirSync(join(p, 'sealed'), { recursive: true })
    mkdirSync(join(p, 'cache', 's-t01000-7'), { recursive: true })
    writeFileSync(join(p, 'sealed', 's-t01000-7'), Buffer.alloc(2048))
    mkdirSync(join(p, 'sealed', '.fetch'))
    config.setStorage((c) => { c.StoragePaths = [{ Path: p }] })

    const index = new SectorIndex()
    const store = await LocalStore.open({ index, config }, { urls: [], heartbeatIntervalMs: 0 })
    assert.deepEqual(await index.StorageList(), { [ID]: [{ SectorID: S, SectorFileType: Sealed | Cache }] })
    assert.equal((await index.StorageFindSector(S, Sealed, 0, false))[0]?.Primary, true)

    rmSync(join(p, 'cache', 's-t01000-7'), { recursive: true })
    await store.redeclare(null, false)
    assert.equal((await index.StorageList())[ID]?.[0]?.SectorFileType, Sealed | Cache)
    await store.redeclare(ID, true)
    assert.equal((await index.StorageList())[ID]?.[0]?.SectorFileType, Sealed)
    await assert.rejects(store.redeclare('nope', false), /no local path with ID nope/)

    await assert.rejects(store.detachLocal(join(repo, 'other')), /no local paths match/)
    await store.detachLocal(p)
    assert.deepEqual(config.storage(), { StoragePaths: [] })
    assert.deepEqual(await index.StorageList(), {})
    assert.ok(existsSync(join(p, 'sealed', 's-t01000-7')), 'files stay on disk')
    store.close()
  })

  test('a bad storage.json entry names the entry', async () => {
    const { repo, config } = fresh()
    config.setStorage((c) => { c.StoragePaths = [{ Path: join(repo, 'missing') }] })
    await assert.rejects(LocalStore.open({ index: new SectorIndex(), config }, { urls: [], heartbeatIntervalMs: 0 }),
      /opening path ".*missing" \(storage.json StoragePaths\[0\]\): reading storage metadata/)
  })
})

describe('space', () => {
  test('reservations shrink Available, net of the files written, and are released', async () => {
    const { repo, config } = fresh()
    const p = join(repo, 'seal')
    const { ID } = initStoragePath(p, { seal: true, store: true })
    const index = new SectorIndex()
    const store = await LocalStore.open({ index, config }, { urls: [], heartbeatIntervalMs: 0, fs: fakeFs(10 << 20) })
    await store.addLocal(p)
    const before = await store.fsStat(ID)
    assert.equal(before.Reserved, 0)

    const size = 1 << 20
    const { paths, storageIds } = await store.acquireSector(S, size, 0, Unsealed | Sealed, 'sealing')
    assert.equal(paths[Sealed], join(p, 'sealed', 's-t01000-7'))
    assert.deepEqual(storageIds, { [Unsealed]: ID, [Sealed]: ID })
    const release = await store.reserve(S, size, Unsealed | Sealed, storageIds, 'seal')
    let st = await store.fsStat(ID)
    assert.equal(st.Reserved, 2 * size)
    assert.equal(st.Available, before.Available - 2 * size)

    writeFileSync(paths[Unsealed]!, Buffer.alloc(size, 1))
    st = await store.fsStat(ID)
    assert.ok(st.Reserved <= size + 4096, `written bytes are no longer reserved (${st.Reserved})`)
    await assert.rejects(store.reserve(sectorId(1000, 8), 64 << 20, Sealed, storageIds, 'seal'), /can't reserve 67108864 bytes in '.*' \(id:.*\), only \d+ available/)
    release()
    release()
    assert.equal((await store.fsStat(ID)).Reserved, 0)
    await store.reportHealth()
    assert.equal((await index.StorageBestAlloc(Sealed, size, 'sealing'))[0]?.ID, ID)
    store.close()
  })

  test('MaxStorage caps Available and reports Max/Used', async () => {
    const { repo, config } = fresh()
    const p = join(repo, 'limited')
    const { ID } = initStoragePath(p, { store: true, maxStorage: 1 << 20 })
    const store = await LocalStore.open({ index: new SectorIndex(), config }, { urls: [], heartbeatIntervalMs: 0, fs: fakeFs(100 << 20) })
    await store.addLocal(p)
    writeFileSync(join(p, 'sealed', 's-t01000-1'), Buffer.alloc(256 << 10, 1))
    const st = await store.fsStat(ID)
    assert.equal(st.Max, 1 << 20)
    assert.ok(st.Used >= 256 << 10)
    assert.equal(st.Available, (1 << 20) - st.Used)
    store.close()
  })

  test('moveStorage moves finalized files from a seal-only path to a store path', async () => {
    const { repo, config } = fresh()
    const seal = join(repo, 'seal')
    const store = join(repo, 'store')
    const a = initStoragePath(seal, { seal: true })
    const b = initStoragePath(store, { store: true })
    const index = new SectorIndex()
    const ls = await LocalStore.open({ index, config }, { urls: [], heartbeatIntervalMs: 0 })
    await ls.addLocal(seal)
    await ls.addLocal(store)
    writeFileSync(join(seal, 'sealed', 's-t01000-7'), 'sealed')
    mkdirSync(join(seal, 'cache', 's-t01000-7'))
    writeFileSync(join(seal, 'cache', 's-t01000-7', 'p_aux'), 'aux')
    await index.StorageDeclareSector(a.ID, S, Sealed | Cache, false)
    await ls.moveStorage(S, 2048, Sealed | Cache)
    assert.equal(readFileSync(join(store, 'cache', 's-t01000-7', 'p_aux'), 'utf8'), 'aux')
    assert.ok(!existsSync(join(seal, 'sealed', 's-t01000-7')))
    assert.deepEqual(await index.StorageList(), { [a.ID]: [], [b.ID]: [{ SectorID: S, SectorFileType: Sealed | Cache }] })
    await ls.remove(S, Cache, false)
    assert.ok(!existsSync(join(store, 'cache', 's-t01000-7')))
    await assert.rejects(ls.remove(S, Cache, false), /can't delete sector s-t01000-7\(cache\), not found/)
    ls.close()
  })
})
