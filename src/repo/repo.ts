/**
 * A node's repo folder, laid out as Lotus's fsrepo:
 *
 *   config.toml   commented defaults at init; rewritten plain by setConfig
 *   api           listen multiaddr, no newline, 0644; removed at clean close
 *   token         all-permission JWT, 0600; written only when the API secret is first made
 *   keystore/     0700, one 0600 file per key (keystore.ts)
 *   datastore/    metadata.sqlite (datastore.ts)
 *   repo.lock     exclusive lock while a process has the repo open (lock.ts)
 *   storage.json  sector storage paths (storage-config.ts)
 *
 * "Exists" means datastore/ or keystore/ is present; config.toml alone does not count.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { NelumboError } from '../core/errors.js'
import { writeFileAtomicSync } from './atomic-file.js'
import { fullNodeConfigSchema, type FullNodeConfig } from './config/fullnode.js'
import { loadConfig, type LoadConfigOptions } from './config/load.js'
import { minerConfigSchema, type MinerConfig } from './config/miner.js'
import { encodeConfigToml, renderConfig } from './config/render.js'
import { defaultsOf, type ConfigSchema } from './config/schema.js'
import { DATASTORE_DIR, openRepoDatastore, type Datastore, type SqliteDatastore } from './datastore.js'
import { RepoClosedError, RepoExistsError, RepoNotInitializedError } from './errors.js'
import { METADATA_NAMESPACE } from './keys.js'
import { Keystore } from './keystore.js'
import { lockRepo, type RepoLock } from './lock.js'
import { expandHome, repoTypes, resolveRepoPath, type RepoType } from './paths.js'
import { STORAGE_CONFIG_FILE, readStorageConfig, writeStorageConfig, type StorageConfig } from './storage-config.js'

export const CONFIG_FILE = 'config.toml'
export const API_FILE = 'api'
export const TOKEN_FILE = 'token'
export const KEYSTORE_DIR = 'keystore'

/** The typed config of a repo type (a markets repo reads the miner schema). */
export type ConfigFor<T extends RepoType> = T extends 'FullNode' ? FullNodeConfig : MinerConfig

export function configSchemaFor (type: RepoType): ConfigSchema {
  return repoTypes[type].configType === 'FullNode' ? fullNodeConfigSchema : minerConfigSchema
}

/** Lotus ErrNoAPIEndpoint: the repo exists but no node is serving from it. */
export class NoApiEndpointError extends NelumboError {
  constructor (readonly repoPath: string) {
    super('ERR_NO_API_ENDPOINT', 'API not running (no endpoint)')
  }
}

export class FsRepo<T extends RepoType = RepoType> {
  readonly path: string
  readonly type: T
  readonly configPath: string

  /** `path` may start with `~`. `configPath` overrides `<path>/config.toml`. */
  constructor (type: T, path: string, opts: { configPath?: string } = {}) {
    this.type = type
    this.path = expandHome(path)
    this.configPath = opts.configPath ?? join(this.path, CONFIG_FILE)
  }

  /** The repo of `type` at the explicit path, else from its environment variables, else the default. */
  static resolve<T extends RepoType> (type: T, opts: { explicit?: string, env?: NodeJS.ProcessEnv } = {}): FsRepo<T> {
    return new FsRepo(type, resolveRepoPath(type, opts).path)
  }

  exists (): boolean {
    return existsSync(join(this.path, DATASTORE_DIR)) || existsSync(join(this.path, KEYSTORE_DIR))
  }

  /** Creates the folder, a commented default config.toml (kept if one is already there) and keystore/. */
  init (): void {
    if (this.exists()) throw new RepoExistsError(this.path)
    mkdirSync(this.path, { recursive: true, mode: 0o755 })
    if (!existsSync(this.configPath)) {
      const schema = configSchemaFor(this.type)
      writeFileAtomicSync(this.configPath, renderConfig(schema, defaultsOf(schema), { commented: true }), 0o644)
    }
    Keystore.create(join(this.path, KEYSTORE_DIR))
  }

  /** Takes the repo lock; throws RepoAlreadyLockedError if another process (or handle) has it. */
  open (opts: { readonly?: boolean } = {}): LockedRepo<T> {
    if (!this.exists()) throw new RepoNotInitializedError(this.path)
    return new LockedRepo(this, lockRepo(this.path), opts.readonly ?? false)
  }

  /** `config.toml` with environment overrides, read without the lock (to decide how to run the repo). */
  readConfig (): ConfigFor<T> {
    return loadConfig(this.configPath, configSchemaFor(this.type)) as ConfigFor<T>
  }

