/**
 * Registered proof types with Filecoin's numbers (go-state-types abi/sector.go), what each
 * implies (sector size, PoSt proof types, Window PoSt partition size) and the porep ID
 * rust-filecoin-proofs-api derives from them. Nelumbo's dev proofs keep these numbers so
 * sector-size logic and the APIs behave as on the network.
 */
import { InvalidInputError } from '../errors.js'

/** abi.RegisteredSealProof. */
export const RegisteredSealProof = {
  StackedDrg2KiBV1: 0,
  StackedDrg8MiBV1: 1,
  StackedDrg512MiBV1: 2,
  StackedDrg32GiBV1: 3,
  StackedDrg64GiBV1: 4,
  StackedDrg2KiBV1_1: 5,
  StackedDrg8MiBV1_1: 6,
  StackedDrg512MiBV1_1: 7,
  StackedDrg32GiBV1_1: 8,
  StackedDrg64GiBV1_1: 9,
  StackedDrg2KiBV1_1_Feat_SyntheticPoRep: 10,
  StackedDrg8MiBV1_1_Feat_SyntheticPoRep: 11,
  StackedDrg512MiBV1_1_Feat_SyntheticPoRep: 12,
  StackedDrg32GiBV1_1_Feat_SyntheticPoRep: 13,
  StackedDrg64GiBV1_1_Feat_SyntheticPoRep: 14,
  StackedDrg2KiBV1_2_Feat_NiPoRep: 15,
  StackedDrg8MiBV1_2_Feat_NiPoRep: 16,
  StackedDrg512MiBV1_2_Feat_NiPoRep: 17,
  StackedDrg32GiBV1_2_Feat_NiPoRep: 18,
  StackedDrg64GiBV1_2_Feat_NiPoRep: 19
} as const
export type RegisteredSealProof = typeof RegisteredSealProof[keyof typeof RegisteredSealProof]

/** abi.RegisteredPoStProof. */
export const RegisteredPoStProof = {
  StackedDrgWinning2KiBV1: 0,
  StackedDrgWinning8MiBV1: 1,
  StackedDrgWinning512MiBV1: 2,
  StackedDrgWinning32GiBV1: 3,
  StackedDrgWinning64GiBV1: 4,
  StackedDrgWindow2KiBV1: 5,
  StackedDrgWindow8MiBV1: 6,
  StackedDrgWindow512MiBV1: 7,
  StackedDrgWindow32GiBV1: 8,
  StackedDrgWindow64GiBV1: 9,
  StackedDrgWindow2KiBV1_1: 10,
  StackedDrgWindow8MiBV1_1: 11,
  StackedDrgWindow512MiBV1_1: 12,
  StackedDrgWindow32GiBV1_1: 13,
  StackedDrgWindow64GiBV1_1: 14
} as const
export type RegisteredPoStProof = typeof RegisteredPoStProof[keyof typeof RegisteredPoStProof]

/** abi.SectorSize in bytes (padded). */
export type SectorSize = 2048 | 8388608 | 536870912 | 34359738368 | 68719476736

/** The five sector sizes, smallest first; index i is the size of seal proofs i, 5+i, 10+i, 15+i. */
export const SECTOR_SIZES: readonly SectorSize[] = [2048, 8388608, 536870912, 34359738368, 68719476736]

/**
 * Sectors per Window PoSt partition (builtin-actors `window_post_partition_sectors`), by size
 * index as in SECTOR_SIZES.
 */
const PARTITION_SECTORS = [2, 2, 2, 2349, 2300] as const

/** Network version from which Window PoSt uses the V1_1 proof types (go-state-types). */
export const WINDOW_POST_V1_1_NETWORK_VERSION = 19

export class UnknownProofTypeError extends InvalidInputError {
  constructor (kind: 'seal' | 'PoSt', value: unknown, source?: string) {
    const range = kind === 'seal' ? '0..19' : '0..14'
    super('ERR_UNKNOWN_PROOF_TYPE', `${String(value)} is not a registered ${kind} proof type (expected an integer in ${range})`, { value, source })
  }
}

const SEAL_NAMES = new Map<number, string>(Object.entries(RegisteredSealProof).map(([k, v]) => [v, k]))
const POST_NAMES = new Map<number, string>(Object.entries(RegisteredPoStProof).map(([k, v]) => [v, k]))

/** Checks and brands a seal proof number (from CBOR, JSON or a CLI flag). */
export function registeredSealProof (value: number | bigint, source?: string): RegisteredSealProof {
  const n = typeof value === 'bigint' && value <= 19n && value >= 0n ? Number(value) : value
  if (typeof n !== 'number' || !SEAL_NAMES.has(n)) throw new UnknownProofTypeError('seal', value, source)
  return n as RegisteredSealProof
}

/** Checks and brands a PoSt proof number. */
export function registeredPoStProof (value: number | bigint, source?: string): RegisteredPoStProof {
  const n = typeof value === 'bigint' && value <= 14n && value >= 0n ? Number(value) : value
  if (typeof n !== 'number' || !POST_NAMES.has(n)) throw new UnknownProofTypeError('PoSt', value, source)
  return n as RegisteredPoStProof
}

