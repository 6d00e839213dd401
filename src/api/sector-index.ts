/**
 * The sector index and storage-path API (Lotus v1.20 `paths.SectorIndex` plus the miner's
 * `StorageLocal`, `StorageStat`, `StorageAddLocal`, `StorageDetachLocal`, `StorageRedeclareLocal`),
 * as typed data. Every method is `admin`, as in Lotus. The markets node calls the index through
 * `SealerApiInfo`; `lotus-miner storage ...` calls the local-path methods.
 *
 * JSON shapes follow Lotus: `SectorID` is `{"Miner":1000,"Number":1}`, file types are the
 * storiface bit mask (1 unsealed, 2 sealed, 4 cache, 8 update, 16 update-cache), `Decl` embeds
 * the sector ID (`{"Miner":..,"Number":..,"SectorFileType":..}`), `FsStat` fields are int64 numbers.
 */
import { InvalidInputError } from '../core/errors.js'
import { type SectorId, sectorId } from '../core/sector/index.js'
import * as lj from './codecs/index.js'
import { type ApiOf, defineContract, mergeContracts, method } from './contract.js'

/** abi.SectorID: `{"Miner": <actor id>, "Number": <sector number>}`. */
export const SectorIdJson: lj.Codec<SectorId> = {
  toJson: (v) => ({ Miner: Number(v.miner), Number: v.number }),
  fromJson: (json, path) => {
    if (!lj.isJsonObject(json)) throw new lj.LotusJsonError('a sector ID {"Miner": n, "Number": n}', json, path)
    const miner = lj.uint.fromJson(json.Miner, lj.fieldPath(path, 'Miner'))
    const number = lj.uint.fromJson(json.Number, lj.fieldPath(path, 'Number'))
    return sectorId(miner, number, path)
  }
}

/** storiface.SectorFileType: a bit mask of file types (FTUnsealed = 1 … FTUpdateCache = 16). */
export const SectorFileTypeMask: lj.Codec<number> = {
  toJson: (v) => v,
  fromJson: (json, path) => {
    if (typeof json !== 'number' || !Number.isInteger(json) || json < 0 || json > 31) {
      throw new lj.LotusJsonError('a sector file type mask (0-31: 1 unsealed, 2 sealed, 4 cache, 8 update, 16 update-cache)', json, path)
    }
    return json
  }
}

/** storiface.ID: a storage path's UUID (any non-empty string without `/`, as paths key on it). */
export const StorageId: lj.Codec<string> = {
  toJson: (v) => v,
  fromJson: (json, path) => {
    const id = lj.string.fromJson(json, path)
    checkStorageId(id, path)
    return id
  }
}

/** Throws unless `id` can name a storage path (non-empty, no `/`, not `.` or `..`). */
export function checkStorageId (id: string, source: string): void {
  if (id === '' || id.includes('/') || id === '.' || id === '..') {
    throw new InvalidInputError('ERR_STORAGE_ID', `invalid storage ID ${JSON.stringify(id)}: expected a UUID such as 1b4e28ba-2fa1-11d2-883f-0016d3cca427`, { value: id, source })
  }
}

/** storiface.PathType: where an allocation is for. */
export const PathType = lj.stringEnum('path type', ['sealing', 'storage'] as const)
export type PathType = lj.TypeOf<typeof PathType>

const strings = lj.array(lj.string)

/** storiface.StorageInfo: what the index knows about one storage path. */
export const StorageInfo = lj.struct({
  ID: StorageId,
  URLs: strings,
  Weight: lj.uint,
  MaxStorage: lj.uint,
  CanSeal: lj.bool,
  CanStore: lj.bool,
  Groups: strings,
  AllowTo: strings,
  AllowTypes: strings,
  DenyTypes: strings
})
export type StorageInfo = lj.TypeOf<typeof StorageInfo>

/** fsutil.FsStat: byte counts of one storage path (Available already net of reservations and MaxStorage). */
export const FsStat = lj.struct({
  Capacity: lj.int,
  Available: lj.int,
  FSAvailable: lj.int,
  Reserved: lj.int,
  Max: lj.int,
  Used: lj.int
})
export type FsStat = lj.TypeOf<typeof FsStat>

/** storiface.HealthReport: a path's heartbeat. */
export const HealthReport = lj.struct({ Stat: FsStat, Err: lj.string })
export type HealthReport = lj.TypeOf<typeof HealthReport>

/** storiface.SectorStorageInfo: one path holding (or able to fetch) a sector's files. */
export const SectorStorageInfo = lj.struct({
  ID: StorageId,
  URLs: strings,
  BaseURLs: strings,
  Weight: lj.uint,
  CanSeal: lj.bool,
  CanStore: lj.bool,
  Primary: lj.bool,
  AllowTypes: strings,
  DenyTypes: strings
})
export type SectorStorageInfo = lj.TypeOf<typeof SectorStorageInfo>

/** storiface.Decl: the file types of one sector declared in a path. */
export interface Decl { SectorID: SectorId, SectorFileType: number }

/** Go embeds abi.SectorID in Decl, so its fields sit at the top level. */
export const DeclJson: lj.Codec<Decl> = {
  toJson: (v) => ({ Miner: Number(v.SectorID.miner), Number: v.SectorID.number, SectorFileType: v.SectorFileType }),
  fromJson: (json, path) => {
    if (!lj.isJsonObject(json)) throw new lj.LotusJsonError('a declaration {"Miner", "Number", "SectorFileType"}', json, path)
    return {
      SectorID: SectorIdJson.fromJson(json, path),
      SectorFileType: SectorFileTypeMask.fromJson(json.SectorFileType, lj.fieldPath(path, 'SectorFileType'))
    }
  }
}

