/**
 * Repos: the folder each node keeps its state in (config.toml, keystore, metadata datastore,
 * api/token files, lock), plus the Lotus backup format.
 *
 * @example
 * ```ts
 * const repo = FsRepo.resolve('StorageMiner')          // LOTUS_MINER_PATH or ~/.lotusminer
 * if (!repo.exists()) repo.init()
 * const lr = repo.open()                               // repo.lock: one process at a time
 * const cfg = lr.config()                              // MinerConfig
 * lr.metadata().put('/miner-address', bytes)
 * lr.close()
 * ```
 */
export * from './errors.js'
export * from './paths.js'
export { FsRepo, LockedRepo, NoApiEndpointError, configSchemaFor, fileMode, type ConfigFor, CONFIG_FILE, API_FILE, TOKEN_FILE, KEYSTORE_DIR } from './repo.js'
export { lockRepo, REPO_LOCK_FILE, type RepoLock } from './lock.js'
export * from './keystore.js'
export * from './storage-config.js'
export * from './datastore.js'
export * from './keys.js'
export * from './backup.js'
export { writeFileAtomicSync } from './atomic-file.js'
export * from './config/index.js'
