/**
 * Deal input phase: WaitDeals (wait for pieces or the start condition), AddPiece (write the
 * assigned pieces with their alignment pads) and Packing (zero fillers to the sector size).
 */
import { parsePieceCid, requiredPadding, zeroPieceCid, type PaddedPieceSize } from '../../core/piece/index.js'
import type { SectorPiece } from '../../api/sealing.js'
import type { AssignedPiece, Handler, HandlerOutcome } from '../env.js'
import { FT_UNSEALED, need, sectorFiles } from '../files.js'
import { fillerSizes, writePiece, writeZeros, zeroTail } from '../pieces.js'
import { usedPaddedBytes } from '../record.js'

export const handleWaitDeals: Handler = async ({ record, signal, env }) => {
  env.input.sectorOpen(record.SectorNumber)
  await env.input.waitStart(record, signal)
  return { type: 'SectorStartPacking' }
}

export const handleAddPiece: Handler = async ({ record, env }): Promise<HandlerOutcome> => {
  const n = record.SectorNumber
  const assigned = env.input.takeAssigned(n)
  const added: SectorPiece[] = []
  const done: Array<{ piece: AssignedPiece, offset: number }> = []
  const failed: Array<{ piece: AssignedPiece, err: Error }> = []
  let used = usedPaddedBytes(record)
  let deals = record.Pieces.filter((p) => p.DealInfo !== null).length
  let path: string | undefined
  for (const piece of assigned) {
    try {
      const size = (piece.size + piece.size / 127) as PaddedPieceSize
      if (deals >= env.policy.maxDealsPerSector) throw new Error(`sector ${n} already holds ${deals} deals, the most a sector may`)
      const { pads, sum } = requiredPadding(used, size)
      if (used + sum + size > env.sectorSize) throw new Error(`piece of ${size} padded bytes does not fit sector ${n} (${used} of ${env.sectorSize} used)`)
      path ??= need((await sectorFiles(env, n, FT_UNSEALED, true)).unsealed, n, 'unsealed')
      for (const pad of pads) {
        await writeZeros(path, used, pad)
        added.push({ Piece: { Size: pad, PieceCID: zeroPieceCid(pad) }, DealInfo: null })
        used += pad
      }
      const cid = await writePiece(path, used, piece.size, piece.data)
      const expected = piece.deal.DealProposal?.PieceCID
      if (expected !== undefined && parsePieceCid(expected).toString() !== cid.toString()) {
        throw new Error(`piece CID of the data ${cid.toString()} does not match the deal's ${String(expected)}`)
      }
      added.push({ Piece: { Size: size, PieceCID: cid }, DealInfo: piece.deal })
      done.push({ piece, offset: used })
      used += size
      deals++
    } catch (err) {
      failed.push({ piece, err: err as Error })
      // Anything after a failed piece would be misplaced; later pieces go back for another try.
      for (const rest of assigned.slice(assigned.indexOf(piece) + 1)) failed.push({ piece: rest, err: new Error(`an earlier piece in sector ${n} failed: ${(err as Error).message}`) })
      break
    }
  }
  const answer = (): void => {
    env.input.writeEnded(n)
    for (const f of failed) f.piece.reject(f.err)
  }
  if (added.length === 0 && failed.length > 0) {
    return { event: { type: 'SectorAddPieceFailed', error: failed.map((f) => f.err.message).join('; ') }, committed: answer, dropped: answer }
  }
  return {
    event: { type: 'SectorPieceAdded', newPieces: added },
    committed: () => {
      for (const d of done) d.piece.resolve({ sector: n, offset: d.offset })
      answer()
    },
    dropped: () => {
      for (const d of done) d.piece.reject(new Error(`sector ${n} moved on before its pieces were recorded`))
      answer()
    }
  }
}

export const handlePacking: Handler = async ({ record, env }) => {
  const n = record.SectorNumber
  try {
    const used = usedPaddedBytes(record)
    const path = need((await sectorFiles(env, n, FT_UNSEALED, true)).unsealed, n, 'unsealed')
    await zeroTail(path, used, env.sectorSize)
    const fillers = fillerSizes(env.sectorSize - used).map((size) => ({ Size: size as PaddedPieceSize, PieceCID: zeroPieceCid(size) }))
    return { type: 'SectorPacked', fillerPieces: fillers }
  } catch (err) {
    return { type: 'SectorPackingFailed', error: (err as Error).message }
  }
}
