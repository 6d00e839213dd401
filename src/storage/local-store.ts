/**
 * The node's local storage paths (Lotus `paths.Local` plus the manager's add/detach): opens
 * every folder `storage.json` lists, attaches it to the sector index with this node's `/remote`
 * URLs, declares the sector files found on disk, sends heartbeats, keeps `storage.json` in step,
 * and gives sealing jobs file paths and space reservations.
 */
import { existsSync } from 'node:fs'
import { cp, mkdir, readdir, rename, rm } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import type { FsStat, PathType, SectorIndexApi } from '../api/sector-index.js'
import { InvalidInputError, NelumboError } from '../core/errors.js'
import { type SectorId, parseSectorName, sectorName } from '../core/sector/index.js'
import { type Logger, logger } from '../log/index.js'
import { SECTOR_STORE_META_FILE, type StorageConfig, readLocalStorageMeta } from '../repo/storage-config.js'
import {
  PATH_TYPES, type PathFileType, allTypesAllowed, checkFileTypeMask, fileTypeName, fileTypesIn, overheadOf
} from './file-types.js'
import { type StorageFs, isNotFound, nodeStorageFs } from './fs-usage.js'
import { FETCH_TEMP_SUBDIR, LocalPath } from './local-path.js'
import { HEARTBEAT_INTERVAL_MS } from './sector-index.js'

/** `storage.json` access; the repo's `LockedRepo` has both. */
export interface StorageConfigAccess {
  storage: () => StorageConfig
  setStorage: (mutate: (cfg: StorageConfig) => void) => void
}

export type LocalStoreIndex = Pick<SectorIndexApi,
'StorageAttach' | 'StorageDetach' | 'StorageInfo' | 'StorageReportHealth' | 'StorageDeclareSector' |
'StorageDropSector' | 'StorageFindSector' | 'StorageBestAlloc' | 'StorageList'>

export interface LocalStoreDeps {
  index: LocalStoreIndex
  config: StorageConfigAccess
}

export interface LocalStoreOptions {
  /** This node's `/remote` base URLs (`http://<RemoteListenAddress>/remote`), reported for every path. */
  urls: readonly string[]
  /** 0 turns the heartbeat off (tests call `reportHealth()` themselves). */
  heartbeatIntervalMs?: number
  fs?: StorageFs
  log?: Logger
}

/** File paths of a sector per type, and the storage IDs they are in. */
export interface SectorPaths {
  paths: Partial<Record<PathFileType, string>>
  storageIds: Partial<Record<PathFileType, string>>
}

export class PathNotFoundError extends NelumboError {
  constructor (id: string) {
    super('ERR_PATH_NOT_FOUND', `fsstat: path not found: ${id}`)
  }
}

export class LocalStore {
  private readonly paths = new Map<string, LocalPath>()
  private readonly fs: StorageFs
  private readonly log: Logger
  private timer: NodeJS.Timeout | undefined

  private constructor (private readonly deps: LocalStoreDeps, private readonly options: LocalStoreOptions) {
    this.fs = options.fs ?? nodeStorageFs
    this.log = options.log ?? logger('stores')
  }

  /** Opens every path of `storage.json` (declaring what is on disk) and starts the heartbeat. */
  static async open (deps: LocalStoreDeps, options: LocalStoreOptions): Promise<LocalStore> {
    const store = new LocalStore(deps, options)
    for (const [i, p] of (deps.config.storage().StoragePaths ?? []).entries()) {
      try {
        await store.openPath(p.Path)
      } catch (err) {
        throw new NelumboError('ERR_STORAGE_OPEN', `opening path ${JSON.stringify(p.Path)} (storage.json StoragePaths[${i}]): ${(err as Error).message}`, { cause: err })
      }
    }
    const interval = options.heartbeatIntervalMs ?? HEARTBEAT_INTERVAL_MS
    if (interval > 0) {
      store.timer = setInterval(() => { void store.reportHealth() }, interval)
      store.timer.unref()
    }
    return store
  }

