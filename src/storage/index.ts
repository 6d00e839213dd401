/**
 * Sector storage: local storage paths (`sectorstore.json`, `storage.json`, the
 * `unsealed/ sealed/ cache/ update/ update-cache/` layout, space and reservations), the sector
 * index (`SectorIndexContract`), and the `/remote` HTTP API with its client.
 *
 * ```ts
 * const index = new SectorIndex({ datastore: lr.metadata() })
 * const local = await LocalStore.open({ index, config: lr }, { urls: ['http://127.0.0.1:2345/remote'] })
 * const remote = new RemoteStore({ index, local }, { token })
 * const api = createStorageApi({ index, local, remote })          // serve with StorageContract
 * router.mount('/remote', remoteHandler({ local, authorize }), { prefix: true })
 * ```
 */
export {
  FT_ALL, PATH_TYPES, type PathFileType, allTypesAllowed, anyTypeAllowed, deniedTypes, fileTypeFromName, fileTypeName,
  fileTypesIn, sealSpaceUse, storeSpaceUse
} from './file-types.js'
export { type FsFigures, type StorageFs, diskUsage, nodeStorageFs, statFilesystem } from './fs-usage.js'
export { IndexLocks, LockAbortedError } from './index-locks.js'
export { SECTOR_INDEX_PREFIX } from './index-store.js'
export { type InitStoragePathOptions, initStoragePath } from './init-path.js'
export { FETCH_TEMP_SUBDIR } from './local-path.js'
export {
  LocalStore, type LocalStoreDeps, type LocalStoreIndex, type LocalStoreOptions, PathNotFoundError, type SectorPaths,
  type StorageConfigAccess, expandPath
} from './local-store.js'
export { type RemoteHandlerDeps, type RemoteHandlerOptions, remoteHandler } from './remote-handler.js'
export { RemoteFetchError, RemoteStore, type RemoteStoreDeps, type RemoteStoreOptions } from './remote-store.js'
export {
  HEARTBEAT_INTERVAL_MS, NoGoodPathError, SKIPPED_HEARTBEAT_THRESHOLD_MS, SectorIndex, type SectorIndexOptions,
  StorageNotFoundError, sectorFileUrl
} from './sector-index.js'
export { type StorageApiDeps, callScopedLocks, createStorageApi } from './storage-api.js'
export { extractTar, tarDirectory } from './tar.js'
