/**
 * Sector files through the storage slice: find the file types a sector already has, allocate
 * the missing ones in a sealing path, and declare them in the index at once, so a restart finds
 * the same paths instead of allocating new ones.
 */
import { SectorFileType } from '../core/sector/index.js'
import type { SealingEnv } from './env.js'

export const FT_UNSEALED = SectorFileType.Unsealed
export const FT_SEALED = SectorFileType.Sealed
export const FT_CACHE = SectorFileType.Cache

export interface SectorFilePaths {
  unsealed?: string
  sealed?: string
  cache?: string
}

/** Paths of the `want` file types: existing ones where found, new ones allocated and declared. */
export async function sectorFiles (env: SealingEnv, n: number, want: number, allocateMissing: boolean): Promise<SectorFilePaths> {
  const sector = env.sectorId(n)
  const found = await env.storage.acquireSector(sector, env.sectorSize, want, 0, 'sealing')
  let missing = 0
  for (const t of [FT_UNSEALED, FT_SEALED, FT_CACHE]) {
    if ((want & t) !== 0 && found.paths[t] === undefined) missing |= t
  }
  if (missing !== 0) {
    if (!allocateMissing) throw new Error(`sector ${n} is missing file types ${missing} (find only)`)
    const fresh = await env.storage.acquireSector(sector, env.sectorSize, 0, missing, 'sealing')
    for (const t of [FT_UNSEALED, FT_SEALED, FT_CACHE]) {
      if ((missing & t) === 0) continue
      const id = fresh.storageIds[t]
      const path = fresh.paths[t]
      if (id === undefined || path === undefined) throw new Error(`no storage path for sector ${n} file type ${t}`)
      await env.storage.declareSector(id, sector, t, true)
      found.paths[t] = path
    }
  }
  return { unsealed: found.paths[FT_UNSEALED], sealed: found.paths[FT_SEALED], cache: found.paths[FT_CACHE] }
}

/** The path of one file type, or an error naming the sector and type. */
export function need (path: string | undefined, n: number, what: string): string {
  if (path === undefined) throw new Error(`sector ${n} has no ${what} file`)
  return path
}
