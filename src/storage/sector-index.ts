/**
 * The sector index (Lotus `paths.Index`): which storage paths exist (with their URLs, weight,
 * seal/store use, groups and type filters), which path holds which file of which sector, the
 * paths' heartbeats, and per-sector file locks. With a datastore its paths and declarations
 * survive a restart (`index-store.ts` documents the keys).
 */
import { type CallOptions } from '../api/contract.js'
import {
  type Decl, type FsStat, type HealthReport, type PathType, type SectorIndexApi, type SectorLocks,
  type SectorStorageInfo, type StorageInfo, checkStorageId
} from '../api/sector-index.js'
import { InvalidInputError, NelumboError } from '../core/errors.js'
import { type SectorId, sectorName } from '../core/sector/index.js'
import { type Logger, logger } from '../log/index.js'
import type { Datastore } from '../repo/datastore.js'
import {
  type PathFileType, allTypesAllowed, anyTypeAllowed, checkFileTypeMask, fileTypeName, fileTypesIn,
  sealSpaceUse, storeSpaceUse, validTypeNames
} from './file-types.js'
import { IndexLocks } from './index-locks.js'
import { IndexStore } from './index-store.js'

/** Lotus: a heartbeat every 10 s; a path silent for 5 of them gets no new data. */
export const HEARTBEAT_INTERVAL_MS = 10_000
export const SKIPPED_HEARTBEAT_THRESHOLD_MS = HEARTBEAT_INTERVAL_MS * 5

export class StorageNotFoundError extends NelumboError {
  readonly storageId: string
  constructor (storageId: string, message: string) {
    super('ERR_STORAGE_NOT_FOUND', message)
    this.storageId = storageId
  }
}

export class NoGoodPathError extends NelumboError {
  constructor (message = 'no good path found') {
    super('ERR_NO_GOOD_PATH', message)
  }
}

export interface SectorIndexOptions {
  /** The repo's metadata datastore; without it the index lives in memory only. */
  datastore?: Datastore
  heartbeatThresholdMs?: number
  /** Clock, for heartbeat ages. */
  now?: () => number
  log?: Logger
}

interface StorageEntry {
  info: StorageInfo
  fsi: FsStat
  lastHeartbeat: number
  heartbeatErr: string | undefined
  /** Loaded from the datastore and not re-attached since: its URLs are last run's. */
  stale: boolean
}

interface DeclMeta { storage: string, primary: boolean }

const ZERO_STAT: FsStat = { Capacity: 0, Available: 0, FSAvailable: 0, Reserved: 0, Max: 0, Used: 0 }

export class SectorIndex implements SectorIndexApi {
  private readonly stores = new Map<string, StorageEntry>()
  /** `<miner>-<number>-<type>` → the paths holding that file. */
  private readonly sectors = new Map<string, { sector: SectorId, fileType: PathFileType, metas: DeclMeta[] }>()
  private readonly locks = new IndexLocks()
  private readonly persist: IndexStore | undefined
  private readonly threshold: number
  private readonly now: () => number
  private readonly log: Logger

  constructor (options: SectorIndexOptions = {}) {
    this.persist = options.datastore === undefined ? undefined : new IndexStore(options.datastore)
    this.threshold = options.heartbeatThresholdMs ?? SKIPPED_HEARTBEAT_THRESHOLD_MS
    this.now = options.now ?? Date.now
    this.log = options.log ?? logger('stores')
    if (this.persist === undefined) return
    for (const info of this.persist.loadPaths()) {
      this.stores.set(info.ID, { info, fsi: ZERO_STAT, lastHeartbeat: 0, heartbeatErr: undefined, stale: true })
    }
    for (const d of this.persist.loadDecls()) this.addDecl(d.storage, d.sector, d.fileType, d.primary)
  }