  /** Stops the heartbeat. Paths stay declared in the index, as in Lotus. */
  close (): void {
    if (this.timer !== undefined) clearInterval(this.timer)
    this.timer = undefined
  }

  /** Opens a folder holding `sectorstore.json` and attaches it to the index. */
  async openPath (path: string): Promise<void> {
    const p = expandPath(path)
    if (!existsSync(join(p, SECTOR_STORE_META_FILE))) {
      throw new InvalidInputError('ERR_STORAGE_META', `reading storage metadata for ${p}: open ${join(p, SECTOR_STORE_META_FILE)}: no such file or directory`, { value: p })
    }
    const meta = readLocalStorageMeta(p)
    const open = this.paths.get(meta.ID)
    if (open !== undefined) {
      throw new InvalidInputError('ERR_STORAGE_ATTACHED', `path with ID ${meta.ID} already opened: '${open.local}'`, { value: p })
    }
    const lp = new LocalPath(p, meta)
    await this.attach(lp)
    await this.declareSectors(lp, false)
    this.paths.set(meta.ID, lp)
  }

  /** StorageAddLocal: open the path, then list it in `storage.json`. */
  async addLocal (path: string): Promise<void> {
    const p = expandPath(path)
    await this.openPath(p)
    this.deps.config.setStorage((cfg) => { cfg.StoragePaths = [...(cfg.StoragePaths ?? []), { Path: p }] })
  }

  /** StorageDetachLocal: drop the path from `storage.json` and the index; files stay on disk. */
  async detachLocal (path: string): Promise<void> {
    const p = expandPath(path)
    const lp = [...this.paths.values()].find((x) => x.local === p)
    if (lp === undefined) throw new InvalidInputError('ERR_STORAGE_DETACH', `no local paths match '${p}'`, { value: p })
    let found = false
    this.deps.config.setStorage((cfg) => {
      const kept = (cfg.StoragePaths ?? []).filter((x) => expandPath(x.Path) !== p)
      found = kept.length !== (cfg.StoragePaths ?? []).length
      cfg.StoragePaths = kept
    })
    if (!found) throw new InvalidInputError('ERR_STORAGE_DETACH', `path not found in storage.json: ${p}`, { value: p })
    for (const url of this.options.urls) await this.deps.index.StorageDetach(lp.id, url)
    if (this.options.urls.length === 0) await this.deps.index.StorageDetach(lp.id, '')
    this.paths.delete(lp.id)
  }

  /** StorageRedeclareLocal: re-read sectorstore.json and re-declare (and optionally drop) sector files. */
  async redeclare (filterId: string | null, dropMissing: boolean): Promise<void> {
    if (filterId !== null && !this.paths.has(filterId)) {
      throw new InvalidInputError('ERR_STORAGE_ID', `no local path with ID ${filterId}`, { value: filterId, source: 'id' })
    }
    for (const [id, lp] of this.paths) {
      if (filterId !== null && filterId !== id) continue
      const meta = readLocalStorageMeta(lp.local)
      if (meta.ID !== id) {
        this.log.error(`storage path ID changed: ${lp.local}; ${id} -> ${meta.ID}`)
        continue
      }
      lp.meta = meta
      await this.attach(lp)
      await this.declareSectors(lp, dropMissing)
    }
  }

  /** StorageLocal: storage ID → local folder. */
  local (): Record<string, string> {
    return Object.fromEntries([...this.paths].map(([id, p]) => [id, p.local]))
  }

  has (id: string): boolean {
    return this.paths.has(id)
  }

  async fsStat (id: string): Promise<FsStat> {
    const lp = this.paths.get(id)
    if (lp === undefined) throw new PathNotFoundError(id)
    return await lp.stat(this.fs)
  }

  /** Where a sector file lives in a local path. */
  sectorPath (storageId: string, sector: SectorId, fileType: PathFileType): string {
    const lp = this.paths.get(storageId)
    if (lp === undefined) throw new PathNotFoundError(storageId)
    return lp.sectorPath(sector, fileType)
  }

