/**
 * The data check before publishing: the file must be a CAR (v1 or v2 header, as Boost requires)
 * and its piece CID, zero-padded up to the proposal's piece size, must be the proposal's.
 */
import { createReadStream } from 'node:fs'
import { open } from 'node:fs/promises'
import { CarBlockIterator } from '@ipld/car'
import { generateUnsealedCid, pieceCommitment } from '../../core/piece/index.js'
import type { DealProposal } from '../../chain/actors/builtin/market/types.js'

/** Undefined when the file fits the proposal; else why not. */
export async function checkPieceData (file: string, p: DealProposal): Promise<string | undefined> {
  const head = createReadStream(file, { end: 1 << 20 })
  try {
    await CarBlockIterator.fromIterable(head)
  } catch (err) {
    return `data is not a CAR file: ${(err as Error).message}`
  } finally {
    head.destroy()
  }
  const fh = await open(file, 'r')
  try {
    const r = await pieceCommitment(fh, { source: file })
    if (r.pieceSize > p.PieceSize) return `data of ${r.payloadSize} bytes needs a piece of ${r.pieceSize} bytes, more than the proposal's ${p.PieceSize}`
    const cid = r.pieceSize === p.PieceSize ? r.pieceCid : generateUnsealedCid(p.PieceSize, [{ size: r.pieceSize, pieceCid: r.pieceCid }])
    if (!cid.equals(p.PieceCID)) return `commP mismatch: the data's piece CID is ${cid.toString()}, the proposal's ${p.PieceCID.toString()}`
    return undefined
  } finally {
    await fh.close()
  }
}