  async StorageAttach (si: StorageInfo, st: FsStat): Promise<void> {
    checkStorageId(si.ID, 'StorageAttach params[0].ID')
    for (const [i, u] of si.URLs.entries()) parseUrl(u, `StorageAttach params[0].URLs[${i}]`)
    for (const [field, list] of [['AllowTypes', si.AllowTypes], ['DenyTypes', si.DenyTypes]] as const) {
      const bad = list.filter((t) => validTypeNames([t]).length === 0)
      if (bad.length > 0) this.log.warn({ path: si.ID, field, bad }, `bad path type in ${field}`)
    }
    const info: StorageInfo = {
      ...si, AllowTypes: validTypeNames(si.AllowTypes), DenyTypes: validTypeNames(si.DenyTypes)
    }
    this.log.info(`New sector storage: ${si.ID}`)
    const existing = this.stores.get(si.ID)
    if (existing !== undefined && !existing.stale) {
      const urls = [...existing.info.URLs]
      for (const u of info.URLs) if (!urls.includes(u)) urls.push(u)
      existing.info = { ...info, URLs: urls }
    } else {
      this.stores.set(si.ID, { info, fsi: st, lastHeartbeat: this.now(), heartbeatErr: undefined, stale: false })
    }
    const entry = this.stores.get(si.ID)!
    if (existing !== undefined) {
      entry.fsi = st
      entry.lastHeartbeat = this.now()
      entry.stale = false
    }
    this.persist?.putPath(entry.info)
  }

  async StorageDetach (id: string, url: string): Promise<void> {
    const ent = this.stores.get(id)
    if (ent === undefined) throw new StorageNotFoundError(id, `storage '${id}' isn't registered`)
    let drop = true
    if (ent.info.URLs.length > 0) {
      drop = ent.info.URLs.length === 1
      if (drop && ent.info.URLs[0] !== url) {
        throw new InvalidInputError('ERR_STORAGE_DETACH', `not dropping path, requested and index urls don't match ('${url}' != '${ent.info.URLs[0]!}')`, { value: url, source: 'StorageDetach params[1]' })
      }
    }
    if (!drop) {
      ent.info = { ...ent.info, URLs: ent.info.URLs.filter((u) => u !== url) }
      this.persist?.putPath(ent.info)
      this.log.warn({ path: id, url }, 'Dropping sector path endpoint')
      return
    }
    let dropped = 0
    for (const [key, decl] of this.sectors) {
      const kept = decl.metas.filter((m) => m.storage !== id)
      if (kept.length === decl.metas.length) continue
      dropped++
      if (kept.length === 0) this.sectors.delete(key)
      else decl.metas = kept
    }
    this.stores.delete(id)
    this.persist?.deletePath(id)
    this.log.warn({ path: id, url, droppedEntries: dropped }, 'Dropping sector storage')
  }

  async StorageInfo (id: string): Promise<StorageInfo> {
    const ent = this.stores.get(id)
    if (ent === undefined) throw new StorageNotFoundError(id, 'sector store not found')
    return copyInfo(ent.info)
  }

  async StorageReportHealth (id: string, report: HealthReport): Promise<void> {
    const ent = this.stores.get(id)
    if (ent === undefined) throw new StorageNotFoundError(id, `health report for unknown storage: ${id}`)
    ent.fsi = { ...report.Stat }
    ent.heartbeatErr = report.Err === '' ? undefined : report.Err
    ent.lastHeartbeat = this.now()
  }

  async StorageDeclareSector (storageId: string, s: SectorId, ft: number, primary: boolean): Promise<void> {
    checkStorageId(storageId, 'StorageDeclareSector params[0]')
    checkFileTypeMask(ft, 'StorageDeclareSector params[2]')
    for (const t of fileTypesIn(ft)) {
      const meta = this.addDecl(storageId, s, t, primary)
      if (meta !== undefined) this.persist?.putDecl({ storage: storageId, sector: s, fileType: t, primary: meta.primary })
    }
  }

  async StorageDropSector (storageId: string, s: SectorId, ft: number): Promise<void> {
    checkFileTypeMask(ft, 'StorageDropSector params[2]')
    for (const t of fileTypesIn(ft)) {
      const key = declKey(s, t)
      const decl = this.sectors.get(key)
      if (decl === undefined) continue
      decl.metas = decl.metas.filter((m) => m.storage !== storageId)
      if (decl.metas.length === 0) this.sectors.delete(key)
      this.persist?.deleteDecl(storageId, s, t)
    }
  }

