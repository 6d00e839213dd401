/**
 * Sector file type masks as Lotus's storiface handles them: the five path types, their folder
 * names, the space each needs while sealing and once finalized, and AllowTypes/DenyTypes filters.
 */
import { InvalidInputError } from '../core/errors.js'
import { SECTOR_FILE_FOLDERS, SectorFileType } from '../core/sector/index.js'

/** storiface.PathTypes: the file types a storage path holds, in bit order. */
export const PATH_TYPES = [
  SectorFileType.Unsealed, SectorFileType.Sealed, SectorFileType.Cache, SectorFileType.Update, SectorFileType.UpdateCache
] as const
export type PathFileType = typeof PATH_TYPES[number]

/** storiface.FTAll. */
export const FT_ALL = 31

/** Fixed-point denominator of the overhead tables: 10 = one sector size. */
const FS_OVERHEAD_DEN = 10

/** storiface.FSOverheadSeal: the cache holds 11 layers + tree D (2x) + C + R'. */
const OVERHEAD_SEAL: Record<PathFileType, number> = { 1: 10, 2: 10, 4: 141, 8: 10, 16: 21 }
/** storiface.FsOverheadFinalized. */
const OVERHEAD_FINALIZED: Record<PathFileType, number> = { 1: 10, 2: 10, 4: 1, 8: 10, 16: 1 }

/** The single types set in a mask. */
export function fileTypesIn (mask: number): PathFileType[] {
  return PATH_TYPES.filter((t) => (mask & t) !== 0)
}

/** SectorFileType.String: the folder name of one type. */
export function fileTypeName (t: number): string {
  const name = (SECTOR_FILE_FOLDERS as Record<number, string | undefined>)[t]
  if (name !== undefined && t !== SectorFileType.Piece) return name
  return `<unknown ${t} [${fileTypesIn(t).map(fileTypeName).join(' ')}]>`
}

/** storiface.TypeFromString. */
export function fileTypeFromName (name: string, source?: string): PathFileType {
  const t = PATH_TYPES.find((x) => SECTOR_FILE_FOLDERS[x] === name)
  if (t === undefined) {
    throw new InvalidInputError('ERR_SECTOR_FILE_TYPE', `unknown sector file type '${name}' (expected one of ${PATH_TYPES.map(fileTypeName).join(', ')})`, { value: name, source })
  }
  return t
}

/** Throws unless `mask` holds only the five path types. */
export function checkFileTypeMask (mask: number, source: string): void {
  if (!Number.isInteger(mask) || mask < 0 || mask > FT_ALL) {
    throw new InvalidInputError('ERR_SECTOR_FILE_TYPE', `unknown file types specified: ${mask}`, { value: mask, source })
  }
}

/** Throws unless `mask` is exactly one path type. */
export function checkSingleFileType (t: number, source: string): PathFileType {
  if (!(PATH_TYPES as readonly number[]).includes(t)) {
    throw new InvalidInputError('ERR_SECTOR_FILE_TYPE', `expected one sector file type (1, 2, 4, 8 or 16), got ${t}`, { value: t, source })
  }
  return t as PathFileType
}

/** SealSpaceUse: bytes the types need in a sealing path. */
export function sealSpaceUse (mask: number, sectorSize: number): number {
  return fileTypesIn(mask).reduce((n, t) => n + Math.floor(OVERHEAD_SEAL[t] * sectorSize / FS_OVERHEAD_DEN), 0)
}

/** StoreSpaceUse: bytes the finalized types need in a storage path. */
export function storeSpaceUse (mask: number, sectorSize: number): number {
  return fileTypesIn(mask).reduce((n, t) => n + Math.floor(OVERHEAD_FINALIZED[t] * sectorSize / FS_OVERHEAD_DEN), 0)
}

/** Overhead of one type in bytes, for reservations. */
export function overheadOf (t: PathFileType, sectorSize: number, kind: 'seal' | 'finalized'): number {
  const table = kind === 'seal' ? OVERHEAD_SEAL : OVERHEAD_FINALIZED
  return Math.floor(table[t] * sectorSize / FS_OVERHEAD_DEN)
}

/**
 * SubAllowed: the types of `mask` the filters deny. A non-empty allow list denies everything
 * not on it; unknown names are ignored (Lotus warns once at attach time).
 */
export function deniedTypes (mask: number, allowTypes: readonly string[], denyTypes: readonly string[]): number {
  let deny = 0
  const known = (name: string): number => PATH_TYPES.find((x) => SECTOR_FILE_FOLDERS[x] === name) ?? 0
  if (allowTypes.length > 0) {
    deny = FT_ALL
    for (const a of allowTypes) deny &= ~known(a)
  }
  for (const d of denyTypes) deny |= known(d)
  return mask & deny
}

/** Allowed: none of the types is denied. */
export function allTypesAllowed (mask: number, allowTypes: readonly string[], denyTypes: readonly string[]): boolean {
  return deniedTypes(mask, allowTypes, denyTypes) === 0
}

/** AnyAllowed: at least one of the types is allowed. */
export function anyTypeAllowed (mask: number, allowTypes: readonly string[], denyTypes: readonly string[]): boolean {
  return deniedTypes(mask, allowTypes, denyTypes) !== mask
}

/** Keeps only valid type names (Lotus's StorageAttach drops the others). */
export function validTypeNames (names: readonly string[]): string[] {
  return names.filter((n) => PATH_TYPES.some((t) => SECTOR_FILE_FOLDERS[t] === n))
}
