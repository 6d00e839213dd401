/**
 * Devnet parameters of the dev proof system and the shape of a sector's trees. The trees are
 * binary sha256-trunc254 trees over 32-byte leaves (those of CommP/CommD); the cache keeps the
 * rows from `cacheLevel` up to the root, so a Merkle path costs one read of 2^cacheLevel leaves
 * (8 KiB) from the sector file plus one node per cached row.
 */
import { sealProofSectorSize, postProofSectorSize, type RegisteredPoStProof, type RegisteredSealProof } from '../core/sector/index.js'

/** PoRep challenges per sector (K). */
export const POREP_CHALLENGES = 16
/** Window and Winning PoSt challenges per sector (C). */
export const POST_CHALLENGES = 4
/** Sectors a Winning PoSt proves (filecoin-proofs WINNING_POST_SECTOR_COUNT). */
export const WINNING_POST_SECTOR_COUNT = 1
/** Lowest tree row the cache keeps: paths read 2^8 leaves = 8 KiB of the sector file. */
export const CACHE_LEVEL = 8

/** File names inside a sector's cache folder (Lotus's names, our contents). */
export const CACHE_FILES = {
  /** Rows cacheLevel..root of the CommR tree over the sealed file. */
  treeRLast: 'sc-02-data-tree-r-last.dat',
  /** Rows cacheLevel..root of the CommD tree over the unsealed file (dropped by finalize). */
  treeD: 'sc-02-data-tree-d.dat',
  /** CommD || CommR, 64 bytes. */
  pAux: 'p_aux'
} as const

export interface TreeGeometry {
  readonly sectorSize: number
  /** 32-byte leaves in the sector. */
  readonly leaves: number
  /** Rows above the leaves: the root is at level `height`. */
  readonly height: number
  readonly cacheLevel: number
  /** Leaves under one node of the cache's lowest row. */
  readonly groupLeaves: number
  /** Byte offset in the cache file of each kept row, indexed by level - cacheLevel. */
  readonly rowOffsets: readonly number[]
  readonly cacheFileSize: number
}

const geometries = new Map<number, TreeGeometry>()

export function treeGeometry (sectorSize: number): TreeGeometry {
  const known = geometries.get(sectorSize)
  if (known !== undefined) return known
  const leaves = sectorSize / 32
  const height = Math.log2(leaves)
  const cacheLevel = Math.min(CACHE_LEVEL, height)
  const rowOffsets: number[] = []
  let off = 0
  for (let l = cacheLevel; l <= height; l++) {
    rowOffsets.push(off)
    off += 32 * 2 ** (height - l)
  }
  const g: TreeGeometry = { sectorSize, leaves, height, cacheLevel, groupLeaves: 2 ** cacheLevel, rowOffsets, cacheFileSize: off }
  geometries.set(sectorSize, g)
  return g
}

export function sealGeometry (p: RegisteredSealProof): TreeGeometry {
  return treeGeometry(sealProofSectorSize(p))
}

export function postGeometry (p: RegisteredPoStProof): TreeGeometry {
  return treeGeometry(postProofSectorSize(p))
}
