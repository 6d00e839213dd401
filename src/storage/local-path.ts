/**
 * One opened local storage path: its folder, the `unsealed/ sealed/ cache/ update/ update-cache/`
 * layout, and its space accounting (Lotus `paths.path`): reservations sealing jobs hold for
 * files they are about to write, net of what those files already occupy, capped by MaxStorage.
 */
import { join } from 'node:path'
import type { FsStat } from '../api/sector-index.js'
import { type SectorId, sectorName } from '../core/sector/index.js'
import type { LocalStorageMeta } from '../repo/storage-config.js'
import { type PathFileType, fileTypeName, fileTypesIn } from './file-types.js'
import { type StorageFs, isNotFound } from './fs-usage.js'

/** Lotus's fetch scratch folder inside each type folder; never a sector. */
export const FETCH_TEMP_SUBDIR = '.fetch'

export class LocalPath {
  reserved = 0
  /** sector key → types reserved for it. */
  readonly reservations = new Map<string, { sector: SectorId, types: number }>()

  constructor (readonly local: string, public meta: LocalStorageMeta) {}

  get id (): string {
    return this.meta.ID
  }

  /** `<path>/<type>/s-t0<miner>-<n>`. */
  sectorPath (sector: SectorId, fileType: PathFileType): string {
    return join(this.local, fileTypeName(fileType), sectorName(sector))
  }

  /** FsStat with reservations and MaxStorage applied. */
  async stat (fs: StorageFs): Promise<FsStat> {
    const figures = await fs.statFs(this.local)
    const st: FsStat = { ...figures, Reserved: this.reserved, Max: 0, Used: 0 }
    // A reservation shrinks as its files grow: what they already occupy is not reserved twice.
    for (const { sector, types } of this.reservations.values()) {
      for (const t of fileTypesIn(types)) {
        try {
          st.Reserved -= await fs.diskUsage(this.sectorPath(sector, t))
        } catch (err) {
          if (!isNotFound(err)) throw err
        }
      }
    }
    st.Reserved = Math.max(0, st.Reserved)
    st.Available = Math.max(0, st.Available - st.Reserved)
    if (this.meta.MaxStorage > 0) {
      const used = await fs.diskUsage(this.local)
      st.Max = this.meta.MaxStorage
      st.Used = used
      st.Available = Math.min(st.Available, Math.max(0, this.meta.MaxStorage - used))
    }
    return st
  }

  addReservation (sector: SectorId, t: PathFileType, bytes: number): () => void {
    const key = `${sector.miner}-${sector.number}`
    this.reserved += bytes
    const r = this.reservations.get(key) ?? { sector, types: 0 }
    r.types |= t
    this.reservations.set(key, r)
    let done = false
    return () => {
      if (done) return
      done = true
      this.reserved -= bytes
      const cur = this.reservations.get(key)
      if (cur === undefined) return
      cur.types &= ~t
      if (cur.types === 0) this.reservations.delete(key)
    }
  }
}
