/**
 * Persistence of the sector index in the metadata datastore, so a restart keeps where every
 * sector file is and which remote paths exist. Keys, relative to the datastore handed in (the
 * repo's `/metadata` namespace):
 *
 *   /sector-index/paths/<storage ID>                           StorageInfo, Lotus JSON
 *   /sector-index/decls/<storage ID>/<s-t0M-N>/<file type>     {"Primary": bool}
 *
 * Values are JSON so `lotus-shed` datastore dumps stay readable.
 */
import { NelumboError } from '../core/errors.js'
import { type SectorId, parseSectorName, sectorName } from '../core/sector/index.js'
import type { Datastore } from '../repo/datastore.js'
import { type StorageInfo as StorageInfoType, StorageInfo } from '../api/sector-index.js'
import { type PathFileType, fileTypeFromName, fileTypeName } from './file-types.js'

export const SECTOR_INDEX_PREFIX = '/sector-index'
const PATHS = `${SECTOR_INDEX_PREFIX}/paths`
const DECLS = `${SECTOR_INDEX_PREFIX}/decls`

export interface StoredDecl {
  storage: string
  sector: SectorId
  fileType: PathFileType
  primary: boolean
}

const encoder = new TextEncoder()
const decoder = new TextDecoder()

function json (value: unknown): Uint8Array {
  return encoder.encode(JSON.stringify(value))
}

function parse (bytes: Uint8Array, key: string): unknown {
  try {
    return JSON.parse(decoder.decode(bytes))
  } catch (err) {
    throw new NelumboError('ERR_SECTOR_INDEX_STORE', `sector index datastore: value of ${key} is not JSON: ${(err as Error).message}`, { cause: err })
  }
}

export class IndexStore {
  constructor (private readonly ds: Datastore) {}

  putPath (info: StorageInfoType): void {
    this.ds.put(`${PATHS}/${info.ID}`, json(StorageInfo.toJson(info)))
  }

  deletePath (id: string): void {
    this.ds.transaction(() => {
      this.ds.delete(`${PATHS}/${id}`)
      for (const key of [...this.ds.keys({ prefix: `${DECLS}/${id}` })]) this.ds.delete(key)
    })
  }

  putDecl (d: StoredDecl): void {
    this.ds.put(declKey(d.storage, d.sector, d.fileType), json({ Primary: d.primary }))
  }

  deleteDecl (storage: string, sector: SectorId, fileType: PathFileType): void {
    this.ds.delete(declKey(storage, sector, fileType))
  }

  loadPaths (): StorageInfoType[] {
    return [...this.ds.query({ prefix: PATHS })].map((e) => StorageInfo.fromJson(parse(e.value, e.key), e.key))
  }

  loadDecls (): StoredDecl[] {
    const out: StoredDecl[] = []
    for (const e of this.ds.query({ prefix: DECLS })) {
      const [storage, name, type] = e.key.slice(DECLS.length + 1).split('/')
      if (storage === undefined || name === undefined || type === undefined) continue
      const v = parse(e.value, e.key) as { Primary?: unknown }
      out.push({ storage, sector: parseSectorName(name, e.key), fileType: fileTypeFromName(type, e.key), primary: v.Primary === true })
    }
    return out
  }
}

function declKey (storage: string, sector: SectorId, fileType: PathFileType): string {
  return `${DECLS}/${storage}/${sectorName(sector)}/${fileTypeName(fileType)}`
}
