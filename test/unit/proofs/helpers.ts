// Builds small sealed sectors in a temp folder for the proof tests. Data is deterministic
// (sha256 counter stream), so every run seals the same bytes.
import { createCipheriv, createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fr32Pad, pieceCommitmentOf, type PieceInfo } from '../../../src/core/piece/index.js'
import { sealProofSectorSize, sectorId, sectorName, type RegisteredSealProof, type SectorId } from '../../../src/core/sector/index.js'
import { sealedCidToCommR, type PrivateSectorInfo, type SectorCids, DevProver } from '../../../src/proofs/index.js'
import { sectorNumber } from '../../../src/core/types.js'

export function bytes32 (label: string): Uint8Array {
  return new Uint8Array(createHash('sha256').update(label).digest())
}

/** Deterministic pseudo-random bytes: AES-256-CTR keyed by sha256(label). */
export function payload (length: number, label: string): Uint8Array {
  const cipher = createCipheriv('aes-256-ctr', bytes32(label), new Uint8Array(16))
  return new Uint8Array(cipher.update(new Uint8Array(length)))
}

export async function tempDir (): Promise<{ dir: string, cleanup: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'nelumbo-proofs-'))
  return { dir, cleanup: async () => { await rm(dir, { recursive: true, force: true }) } }
}

export interface SealedSector {
  sector: SectorId
  proofType: RegisteredSealProof
  ticket: Uint8Array
  unsealedPath: string
  sealedPath: string
  cacheDirPath: string
  cids: SectorCids
  /** The unpadded payload stored in the sector (one piece filling it). */
  data: Uint8Array
  pieces: PieceInfo[]
}

/** Seals one sector whose single piece fills it. */
export async function sealSector (dir: string, proofType: RegisteredSealProof, number: number, ticketLabel = 'ticket', dataLabel = `data-${number}`): Promise<SealedSector> {
  const size = sealProofSectorSize(proofType)
  const data = payload(size / 128 * 127, dataLabel)
  const padded = fr32Pad(data)
  const { pieceCid } = pieceCommitmentOf(data)
  const sector = sectorId(1000n, number)
  const name = sectorName(sector)
  const unsealedPath = join(dir, `unsealed-${name}-${ticketLabel}`)
  const sealedPath = join(dir, `sealed-${name}-${ticketLabel}`)
  const cacheDirPath = join(dir, `cache-${name}-${ticketLabel}`)
  await writeFile(unsealedPath, padded)
  const ticket = bytes32(ticketLabel)
  const pieces = [{ size, pieceCid }]
  const prover = new DevProver()
  const pc1 = await prover.sealPreCommit1({ proofType, sector, ticket, pieces, unsealedPath, sealedPath, cacheDirPath })
  const cids = await prover.sealPreCommit2({ phase1Output: pc1, sealedPath, cacheDirPath })
  return { sector, proofType, ticket, unsealedPath, sealedPath, cacheDirPath, cids, data, pieces }
}

export function privateInfo (s: SealedSector): PrivateSectorInfo {
  sealedCidToCommR(s.cids.sealed)
  return { sealProof: s.proofType, sectorNumber: sectorNumber(s.sector.number), sealedCid: s.cids.sealed, sealedSectorPath: s.sealedPath, cacheDirPath: s.cacheDirPath }
}
