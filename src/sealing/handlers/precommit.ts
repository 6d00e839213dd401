/**
 * PreCommit1 and PreCommit2 through the prover, with the sealed file and cache allocated in a
 * sealing path. PC1 first re-checks deals and the ticket's age; PC2 checks that CommD is the
 * one the pieces give, so a wrong layout never reaches the chain.
 */
import { generateUnsealedCid } from '../../core/piece/index.js'
import type { RegisteredSealProof } from '../../core/sector/index.js'
import type { Handler } from '../env.js'
import { FT_CACHE, FT_SEALED, FT_UNSEALED, need, sectorFiles } from '../files.js'
import { checkDeals, ticketExpired } from './checks.js'

export const handlePreCommit1: Handler = async ({ record, env }) => {
  const n = record.SectorNumber
  try {
    const head = await env.chain.ChainHead()
    const bad = await checkDeals(env, record, head.height, head.key)
    if (bad !== undefined) return bad
    if (record.TicketValue === null || ticketExpired(env, record, head.height)) return { type: 'SectorOldTicket' }
    const files = await sectorFiles(env, n, FT_UNSEALED | FT_SEALED | FT_CACHE, true)
    const out = await env.prover.sealPreCommit1({
      proofType: record.SectorType as RegisteredSealProof,
      sector: env.sectorId(n),
      ticket: record.TicketValue,
      pieces: record.Pieces.map((p) => ({ size: p.Piece.Size, pieceCid: p.Piece.PieceCID })),
      unsealedPath: need(files.unsealed, n, 'unsealed'),
      sealedPath: need(files.sealed, n, 'sealed'),
      cacheDirPath: need(files.cache, n, 'cache')
    })
    return { type: 'SectorPreCommit1', preCommit1Out: out }
  } catch (err) {
    return { type: 'SectorSealPreCommit1Failed', error: `seal pre commit(1) failed: ${(err as Error).message}` }
  }
}

export const handlePreCommit2: Handler = async ({ record, env }) => {
  const n = record.SectorNumber
  try {
    if (record.PreCommit1Out === null) throw new Error('no PreCommit1 output on record')
    const files = await sectorFiles(env, n, FT_SEALED | FT_CACHE, false)
    const cids = await env.prover.sealPreCommit2({
      phase1Output: record.PreCommit1Out,
      sealedPath: need(files.sealed, n, 'sealed'),
      cacheDirPath: need(files.cache, n, 'cache')
    })
    const expected = generateUnsealedCid(env.sectorSize, record.Pieces.map((p) => ({ size: p.Piece.Size, pieceCid: p.Piece.PieceCID })))
    if (expected.toString() !== cids.unsealed.toString()) {
      return { type: 'SectorSealPreCommit1Failed', error: `CommD ${cids.unsealed.toString()} differs from the pieces' ${expected.toString()}` }
    }
    return { type: 'SectorPreCommit2', unsealed: cids.unsealed, sealed: cids.sealed }
  } catch (err) {
    return { type: 'SectorSealPreCommit2Failed', error: `seal pre commit(2) failed: ${(err as Error).message}` }
  }
}
