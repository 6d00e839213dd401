/**
 * Errors of the dev proof system. Input the caller got wrong is an InvalidInputError naming the
 * value; a sector that cannot be proven names the sector, the file and what was wrong with it,
 * so the miner can declare it faulty and the operator can find it.
 */
import { InvalidInputError, NelumboError } from '../core/errors.js'
import { sectorName, type SectorId } from '../core/sector/index.js'

export class ProofInputError extends InvalidInputError {
  constructor (message: string, value: unknown, source?: string) {
    super('ERR_PROOF_INPUT', message, { value, source })
  }
}

/** Why one sector could not be read or proven. */
export interface BadSector {
  readonly sector: SectorId
  /** The file or folder at fault, when one is. */
  readonly path?: string
  readonly reason: string
}

/** A sector file is missing, truncated or does not match its commitments. */
export class SectorFileError extends NelumboError {
  readonly sector: SectorId
  readonly path: string | undefined
  readonly reason: string

  constructor (sector: SectorId, reason: string, path?: string, options?: { cause?: unknown }) {
    super('ERR_SECTOR_FILE', `sector ${sectorName(sector)}: ${reason}${path !== undefined ? ` (${path})` : ''}`, options)
    this.sector = sector
    this.path = path
    this.reason = reason
  }

  toBadSector (): BadSector {
    return { sector: this.sector, path: this.path, reason: this.reason }
  }
}

/** A PoSt could not be generated because some sectors cannot be proven; they are all listed. */
export class SectorProvingError extends NelumboError {
  readonly badSectors: readonly BadSector[]

  constructor (kind: string, badSectors: readonly BadSector[]) {
    const names = badSectors.map((b) => `${sectorName(b.sector)} (${b.reason})`).join('; ')
    super('ERR_SECTORS_UNPROVABLE', `${kind}: ${badSectors.length} sector(s) cannot be proven: ${names}`)
    this.badSectors = badSectors
  }
}
