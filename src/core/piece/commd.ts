/**
 * CommD: the unsealed-sector commitment over an ordered list of pieces. Each piece must start
 * aligned to its own size, so zero pieces are inserted before it where needed, and the sector
 * is filled with zero pieces to its size, as filecoin-ffi's GenerateUnsealedCID does
 * (go-commp-utils nonffi/commd.go re-implements the same stack over rust-fil-proofs pieces.rs).
 */
import { InvalidInputError } from '../errors.js'
import { portableHasher } from '../merkle/hasher.js'
import { zeroNode } from '../merkle/tree.js'
import { commPToPieceCid, parsePieceCid, type PieceCid } from './piece-cid.js'
import { paddedPieceSize, type PaddedPieceSize } from './sizes.js'
import { pieceLevel } from './zero.js'
import type { CID } from 'multiformats/cid'

/** abi.PieceInfo: a piece's padded size and its piece CID. */
export interface PieceInfo {
  size: PaddedPieceSize | number
  pieceCid: PieceCid | CID | string
}

interface StackEntry { level: number, comm: Uint8Array }

function reduce (stack: StackEntry[]): void {
  for (;;) {
    const right = stack[stack.length - 1]
    const left = stack[stack.length - 2]
    if (right === undefined || left === undefined || left.level !== right.level) return
    stack.splice(stack.length - 2, 2, { level: left.level + 1, comm: portableHasher.hashPair(left.comm, right.comm) })
  }
}

function pushZeroBelow (stack: StackEntry[], level: number): void {
  // Fill with zero pieces the size of the last entry until the next piece is aligned.
  for (let last = stack[stack.length - 1]; last !== undefined && last.level < level; last = stack[stack.length - 1]) {
    stack.push({ level: last.level, comm: zeroNode(last.level) })
    reduce(stack)
  }
}

/**
 * GenerateUnsealedCID: the CommD of a sector of `sectorSize` holding `pieces` in order. An empty
 * list gives the CommD of an empty sector.
 */
export function generateUnsealedCid (sectorSize: PaddedPieceSize | number, pieces: readonly PieceInfo[]): PieceCid {
  const sector = paddedPieceSize(sectorSize, 'sector size')
  const sectorLevel = pieceLevel(sector)
  const stack: StackEntry[] = []
  pieces.forEach((p, i) => {
    const source = `pieces[${i}]`
    const size = paddedPieceSize(p.size, `${source}.size`)
    if (size > sector) {
      throw new InvalidInputError('ERR_PIECE_TOO_LARGE', `piece of ${size} bytes is larger than the sector (${sector} bytes)`, { value: p.size, source: `${source}.size` })
    }
    const comm = parsePieceCid(p.pieceCid, `${source}.pieceCid`).multihash.digest
    const level = pieceLevel(size)
    pushZeroBelow(stack, level)
    stack.push({ level, comm })
    reduce(stack)
    const top = stack[0]
    if (top !== undefined && (top.level > sectorLevel || (top.level === sectorLevel && stack.length > 1))) {
      throw new InvalidInputError('ERR_PIECES_EXCEED_SECTOR', `pieces up to index ${i} (with alignment padding) exceed the sector size ${sector}`, { value: p.size, source })
    }
  })
  if (stack.length === 0) return commPToPieceCid(zeroNode(sectorLevel))
  pushZeroBelow(stack, sectorLevel)
  while (stack.length > 1) {
    const last = stack[stack.length - 1]!
    stack.push({ level: last.level, comm: zeroNode(last.level) })
    reduce(stack)
  }
  return commPToPieceCid(stack[0]!.comm)
}
