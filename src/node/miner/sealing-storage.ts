/**
 * The sector-storage slice the sealing pipeline asks for (`SealingStorage`), over this node's
 * local paths and its sector index: what Lotus's sealing manager gets from `paths.Local` and the
 * index in one process.
 */
import type { SectorIndexApi } from '../../api/sector-index.js'
import type { SealingStorage } from '../../sealing/index.js'
import type { LocalStore, PathFileType } from '../../storage/index.js'

export function localSealingStorage (
  local: Pick<LocalStore, 'acquireSector' | 'remove' | 'moveStorage'>,
  index: Pick<SectorIndexApi, 'StorageDeclareSector'>
): SealingStorage {
  return {
    acquireSector: async (sector, sectorSize, existing, allocate, pathType) =>
      await local.acquireSector(sector, sectorSize, existing, allocate, pathType),
    declareSector: async (storageId, sector, fileType, primary) => {
      await index.StorageDeclareSector(storageId, sector, fileType, primary)
    },
    remove: async (sector, fileType, force) => { await local.remove(sector, fileType as PathFileType, force) },
    moveStorage: async (sector, sectorSize, types) => { await local.moveStorage(sector, sectorSize, types) }
  }
}
