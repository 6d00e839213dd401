// Compliance suite for the storage API (SectorIndexContract + StorageLocalContract): the same
// checks run against the in-process implementation and a JSON-RPC client of it, which is what
// shows that a markets node wired to the index over RPC sees what an in-process caller sees.
import { afterEach, beforeEach, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { join } from 'node:path'
import type { FsStat, StorageApi, StorageInfo } from '../../../src/api/sector-index.js'
import { SectorFileType, sectorId } from '../../../src/core/sector/index.js'
import { type SectorIndex, initStoragePath } from '../../../src/storage/index.js'

export interface ComplianceEnv {
  /** The API under test. */
  api: StorageApi
  /** The index behind it, to hold locks the way another in-process subsystem would. */
  index: SectorIndex
  /** A folder where new storage paths may be made. */
  dir: string
  remoteUrl: string
  teardown: () => Promise<void>
}

const { Unsealed, Sealed, Cache } = SectorFileType
const S = sectorId(1000, 3)
const GiB = 2 ** 30

function remoteInfo (id: string, over: Partial<StorageInfo> = {}): StorageInfo {
  return {
    ID: id, URLs: [`http://10.0.0.9:2345/remote`], Weight: 10, MaxStorage: 0, CanSeal: false, CanStore: true,
    Groups: [], AllowTo: [], AllowTypes: [], DenyTypes: [], ...over
  }
}
const stat = (a: number): FsStat => ({ Capacity: 10 * GiB, Available: a, FSAvailable: a, Reserved: 0, Max: 0, Used: 0 })

export function storageCompliance (name: string, setup: () => Promise<ComplianceEnv>): void {
  describe(`storage API compliance: ${name}`, () => {
    let env: ComplianceEnv
    let n = 0
    beforeEach(async () => { env = await setup() })
    afterEach(async () => { await env.teardown() })

    test('attach, info, best alloc, declare, find, list, drop, detach', async () => {
      const { api } = env
      await api.StorageAttach(remoteInfo('r1', { Weight: 50 }), stat(5 * GiB))
      await api.StorageAttach(remoteInfo('r2', { CanSeal: true, Groups: ['g'] }), stat(5 * GiB))
      assert.deepEqual(await api.StorageInfo('r1'), remoteInfo('r1', { Weight: 50 }))
      assert.deepEqual((await api.StorageBestAlloc(Sealed, 2048, 'storage')).map((i) => i.ID), ['r1', 'r2'])
      assert.deepEqual((await api.StorageBestAlloc(Sealed, 2048, 'sealing')).map((i) => i.ID), ['r2'])

      await api.StorageDeclareSector('r1', S, Sealed | Cache, true)
      const found = await api.StorageFindSector(S, Sealed, 2048, false)
      assert.deepEqual(found, [{
        ID: 'r1', URLs: ['http://10.0.0.9:2345/remote/sealed/s-t01000-3'], BaseURLs: ['http://10.0.0.9:2345/remote'],
        Weight: 50, CanSeal: false, CanStore: true, Primary: true, AllowTypes: [], DenyTypes: []
      }])
      assert.deepEqual((await api.StorageFindSector(S, Sealed, 2048, true)).map((f) => f.ID), ['r1', 'r2'])
      assert.deepEqual((await api.StorageList()).r1, [{ SectorID: S, SectorFileType: Sealed | Cache }])
      await api.StorageDropSector('r1', S, Sealed)
      assert.deepEqual((await api.StorageList()).r1, [{ SectorID: S, SectorFileType: Cache }])
      await api.StorageReportHealth('r1', { Stat: stat(1), Err: '' })
      assert.deepEqual((await api.StorageBestAlloc(Sealed, 2048, 'storage')).map((i) => i.ID), ['r2'])
      await api.StorageDetach('r1', 'http://10.0.0.9:2345/remote')
      assert.equal((await api.StorageList()).r1, undefined)
    })

    test('errors carry Lotus messages', async () => {
      const { api } = env
      await assert.rejects(api.StorageInfo('nope'), /sector store not found/)
      await assert.rejects(api.StorageDetach('nope', ''), /storage 'nope' isn't registered/)
      await assert.rejects(api.StorageBestAlloc(Sealed, 2048, 'sealing'), /no good path found/)
      await assert.rejects(api.StorageAddLocal(join(env.dir, 'nowhere')), /reading storage metadata for .*nowhere/)
      await assert.rejects(api.StorageDetachLocal(join(env.dir, 'nowhere')), /no local paths match/)
    })

    test('locks held elsewhere are seen: try-lock, wait, get-locks', async () => {
      const { api, index } = env
      const holder = new AbortController()
      await index.StorageLock(S, 0, Unsealed, { signal: holder.signal })
      const mine = new AbortController()
      assert.equal(await api.StorageTryLock(S, Unsealed, 0, { signal: mine.signal }), false)
      assert.deepEqual(await api.StorageGetLocks(), { Locks: [{ Sector: S, Write: [1, 0, 0, 0, 0], Read: [0, 0, 0, 0, 0] }] })
      let done = false
      const waiting = api.StorageLock(S, Unsealed, 0, { signal: mine.signal }).then(() => { done = true })
      await new Promise((resolve) => setTimeout(resolve, 50))
      assert.equal(done, false)
      holder.abort()
      await waiting
      assert.equal(await api.StorageTryLock(S, Sealed, 0, { signal: mine.signal }), true)
      mine.abort()
      assert.equal(await index.StorageTryLock(S, 0, Unsealed | Sealed, { signal: new AbortController().signal }), true)
    })

    test('local paths: add, local, stat, redeclare, detach', async () => {
      const { api } = env
      const p = join(env.dir, `path-${++n}`)
      const { ID } = initStoragePath(p, { seal: true, store: true, weight: 7 })
      await api.StorageAddLocal(p)
      await assert.rejects(api.StorageAddLocal(p), new RegExp(`path with ID ${ID} already opened`))
      assert.deepEqual(await api.StorageLocal(), { [ID]: p })
      const info = await api.StorageInfo(ID)
      assert.deepEqual([info.Weight, info.URLs], [7, [env.remoteUrl]])
      const st = await api.StorageStat(ID)
      assert.ok(st.Capacity > 0 && st.Available > 0 && st.Reserved === 0, JSON.stringify(st))
      await api.StorageRedeclareLocal(null, true)
      await api.StorageRedeclareLocal(ID, false)
      await api.StorageDetachLocal(p)
      assert.deepEqual(await api.StorageLocal(), {})
      await assert.rejects(api.StorageInfo(ID), /sector store not found/)
    })
  })
}