/** Five counters, one per file type in bit order (Go `[FileTypes]uint`). */
const perType = lj.array(lj.uint)

/** storiface.SectorLock. */
export const SectorLock = lj.struct({ Sector: SectorIdJson, Write: perType, Read: perType })
export type SectorLock = lj.TypeOf<typeof SectorLock>

/** storiface.SectorLocks. */
export const SectorLocks = lj.struct({ Locks: lj.array(SectorLock) })
export type SectorLocks = lj.TypeOf<typeof SectorLocks>

/** Lotus's `paths.SectorIndex`: where each sector's files are, path capabilities, and sector locks. */
export const SectorIndexContract = defineContract({
  StorageAttach: method({
    name: 'Filecoin.StorageAttach',
    perm: 'admin',
    summary: 'Adds a storage path to the index (or updates it and adds its URLs).',
    params: [StorageInfo, FsStat],
    result: lj.none
  }),
  StorageDetach: method({
    name: 'Filecoin.StorageDetach',
    perm: 'admin',
    summary: 'Removes one URL of a path, or the path and its declarations when it was the last.',
    params: [StorageId, lj.string],
    result: lj.none
  }),
  StorageInfo: method({
    name: 'Filecoin.StorageInfo',
    perm: 'admin',
    summary: 'Returns what the index knows about a storage path.',
    params: [StorageId],
    result: StorageInfo
  }),
  StorageReportHealth: method({
    name: 'Filecoin.StorageReportHealth',
    perm: 'admin',
    summary: 'Records a path heartbeat: its space figures and any error.',
    params: [StorageId, HealthReport],
    result: lj.none
  }),
  StorageDeclareSector: method({
    name: 'Filecoin.StorageDeclareSector',
    perm: 'admin',
    summary: 'Records that a path holds the given file types of a sector.',
    params: [StorageId, SectorIdJson, SectorFileTypeMask, lj.bool],
    result: lj.none
  }),
  StorageDropSector: method({
    name: 'Filecoin.StorageDropSector',
    perm: 'admin',
    summary: 'Forgets that a path holds the given file types of a sector.',
    params: [StorageId, SectorIdJson, SectorFileTypeMask],
    result: lj.none
  }),
  StorageFindSector: method({
    name: 'Filecoin.StorageFindSector',
    perm: 'admin',
    summary: 'Lists the paths holding a sector file type; with allowFetch also sealing paths it could be fetched to.',
    params: [SectorIdJson, SectorFileTypeMask, lj.uint, lj.bool],
    result: lj.array(SectorStorageInfo)
  }),
  StorageBestAlloc: method({
    name: 'Filecoin.StorageBestAlloc',
    perm: 'admin',
    summary: 'Lists the paths that can take new files of a type, best (free space x weight) first.',
    params: [SectorFileTypeMask, lj.uint, PathType],
    result: lj.array(StorageInfo)
  }),
  StorageLock: method({
    name: 'Filecoin.StorageLock',
    perm: 'admin',
    summary: 'Waits for and takes read/write locks on sector file types; released when the call context ends.',
    params: [SectorIdJson, SectorFileTypeMask, SectorFileTypeMask],
    result: lj.none
  }),
  StorageTryLock: method({
    name: 'Filecoin.StorageTryLock',
    perm: 'admin',
    summary: 'Takes read/write locks on sector file types if free at once; false if not.',
    params: [SectorIdJson, SectorFileTypeMask, SectorFileTypeMask],
    result: lj.bool
  }),
  StorageGetLocks: method({
    name: 'Filecoin.StorageGetLocks',
    perm: 'admin',
    summary: 'Lists the sector locks held, by sector number.',
    params: [],
    result: SectorLocks
  }),
  StorageList: method({
    name: 'Filecoin.StorageList',
    perm: 'admin',
    summary: 'Lists every storage path with the sector files declared in it.',
    params: [],
    result: lj.map(lj.array(DeclJson))
  })
})

export type SectorIndexApi = ApiOf<typeof SectorIndexContract>

/** The miner's own storage paths: `lotus-miner storage attach|detach|redeclare|list`. */
export const StorageLocalContract = defineContract({
  StorageLocal: method({
    name: 'Filecoin.StorageLocal',
    perm: 'admin',
    summary: 'Maps the IDs of this node\'s storage paths to their local folders.',
    params: [],
    result: lj.map(lj.string)
  }),
  StorageStat: method({
    name: 'Filecoin.StorageStat',
    perm: 'admin',
    summary: 'Returns the space figures of a storage path, local or (over /remote) on another node.',
    params: [StorageId],
    result: FsStat
  }),
  StorageAddLocal: method({
    name: 'Filecoin.StorageAddLocal',
    perm: 'admin',
    summary: 'Opens a folder holding sectorstore.json as a storage path and adds it to storage.json.',
    params: [lj.string],
    result: lj.none
  }),
  StorageDetachLocal: method({
    name: 'Filecoin.StorageDetachLocal',
    perm: 'admin',
    summary: 'Removes a local storage path from storage.json and the index.',
    params: [lj.string],
    result: lj.none
  }),
  StorageRedeclareLocal: method({
    name: 'Filecoin.StorageRedeclareLocal',
    perm: 'admin',
    summary: 'Re-reads sectorstore.json and re-declares the sector files on disk (one path, or all when null).',
    params: [lj.nullable(StorageId), lj.bool],
    result: lj.none
  })
})

export type StorageLocalApi = ApiOf<typeof StorageLocalContract>

/** Everything storage-related a miner serves: the index plus its local paths. */
export const StorageContract = mergeContracts(SectorIndexContract, StorageLocalContract)
export type StorageApi = ApiOf<typeof StorageContract>