  /** Sends every path's figures to the index (Lotus does this every 10 s). */
  async reportHealth (): Promise<void> {
    for (const [id, lp] of [...this.paths]) {
      let report
      try {
        report = { Stat: await lp.stat(this.fs), Err: '' }
      } catch (err) {
        report = { Stat: { Capacity: 0, Available: 0, FSAvailable: 0, Reserved: 0, Max: 0, Used: 0 }, Err: (err as Error).message }
      }
      try {
        await this.deps.index.StorageReportHealth(id, report)
      } catch (err) {
        this.log.warn({ err }, `error reporting storage health for ${id}`)
      }
    }
  }

  /**
   * Reserves space for files a job is about to write (`kind`: sealing overheads or finalized
   * sizes). Call the returned function when the files are written or the job gave up.
   */
  async reserve (sector: SectorId, sectorSize: number, types: number, storageIds: Partial<Record<PathFileType, string>>, kind: 'seal' | 'finalized'): Promise<() => void> {
    checkFileTypeMask(types, 'reserve types')
    const releases: Array<() => void> = []
    const releaseAll = (): void => { for (const r of releases.splice(0)) r() }
    try {
      for (const t of fileTypesIn(types)) {
        const id = storageIds[t]
        const lp = id === undefined ? undefined : this.paths.get(id)
        if (lp === undefined) throw new PathNotFoundError(id ?? `(none given for ${fileTypeName(t)})`)
        const stat = await lp.stat(this.fs)
        const need = overheadOf(t, sectorSize, kind)
        if (stat.Available < need) {
          throw new NelumboError('ERR_RESERVE_SPACE', `can't reserve ${need} bytes in '${lp.local}' (id:${lp.id}), only ${stat.Available} available`)
        }
        releases.push(lp.addReservation(sector, t, need))
      }
    } catch (err) {
      releaseAll()
      throw err
    }
    return releaseAll
  }

  /**
   * AcquireSector: local paths of the `existing` files, and new paths for the `allocate` types
   * in the best local path the index offers. Nothing is created on disk.
   */
  async acquireSector (sector: SectorId, sectorSize: number, existing: number, allocate: number, pathType: PathType): Promise<SectorPaths> {
    if ((existing & allocate) !== 0) throw new InvalidInputError('ERR_ACQUIRE', "can't both find and allocate a sector", { value: existing & allocate })
    const out: SectorPaths = { paths: {}, storageIds: {} }
    for (const t of fileTypesIn(existing)) {
      for (const info of await this.deps.index.StorageFindSector(sector, t, sectorSize, false)) {
        const lp = this.paths.get(info.ID)
        if (lp === undefined) continue
        out.paths[t] = lp.sectorPath(sector, t)
        out.storageIds[t] = lp.id
        break
      }
    }
    for (const t of fileTypesIn(allocate)) {
      const best = (await this.deps.index.StorageBestAlloc(t, sectorSize, pathType)).find((si) => {
        if (!this.paths.has(si.ID)) return false
        if (pathType === 'sealing' ? !si.CanSeal : !si.CanStore) return false
        return allTypesAllowed(t, si.AllowTypes, si.DenyTypes)
      })
      if (best === undefined) throw new NelumboError('ERR_NO_GOOD_PATH', `couldn't find a suitable path for a sector (${sectorName(sector)}, ${fileTypeName(t)}, ${pathType})`)
      out.paths[t] = this.paths.get(best.ID)!.sectorPath(sector, t)
      out.storageIds[t] = best.ID
    }
    return out
  }

  /** Removes a sector file type from every local path holding it, except `keepIn`. */
  async remove (sector: SectorId, t: PathFileType, force: boolean, keepIn: readonly string[] = []): Promise<void> {
    const found = await this.deps.index.StorageFindSector(sector, t, 0, false)
    if (found.length === 0 && !force) {
      throw new NelumboError('ERR_SECTOR_NOT_FOUND', `can't delete sector ${sectorName(sector)}(${fileTypeName(t)}), not found`)
    }
    for (const info of found) {
      if (keepIn.includes(info.ID)) continue
      const lp = this.paths.get(info.ID)
      if (lp === undefined) continue
      await this.deps.index.StorageDropSector(info.ID, sector, t)
      this.log.info(`remove ${lp.sectorPath(sector, t)}`)
      await rm(lp.sectorPath(sector, t), { recursive: true, force: true })
    }
    await this.reportHealth()
  }