  async StorageFindSector (s: SectorId, ft: number, ssize: number, allowFetch: boolean): Promise<SectorStorageInfo[]> {
    checkFileTypeMask(ft, 'StorageFindSector params[1]')
    const counts = new Map<string, number>()
    const primary = new Map<string, boolean>()
    for (const t of fileTypesIn(ft)) {
      for (const m of this.sectors.get(declKey(s, t))?.metas ?? []) {
        counts.set(m.storage, (counts.get(m.storage) ?? 0) + 1)
        primary.set(m.storage, (primary.get(m.storage) ?? false) || m.primary)
      }
    }
    // Groups the holders let data go to; undefined = any (a holder without AllowTo allows all).
    let allowTo: Set<string> | undefined = new Set()
    const out: SectorStorageInfo[] = []
    for (const [id, n] of counts) {
      const st = this.stores.get(id)
      if (st === undefined) {
        this.log.warn(`storage ${id} is not present in sector index (referenced by sector ${sectorName(s)})`)
        continue
      }
      if (allowTo !== undefined && st.info.AllowTo.length > 0) for (const g of st.info.AllowTo) allowTo.add(g)
      else allowTo = undefined
      out.push(sectorStorageInfo(st.info, s, ft, st.info.Weight * n, primary.get(id) ?? false))
    }
    if (!allowFetch) return out

    const need = sealSpaceUse(ft, ssize)
    for (const [id, st] of this.stores) {
      if (!st.info.CanSeal || counts.has(id)) continue
      if (!this.healthy(st, need, 'selecting')) continue
      if (!anyTypeAllowed(ft, st.info.AllowTypes, st.info.DenyTypes)) continue
      const groups = allowTo
      if (groups !== undefined && !st.info.Groups.some((g) => groups.has(g))) continue
      out.push(sectorStorageInfo(st.info, s, ft, 0, false))
    }
    return out
  }

  async StorageBestAlloc (allocate: number, ssize: number, pathType: PathType): Promise<StorageInfo[]> {
    checkFileTypeMask(allocate, 'StorageBestAlloc params[0]')
    const need = pathType === 'sealing' ? sealSpaceUse(allocate, ssize) : storeSpaceUse(allocate, ssize)
    const candidates: StorageEntry[] = []
    for (const p of this.stores.values()) {
      if (pathType === 'sealing' && !p.info.CanSeal) continue
      if (pathType === 'storage' && !p.info.CanStore) continue
      if (!allTypesAllowed(allocate, p.info.AllowTypes, p.info.DenyTypes)) continue
      if (!this.healthy(p, need, 'allocating')) continue
      candidates.push(p)
    }
    if (candidates.length === 0) throw new NoGoodPathError()
    const score = (e: StorageEntry): bigint => BigInt(e.fsi.Available) * BigInt(e.info.Weight)
    candidates.sort((a, b) => {
      const d = score(b) - score(a)
      return d > 0n ? 1 : d < 0n ? -1 : a.info.ID < b.info.ID ? -1 : 1
    })
    return candidates.map((c) => copyInfo(c.info))
  }

  async StorageLock (sector: SectorId, read: number, write: number, options?: CallOptions): Promise<void> {
    await this.locks.lock(sector, read, write, requireSignal(options, 'StorageLock'))
  }

  async StorageTryLock (sector: SectorId, read: number, write: number, options?: CallOptions): Promise<boolean> {
    return await this.locks.tryLock(sector, read, write, requireSignal(options, 'StorageTryLock'))
  }

  async StorageGetLocks (): Promise<SectorLocks> {
    return this.locks.list()
  }