/** The Go constant's name without its prefix, e.g. `StackedDrg2KiBV1_1`. */
export function sealProofName (p: RegisteredSealProof): string {
  return SEAL_NAMES.get(p) ?? `RegisteredSealProof(${String(p)})`
}

export function postProofName (p: RegisteredPoStProof): string {
  return POST_NAMES.get(p) ?? `RegisteredPoStProof(${String(p)})`
}

function sizeIndexOfSeal (p: RegisteredSealProof): number {
  return registeredSealProof(p) % 5
}

function sizeIndexOfPoSt (p: RegisteredPoStProof): number {
  return registeredPoStProof(p) % 5
}

/** RegisteredSealProof.SectorSize. */
export function sealProofSectorSize (p: RegisteredSealProof): SectorSize {
  return SECTOR_SIZES[sizeIndexOfSeal(p)]!
}

/** RegisteredPoStProof.SectorSize. */
export function postProofSectorSize (p: RegisteredPoStProof): SectorSize {
  return SECTOR_SIZES[sizeIndexOfPoSt(p)]!
}

/** RegisteredSealProof.RegisteredWinningPoStProof (Winning PoSt stays V1). */
export function winningPoStProofForSeal (p: RegisteredSealProof): RegisteredPoStProof {
  return sizeIndexOfSeal(p) as RegisteredPoStProof
}

/**
 * RegisteredSealProof.RegisteredWindowPoStProofByNetworkVersion: V1 (5-9) up to network
 * version 18, V1_1 (10-14) from 19 on. Without a version, the current V1_1 type.
 */
export function windowPoStProofForSeal (p: RegisteredSealProof, networkVersion = WINDOW_POST_V1_1_NETWORK_VERSION): RegisteredPoStProof {
  const base = networkVersion < WINDOW_POST_V1_1_NETWORK_VERSION ? 5 : 10
  return (base + sizeIndexOfSeal(p)) as RegisteredPoStProof
}

export function isWinningPoStProof (p: RegisteredPoStProof): boolean {
  return registeredPoStProof(p) <= 4
}

export function isWindowPoStProof (p: RegisteredPoStProof): boolean {
  return registeredPoStProof(p) >= 5
}

/** The V1_1 Window PoSt type of a V1 or V1_1 Window PoSt type (ToV1_1PostProof). */
export function toV1_1PoStProof (p: RegisteredPoStProof): RegisteredPoStProof {
  if (!isWindowPoStProof(p)) {
    throw new InvalidInputError('ERR_NOT_WINDOW_POST_PROOF', `${postProofName(p)} is not a Window PoSt proof type`, { value: p })
  }
  return (10 + sizeIndexOfPoSt(p)) as RegisteredPoStProof
}

/** Sectors per partition for a seal proof (builtin-actors SealProofWindowPoStPartitionSectors). */
export function sealProofWindowPoStPartitionSectors (p: RegisteredSealProof): number {
  return PARTITION_SECTORS[sizeIndexOfSeal(p)]!
}

/** Sectors per partition for a Window PoSt proof (RegisteredPoStProof.WindowPoStPartitionSectors). */
export function windowPoStPartitionSectors (p: RegisteredPoStProof): number {
  if (!isWindowPoStProof(p)) {
    throw new InvalidInputError('ERR_NOT_WINDOW_POST_PROOF', `${postProofName(p)} is not a Window PoSt proof type`, { value: p })
  }
  return PARTITION_SECTORS[sizeIndexOfPoSt(p)]!
}

export function isSyntheticPoRep (p: RegisteredSealProof): boolean {
  return p >= 10 && p <= 14
}

export function isNonInteractivePoRep (p: RegisteredSealProof): boolean {
  return p >= 15 && p <= 19
}

/**
 * The seal proof's porep ID (filecoin-proofs-api `porep_id`): its registered proof number as
 * u64 little-endian in bytes 0..8, the nonce (0 for every type) in bytes 8..16, zeros after.
 * rust-fil-proofs feeds it to the replica ID as the porep seed.
 */
export function porepId (p: RegisteredSealProof): Uint8Array {
  const id = new Uint8Array(32)
  new DataView(id.buffer).setBigUint64(0, BigInt(registeredSealProof(p)), true)
  return id
}

/** Whether the seal proof is one of the legacy V1 types (rust-fil-proofs `is_legacy_porep_id`). */
export function isLegacyPoRep (p: RegisteredSealProof): boolean {
  return registeredSealProof(p) <= 4
}

/** The seal proof of a sector size, V1_1 (what Lotus picks for new sectors). */
export function sealProofForSectorSize (size: number | bigint, source?: string): RegisteredSealProof {
  const i = SECTOR_SIZES.indexOf(Number(size) as SectorSize)
  if (i < 0) {
    throw new InvalidInputError('ERR_SECTOR_SIZE', `${String(size)} bytes is not a sector size (2KiB, 8MiB, 512MiB, 32GiB or 64GiB)`, { value: size, source })
  }
  return (5 + i) as RegisteredSealProof
}

/** abi.SectorSize.ShortString: `2KiB`, `32GiB`. */
export function sectorSizeString (size: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB']
  let s = size
  let u = 0
  while (s >= 1024 && u < units.length - 1) {
    s = Math.floor(s / 1024)
    u++
  }
  return `${s}${units[u]!}`
}