  /** Contents of the `api` file, trimmed (what the CLI dials). */
  apiEndpoint (): string {
    try {
      return readFileSync(join(this.path, API_FILE), 'utf8').trim()
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ENOENT') throw new NoApiEndpointError(this.path)
      throw err
    }
  }

  /** Contents of the `token` file, trimmed; undefined when there is none. */
  apiToken (): string | undefined {
    try {
      return readFileSync(join(this.path, TOKEN_FILE), 'utf8').trim()
    } catch (err) {
      if ((err as { code?: unknown }).code === 'ENOENT') return undefined
      throw err
    }
  }
}

/** An open, locked repo. Close it to remove `api` and release the lock. */
export class LockedRepo<T extends RepoType = RepoType> {
  readonly path: string
  readonly type: T
  readonly readonly: boolean
  private readonly repo: FsRepo<T>
  private lock: RepoLock | undefined
  private ds: SqliteDatastore | undefined
  private ks: Keystore | undefined

  constructor (repo: FsRepo<T>, lock: RepoLock, readonly: boolean) {
    this.repo = repo
    this.path = repo.path
    this.type = repo.type
    this.lock = lock
    this.readonly = readonly
  }

  private valid (): void {
    if (this.lock === undefined) throw new RepoClosedError()
  }

  get configPath (): string {
    return this.repo.configPath
  }

  /** Reads config.toml onto the defaults, then `LOTUS_*` overrides (see config/load.ts). */
  config (opts: LoadConfigOptions = {}): ConfigFor<T> {
    return loadConfig(this.repo.configPath, configSchemaFor(this.type), opts) as ConfigFor<T>
  }

  /** Lotus SetConfig: load from disk (no env overrides), change, write back as plain TOML (comments are dropped). */
  setConfig (mutate: (cfg: ConfigFor<T>) => void): void {
    this.valid()
    const schema = configSchemaFor(this.type)
    const cfg = loadConfig(this.repo.configPath, schema, { env: false }) as ConfigFor<T>
    mutate(cfg)
    writeFileAtomicSync(this.repo.configPath, encodeConfigToml(schema, cfg as never), 0o644)
  }

  /** `storage.json`; an empty config when the file does not exist. */
  storage (): StorageConfig {
    const file = join(this.path, STORAGE_CONFIG_FILE)
    if (!existsSync(file)) return { StoragePaths: null }
    return readStorageConfig(file)
  }

  setStorage (mutate: (cfg: StorageConfig) => void): void {
    this.valid()
    const cfg = this.storage()
    mutate(cfg)
    writeStorageConfig(join(this.path, STORAGE_CONFIG_FILE), cfg)
  }

  /** Writes the `api` file: the listen multiaddr, no newline, mode 0644. */
  setApiEndpoint (multiaddr: string): void {
    this.valid()
    if (!multiaddr.startsWith('/')) {
      throw new NelumboError('ERR_INVALID_MULTIADDR', `API endpoint must be a multiaddr such as /ip4/127.0.0.1/tcp/1234/http, got ${JSON.stringify(multiaddr)}`)
    }
    writeFileAtomicSync(join(this.path, API_FILE), multiaddr, 0o644)
  }

  /** Writes the `token` file, mode 0600. Call it only when the API secret was just generated, as Lotus does. */
  setApiToken (token: string | Uint8Array): void {
    this.valid()
    writeFileAtomicSync(join(this.path, TOKEN_FILE), token, 0o600)
  }

  keystore (): Keystore {
    this.valid()
    this.ks ??= new Keystore(join(this.path, KEYSTORE_DIR))
    return this.ks
  }

  /** The whole SQLite datastore (all namespaces); opened on first use. */
  datastore (): SqliteDatastore {
    this.valid()
    this.ds ??= openRepoDatastore(this.path)
    return this.ds
  }

  /** The `/metadata` namespace: what Lotus calls the metadata datastore, and what backups hold. */
  metadata (): Datastore {
    return this.datastore().namespace(METADATA_NAMESPACE)
  }

  /** Removes `api`, closes the datastore and releases the lock. Safe to call twice. */
  close (): void {
    if (this.lock === undefined) return
    rmSync(join(this.path, API_FILE), { force: true })
    this.ds?.close()
    this.ds = undefined
    this.lock.release()
    this.lock = undefined
  }
}

/** Mode bits of a repo file, for checks and tests. */
export function fileMode (path: string): number {
  return statSync(path).mode & 0o777
}