  async StorageList (): Promise<Record<string, Decl[]>> {
    const byId = new Map<string, Map<string, Decl>>()
    for (const id of this.stores.keys()) byId.set(id, new Map())
    for (const decl of this.sectors.values()) {
      for (const m of decl.metas) {
        let m2 = byId.get(m.storage)
        if (m2 === undefined) byId.set(m.storage, m2 = new Map())
        const k = `${decl.sector.miner}-${decl.sector.number}`
        const d = m2.get(k) ?? { SectorID: decl.sector, SectorFileType: 0 }
        d.SectorFileType |= decl.fileType
        m2.set(k, d)
      }
    }
    const out: Record<string, Decl[]> = {}
    for (const [id, m] of byId) {
      out[id] = [...m.values()].sort((a, b) => a.SectorID.miner === b.SectorID.miner
        ? a.SectorID.number - b.SectorID.number
        : a.SectorID.miner < b.SectorID.miner ? -1 : 1)
    }
    return out
  }

  /** The paths holding exactly this file type of a sector (Lotus `Index.FindSector`). */
  findSector (s: SectorId, t: PathFileType): string[] {
    return this.sectors.get(declKey(s, t))?.metas.map((m) => m.storage) ?? []
  }

  private healthy (st: StorageEntry, need: number, what: string): boolean {
    if (need > st.fsi.Available) {
      this.log.debug(`not ${what} on ${st.info.ID}, out of space (available: ${st.fsi.Available}, need: ${need})`)
      return false
    }
    const age = this.now() - st.lastHeartbeat
    if (age > this.threshold) {
      this.log.debug(`not ${what} on ${st.info.ID}, didn't receive heartbeats for ${age}ms`)
      return false
    }
    if (st.heartbeatErr !== undefined) {
      this.log.debug(`not ${what} on ${st.info.ID}, heartbeat error: ${st.heartbeatErr}`)
      return false
    }
    return true
  }

  /** Returns the meta when it is new or changed (so it needs persisting). */
  private addDecl (storage: string, sector: SectorId, fileType: PathFileType, primary: boolean): DeclMeta | undefined {
    const key = declKey(sector, fileType)
    let decl = this.sectors.get(key)
    if (decl === undefined) this.sectors.set(key, decl = { sector, fileType, metas: [] })
    const meta = decl.metas.find((m) => m.storage === storage)
    if (meta === undefined) {
      const m = { storage, primary }
      decl.metas.push(m)
      return m
    }
    if (!meta.primary && primary) {
      meta.primary = true
      return meta
    }
    this.log.debug(`sector ${sectorName(sector)} redeclared in ${storage}`)
    return undefined
  }
}

function declKey (s: SectorId, t: PathFileType): string {
  return `${s.miner}-${s.number}-${t}`
}

function requireSignal (options: CallOptions | undefined, method: string): AbortSignal {
  const signal = options?.signal
  if (signal === undefined) {
    throw new InvalidInputError('ERR_LOCK_SIGNAL', `${method} needs a signal: the lock is held until it aborts`, { source: method })
  }
  return signal
}

function parseUrl (u: string, source: string): URL {
  try {
    return new URL(u)
  } catch (err) {
    throw new InvalidInputError('ERR_STORAGE_URL', `failed to parse url ${JSON.stringify(u)}`, { value: u, source, cause: err })
  }
}

/** `<base>/<type>/<s-t0M-N>`, as Lotus joins a path URL with the file's place. */
export function sectorFileUrl (base: string, ft: number, s: SectorId): string {
  const u = new URL(base)
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/${fileTypeName(ft)}/${sectorName(s)}`
  return u.toString()
}

function sectorStorageInfo (info: StorageInfo, s: SectorId, ft: number, weight: number, primary: boolean): SectorStorageInfo {
  return {
    ID: info.ID,
    URLs: info.URLs.map((u) => sectorFileUrl(u, ft, s)),
    BaseURLs: [...info.URLs],
    Weight: weight,
    CanSeal: info.CanSeal,
    CanStore: info.CanStore,
    Primary: primary,
    AllowTypes: [...info.AllowTypes],
    DenyTypes: [...info.DenyTypes]
  }
}

function copyInfo (i: StorageInfo): StorageInfo {
  return {
    ...i, URLs: [...i.URLs], Groups: [...i.Groups], AllowTo: [...i.AllowTo], AllowTypes: [...i.AllowTypes], DenyTypes: [...i.DenyTypes]
  }
}
