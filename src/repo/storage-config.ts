/**
 * `storage.json` (in the repo: which folders hold sectors) and `sectorstore.json` (in each of
 * those folders: what the folder may be used for). JSON with two-space indent as Lotus writes
 * it, field names as Lotus's `StorageConfig` and `LocalStorageMeta`.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { InvalidInputError } from '../core/errors.js'
import { writeFileAtomicSync } from './atomic-file.js'

export const STORAGE_CONFIG_FILE = 'storage.json'
export const SECTOR_STORE_META_FILE = 'sectorstore.json'

export interface LocalPath { Path: string }

/** `storage.json`. `init service` writes `{"StoragePaths": null}`. */
export interface StorageConfig { StoragePaths: LocalPath[] | null }

/** Sector file kinds a storage path may allow or deny. */
export const SectorFileTypes = ['unsealed', 'sealed', 'cache', 'update', 'update-cache'] as const
export type SectorFileType = typeof SectorFileTypes[number]

/** `sectorstore.json`, fields in Lotus's marshal order. */
export interface LocalStorageMeta {
  /** Storage path ID (a UUID). */
  ID: string
  /** Higher weight = preferred for new data; 0 = read-only. */
  Weight: number
  /** Sealing scratch data may go here. */
  CanSeal: boolean
  /** Finalized sectors may be stored here long term. */
  CanStore: boolean
  /** Bytes this path may use for sectors; 0 = unlimited. */
  MaxStorage: number
  Groups: string[] | null
  AllowTo: string[] | null
  AllowTypes: SectorFileType[] | null
  DenyTypes: SectorFileType[] | null
}

export function readStorageConfig (file: string): StorageConfig {
  const v = readJson(file)
  const paths = field(v, 'StoragePaths')
  if (paths === null || paths === undefined) return { StoragePaths: null }
  if (!Array.isArray(paths)) throw bad(file, 'StoragePaths must be an array of {"Path": "..."}', paths)
  return {
    StoragePaths: paths.map((p, i) => {
      const path = field(p, 'Path') ?? ''
      if (typeof path !== 'string') throw bad(file, `StoragePaths[${i}].Path must be a string`, path)
      return { Path: path }
    })
  }
}

export function writeStorageConfig (file: string, cfg: StorageConfig): void {
  writeFileAtomicSync(file, JSON.stringify({ StoragePaths: cfg.StoragePaths }, null, 2), 0o644)
}

export function readLocalStorageMeta (dir: string): LocalStorageMeta {
  const file = join(dir, SECTOR_STORE_META_FILE)
  const v = readJson(file)
  const str = (name: string): string => {
    const x = field(v, name)
    if (typeof x !== 'string' || x === '') throw bad(file, `${name} must be a non-empty string`, x)
    return x
  }
  const num = (name: string): number => {
    const x = field(v, name) ?? 0
    if (typeof x !== 'number' || !Number.isSafeInteger(x) || x < 0) throw bad(file, `${name} must be a non-negative integer`, x)
    return x
  }
  const flag = (name: string): boolean => {
    const x = field(v, name) ?? false
    if (typeof x !== 'boolean') throw bad(file, `${name} must be true or false`, x)
    return x
  }
  const list = (name: string): string[] | null => {
    const x = field(v, name) ?? null
    if (x === null) return null
    if (!Array.isArray(x) || x.some((s) => typeof s !== 'string')) throw bad(file, `${name} must be an array of strings or null`, x)
    return x as string[]
  }
  const types = (name: string): SectorFileType[] | null => {
    const x = list(name)
    const wrong = x?.find((t) => !(SectorFileTypes as readonly string[]).includes(t))
    if (wrong !== undefined) throw bad(file, `${name}: unknown sector file type ${JSON.stringify(wrong)} (valid: ${SectorFileTypes.join(', ')})`, wrong)
    return x as SectorFileType[] | null
  }
  return {
    ID: str('ID'),
    Weight: num('Weight'),
    CanSeal: flag('CanSeal'),
    CanStore: flag('CanStore'),
    MaxStorage: num('MaxStorage'),
    Groups: list('Groups'),
    AllowTo: list('AllowTo'),
    AllowTypes: types('AllowTypes'),
    DenyTypes: types('DenyTypes')
  }
}

export function writeLocalStorageMeta (dir: string, meta: LocalStorageMeta): void {
  const ordered: LocalStorageMeta = {
    ID: meta.ID,
    Weight: meta.Weight,
    CanSeal: meta.CanSeal,
    CanStore: meta.CanStore,
    MaxStorage: meta.MaxStorage,
    Groups: meta.Groups,
    AllowTo: meta.AllowTo,
    AllowTypes: meta.AllowTypes,
    DenyTypes: meta.DenyTypes
  }
  writeFileAtomicSync(join(dir, SECTOR_STORE_META_FILE), JSON.stringify(ordered, null, 2), 0o644)
}

function readJson (file: string): unknown {
  const text = readFileSync(file, 'utf8')
  try {
    return JSON.parse(text)
  } catch (err) {
    throw new InvalidInputError('ERR_STORAGE_CONFIG', `not valid JSON: ${(err as Error).message}`, { source: file, cause: err })
  }
}

/** Go's encoding/json matches field names case-insensitively, preferring the exact name. */
function field (obj: unknown, name: string): unknown {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined
  const rec = obj as Record<string, unknown>
  if (Object.hasOwn(rec, name)) return rec[name]
  const k = Object.keys(rec).find((x) => x.toLowerCase() === name.toLowerCase())
  return k === undefined ? undefined : rec[k]
}

function bad (file: string, message: string, value: unknown): InvalidInputError {
  return new InvalidInputError('ERR_STORAGE_CONFIG', message, { source: file, value })
}
