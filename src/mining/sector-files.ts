/**
 * Where the mining subsystem finds a sector's sealed file and cache folder. It asks only this
 * narrow source (local storage paths, or a flat pre-seal folder), never the markets side: a
 * sector missing here is simply unprovable, and the PoSt code skips and declares it.
 */
import { join } from 'node:path'
import { SECTOR_FILE_FOLDERS, SectorFileType, sectorName, type SectorId } from '../core/sector/index.js'
import type { CID } from '../core/cid.js'
import type { RegisteredSealProof } from '../core/sector/index.js'
import type { PrivateSectorInfo } from '../proofs/index.js'
import type { SectorNumber } from '../core/types.js'

/** A sector's sealed replica and its cache folder. */
export interface SectorFiles {
  readonly sealed: string
  readonly cache: string
}

export interface SectorFileSource {
  /** The sector's files, or undefined when no storage path holds both. */
  sectorFiles: (sector: SectorId, sectorSize: number) => Promise<SectorFiles | undefined>
}

/** The slice of the storage layer's LocalStore this needs (`acquireSector` with existing = sealed | cache). */
export interface LocalSectorLookup {
  acquireSector: (sector: SectorId, sectorSize: number, existing: number, allocate: number, pathType: 'sealing' | 'storage') =>
  Promise<{ paths: Partial<Record<number, string>> }>
}

/** Sector files from this node's storage paths, as the sector index reports them. */
export function localSectorFiles (local: LocalSectorLookup): SectorFileSource {
  return {
    sectorFiles: async (sector, sectorSize) => {
      const found = await local.acquireSector(sector, sectorSize, SectorFileType.Sealed | SectorFileType.Cache, 0, 'storage')
      const sealed = found.paths[SectorFileType.Sealed]
      const cache = found.paths[SectorFileType.Cache]
      return sealed === undefined || cache === undefined ? undefined : { sealed, cache }
    }
  }
}

/**
 * Sector files in one folder laid out as a storage path (`sealed/s-t01000-1`, `cache/s-t01000-1`),
 * such as the `--sector-dir` of `lotus-seed pre-seal`. Presence is not checked here: the
 * prover's checks report a missing file with its path.
 */
export function sectorDirFiles (dir: string): SectorFileSource {
  return {
    sectorFiles: async (sector) => {
      const name = sectorName(sector)
      return {
        sealed: join(dir, SECTOR_FILE_FOLDERS[SectorFileType.Sealed], name),
        cache: join(dir, SECTOR_FILE_FOLDERS[SectorFileType.Cache], name)
      }
    }
  }
}

/** What the chain says about a sector a PoSt covers. */
export interface ChainSectorInfo {
  readonly SealProof: number
  readonly SectorNumber: SectorNumber
  readonly SealedCID: CID
}

/** The prover's input for a sector whose files were found. */
export function privateSectorInfo (s: ChainSectorInfo, files: SectorFiles): PrivateSectorInfo {
  return {
    sealProof: s.SealProof as RegisteredSealProof,
    sectorNumber: s.SectorNumber,
    sealedCid: s.SealedCID,
    sealedSectorPath: files.sealed,
    cacheDirPath: files.cache
  }
}
