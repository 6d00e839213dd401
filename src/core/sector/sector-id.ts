/**
 * Sector identity and the names Lotus gives sector files: `s-t0<miner>-<number>` inside the
 * `unsealed/`, `sealed/`, `cache/`, `update/` and `update-cache/` folders of a storage path
 * (lotus storiface `SectorName`, `ParseSectorID`, `SectorFileType`).
 */
import { newIdAddress } from '../address/index.js'
import { InvalidInputError } from '../errors.js'
import { actorId, sectorNumber, type ActorId, type SectorNumber } from '../types.js'

/** abi.SectorID. */
export interface SectorId {
  readonly miner: ActorId
  readonly number: SectorNumber
}

export function sectorId (miner: ActorId | bigint | number, number: SectorNumber | number, source?: string): SectorId {
  return { miner: actorId(miner, source), number: sectorNumber(number, source) }
}

/** storiface.SectorFileType bits, in Lotus's order. */
export const SectorFileType = {
  Unsealed: 1,
  Sealed: 2,
  Cache: 4,
  Update: 8,
  UpdateCache: 16,
  Piece: 32
} as const
export type SectorFileType = typeof SectorFileType[keyof typeof SectorFileType]

/** The folder each file type lives in (storiface `SectorFileType.String`). */
export const SECTOR_FILE_FOLDERS: Readonly<Record<SectorFileType, string>> = {
  [SectorFileType.Unsealed]: 'unsealed',
  [SectorFileType.Sealed]: 'sealed',
  [SectorFileType.Cache]: 'cache',
  [SectorFileType.Update]: 'update',
  [SectorFileType.UpdateCache]: 'update-cache',
  [SectorFileType.Piece]: 'piece'
}

/** Every file type, in bit order. */
export const SECTOR_FILE_TYPES: readonly SectorFileType[] = [1, 2, 4, 8, 16, 32]

export class InvalidSectorNameError extends InvalidInputError {
  constructor (message: string, value: unknown, source?: string) {
    super('ERR_INVALID_SECTOR_NAME', message, { value, source })
  }
}

/** `s-t0<miner>-<number>`, as Lotus names sector files and cache folders. */
export function sectorName (id: SectorId): string {
  return `s-t0${id.miner.toString()}-${id.number}`
}

const NAME = /^s-t0(\d+)-(\d+)$/

/**
 * Reads a sector file name back into its ID (storiface.ParseSectorID). Lotus always writes
 * `t0`, whatever the network, so `f0` is not accepted.
 */
export function parseSectorName (name: string, source?: string): SectorId {
  const m = NAME.exec(name)
  if (m === null) {
    throw new InvalidSectorNameError(`'${name}' is not a sector file name (expected s-t0<miner>-<number>, e.g. s-t01000-1)`, name, source)
  }
  const [, miner, number] = m as unknown as [string, string, string]
  const n = Number(number)
  if (!Number.isSafeInteger(n)) {
    throw new InvalidSectorNameError(`sector number ${number} in '${name}' is too large`, name, source)
  }
  try {
    return sectorId(BigInt(miner), n, source)
  } catch (err) {
    throw new InvalidSectorNameError(`'${name}': ${(err as Error).message}`, name, source)
  }
}

/** Parses a file type folder name (`sealed`, `update-cache`, ...). */
export function parseSectorFileType (folder: string, source?: string): SectorFileType {
  for (const t of SECTOR_FILE_TYPES) if (SECTOR_FILE_FOLDERS[t] === folder) return t
  throw new InvalidInputError('ERR_SECTOR_FILE_TYPE', `'${folder}' is not a sector file type (expected one of ${Object.values(SECTOR_FILE_FOLDERS).join(', ')})`, { value: folder, source })
}

/**
 * The prover ID the proofs use for a miner (filecoin-ffi `toProverID`): the ID address
 * payload (the actor ID as a uvarint), zero-padded to 32 bytes.
 */
export function proverId (miner: ActorId | bigint | number): Uint8Array {
  const out = new Uint8Array(32)
  out.set(newIdAddress(actorId(miner, 'prover ID miner')).payload)
  return out
}

export function sectorIdEquals (a: SectorId, b: SectorId): boolean {
  return a.miner === b.miner && a.number === b.number
}
