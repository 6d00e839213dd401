/**
 * `storage attach --init`: make a folder a storage path by writing its `sectorstore.json` with
 * a new UUID, refusing a folder that already has one, as Lotus's CLI does.
 */
import { randomUUID } from 'node:crypto'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { InvalidInputError } from '../core/errors.js'
import { type LocalStorageMeta, SECTOR_STORE_META_FILE, writeLocalStorageMeta } from '../repo/storage-config.js'

export interface InitStoragePathOptions {
  /** Default 10, as `--weight`. */
  weight?: number
  seal?: boolean
  store?: boolean
  /** Bytes; 0 = unlimited. */
  maxStorage?: number
  groups?: readonly string[]
  allowTo?: readonly string[]
  /** For tests; a random UUID otherwise. */
  id?: string
}

export function initStoragePath (path: string, options: InitStoragePathOptions): LocalStorageMeta {
  mkdirSync(path, { recursive: true, mode: 0o755 })
  const file = join(path, SECTOR_STORE_META_FILE)
  if (existsSync(file)) throw new InvalidInputError('ERR_STORAGE_INITIALIZED', 'path is already initialized', { value: path, source: file })
  const meta: LocalStorageMeta = {
    ID: options.id ?? randomUUID(),
    Weight: options.weight ?? 10,
    CanSeal: options.seal === true,
    CanStore: options.store === true,
    MaxStorage: options.maxStorage ?? 0,
    // urfave/cli gives nil for an unset slice flag, which Go marshals as null.
    Groups: options.groups === undefined || options.groups.length === 0 ? null : [...options.groups],
    AllowTo: options.allowTo === undefined || options.allowTo.length === 0 ? null : [...options.allowTo],
    AllowTypes: null,
    DenyTypes: null
  }
  if (!meta.CanSeal && !meta.CanStore) {
    throw new InvalidInputError('ERR_STORAGE_USE', 'must specify at least one of --store or --seal', { value: path, source: '--seal/--store' })
  }
  writeLocalStorageMeta(path, meta)
  return meta
}
