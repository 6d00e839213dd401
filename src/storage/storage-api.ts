/**
 * The miner's storage API in one object: the sector index plus its local paths, served on
 * `/rpc/v0` (every method admin). Without local storage (a markets node without paths) the
 * local-path methods fail with Lotus's `no storage manager`.
 */
import type { CallOptions } from '../api/contract.js'
import type { SectorIndexApi, StorageApi } from '../api/sector-index.js'
import { NelumboError } from '../core/errors.js'
import type { LocalStore } from './local-store.js'
import type { RemoteStore } from './remote-store.js'

export interface StorageApiDeps {
  index: SectorIndexApi
  local?: Pick<LocalStore, 'local' | 'addLocal' | 'detachLocal' | 'redeclare'>
  remote: Pick<RemoteStore, 'fsStat'>
}

export function createStorageApi (deps: StorageApiDeps): StorageApi {
  const { index, local, remote } = deps
  const manager = (): NonNullable<StorageApiDeps['local']> => {
    if (local === undefined) throw new NelumboError('ERR_NO_STORAGE_MANAGER', 'no storage manager')
    return local
  }
  return {
    StorageAttach: async (si, st) => { await index.StorageAttach(si, st) },
    StorageDetach: async (id, url) => { await index.StorageDetach(id, url) },
    StorageInfo: async (id) => await index.StorageInfo(id),
    StorageReportHealth: async (id, r) => { await index.StorageReportHealth(id, r) },
    StorageDeclareSector: async (id, s, ft, primary) => { await index.StorageDeclareSector(id, s, ft, primary) },
    StorageDropSector: async (id, s, ft) => { await index.StorageDropSector(id, s, ft) },
    StorageFindSector: async (s, ft, ssize, allowFetch) => await index.StorageFindSector(s, ft, ssize, allowFetch),
    StorageBestAlloc: async (ft, ssize, pt) => await index.StorageBestAlloc(ft, ssize, pt),
    StorageLock: async (s, r, w, o?: CallOptions) => { await index.StorageLock(s, r, w, o) },
    StorageTryLock: async (s, r, w, o?: CallOptions) => await index.StorageTryLock(s, r, w, o),
    StorageGetLocks: async () => await index.StorageGetLocks(),
    StorageList: async () => await index.StorageList(),
    StorageLocal: async () => local?.local() ?? {},
    StorageStat: async (id) => await remote.fsStat(id),
    StorageAddLocal: async (path) => { await manager().addLocal(path) },
    StorageDetachLocal: async (path) => { await manager().detachLocal(path) },
    StorageRedeclareLocal: async (id, dropMissing) => { await manager().redeclare(id, dropMissing) }
  }
}

/**
 * For serving over JSON-RPC: a lock taken by a remote caller lasts only as long as its call,
 * as go-jsonrpc cancels a call's context when the call returns. Without this a lock taken over
 * HTTP would never be released. In-process callers keep their own signal's lifetime.
 */
export function callScopedLocks<T extends Pick<SectorIndexApi, 'StorageLock' | 'StorageTryLock'>> (api: T): T {
  const scoped = async <R>(options: CallOptions | undefined, run: (signal: AbortSignal) => Promise<R>): Promise<R> => {
    const ctl = new AbortController()
    const outer = options?.signal
    const abort = (): void => { ctl.abort() }
    outer?.addEventListener('abort', abort, { once: true })
    try {
      return await run(ctl.signal)
    } finally {
      outer?.removeEventListener('abort', abort)
      ctl.abort()
    }
  }
  return {
    ...api,
    StorageLock: async (s, r, w, o?: CallOptions) => { await scoped(o, async (signal) => { await api.StorageLock(s, r, w, { signal }) }) },
    StorageTryLock: async (s, r, w, o?: CallOptions) => await scoped(o, async (signal) => await api.StorageTryLock(s, r, w, { signal }))
  }
}
