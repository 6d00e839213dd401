/**
 * Commitments of all-zero pieces (go-commp-utils zerocomm). fr32 of zeros is zeros, so the
 * CommP of a zero piece of padded size 32 * 2^k is the root of a zero subtree of level k.
 */
import { zeroNode } from '../merkle/tree.js'
import { commPToPieceCid, type PieceCid } from './piece-cid.js'
import { paddedPieceSize, type PaddedPieceSize } from './sizes.js'

/** Tree level of a padded piece: log2(size / 32). */
export function pieceLevel (size: PaddedPieceSize): number {
  return Math.log2(size / 32)
}

/** The raw 32-byte CommP of a zero piece of this padded size. */
export function zeroCommP (size: PaddedPieceSize | number, source?: string): Uint8Array {
  return zeroNode(pieceLevel(paddedPieceSize(size, source))).slice()
}

/** The piece CID of a zero piece of this padded size. */
export function zeroPieceCid (size: PaddedPieceSize | number, source?: string): PieceCid {
  return commPToPieceCid(zeroCommP(size, source))
}