  /** MoveStorage: move the types from sealing-only paths into the best storage path. */
  async moveStorage (sector: SectorId, sectorSize: number, types: number): Promise<void> {
    const dest = await this.acquireSector(sector, sectorSize, 0, types, 'storage')
    const src = await this.acquireSector(sector, sectorSize, types, 0, 'storage')
    for (const t of fileTypesIn(types)) {
      const srcId = src.storageIds[t]
      const dstId = dest.storageIds[t]
      if (srcId === undefined || dstId === undefined || srcId === dstId) continue
      if (this.paths.get(srcId)?.meta.CanStore === true) continue
      await this.deps.index.StorageDropSector(srcId, sector, t)
      await moveFile(src.paths[t]!, dest.paths[t]!)
      await this.deps.index.StorageDeclareSector(dstId, sector, t, true)
    }
    await this.reportHealth()
  }

  private async attach (lp: LocalPath): Promise<void> {
    const m = lp.meta
    await this.deps.index.StorageAttach({
      ID: m.ID,
      URLs: [...this.options.urls],
      Weight: m.Weight,
      MaxStorage: m.MaxStorage,
      CanSeal: m.CanSeal,
      CanStore: m.CanStore,
      Groups: m.Groups ?? [],
      AllowTo: m.AllowTo ?? [],
      AllowTypes: m.AllowTypes ?? [],
      DenyTypes: m.DenyTypes ?? []
    }, await lp.stat(this.fs))
  }

  /** Declares every sector file on disk; creates missing type folders (the path layout). */
  private async declareSectors (lp: LocalPath, dropMissing: boolean): Promise<void> {
    const indexed = new Map<string, { sector: SectorId, t: PathFileType }>()
    if (dropMissing) {
      for (const d of (await this.deps.index.StorageList())[lp.id] ?? []) {
        for (const t of fileTypesIn(d.SectorFileType)) indexed.set(`${sectorName(d.SectorID)}/${t}`, { sector: d.SectorID, t })
      }
    }
    for (const t of PATH_TYPES) {
      const dir = join(lp.local, fileTypeName(t))
      let names: string[]
      try {
        names = await readdir(dir)
      } catch (err) {
        if (!isNotFound(err)) throw err
        await mkdir(dir, { recursive: true, mode: 0o755 })
        continue
      }
      for (const name of names) {
        if (name === FETCH_TEMP_SUBDIR) continue
        const sector = parseSectorName(name, join(dir, name))
        indexed.delete(`${name}/${t}`)
        await this.deps.index.StorageDeclareSector(lp.id, sector, t, lp.meta.CanStore)
      }
    }
    if (indexed.size > 0) this.log.warn({ count: indexed.size, dropMissing }, 'index contains sectors which are missing in the storage path')
    if (!dropMissing) return
    for (const { sector, t } of indexed.values()) await this.deps.index.StorageDropSector(lp.id, sector, t)
  }
}

/** `~/x` → home, then absolute, as Lotus's homedir.Expand + filepath.Abs. */
export function expandPath (p: string): string {
  if (p === '~') return homedir()
  if (p.startsWith('~/')) return join(homedir(), p.slice(2))
  return resolve(p)
}

async function moveFile (from: string, to: string): Promise<void> {
  await mkdir(dirname(to), { recursive: true })
  try {
    await rename(from, to)
  } catch (err) {
    // Across filesystems a rename fails; copy then delete, as Lotus's `move` does with mv.
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err
    await cp(from, to, { recursive: true })
    await rm(from, { recursive: true, force: true })
  }
}
