/**
 * Dev-proof sealing and Window PoSt, next to CommP of the same size measured in the same run.
 *
 * Case: one sector of 2 KiB, 8 MiB and 512 MiB (512 MiB is skipped when
 * NELUMBO_BENCH_QUICK=1) holding one random piece that fills it, files in a temp folder (page
 * cache). Sealing is PreCommit1 (one pass: CommD tree + AES-256-CTR keystream + write) then
 * PreCommit2 (one pass: CommR tree), so it costs about two tree builds and one keystream pass.
 * A tree build hashes the same nodes as CommP over the padded piece, so the expected bound on
 * one core is seal time <= 3x CommP on one worker (two trees, plus AES-NI at several GB/s and
 * file I/O); Window PoSt of one sector reads 4 groups of 8 KiB and should take a few ms at any
 * size. Peak RSS should stay under ~250 MB at 512 MiB (two 4 MiB chunks plus sector/128 of
 * cache rows). Writing the new sealed file is part of PreCommit1, so the run also times writing
 * a new file of the sector's size: where block allocation is slow (a VM disk) it bounds PC1.
 * This prints figures; it asserts nothing.
 */
import { randomFillSync } from 'node:crypto'
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { nativeHasherStatus } from '../src/core/merkle/hasher.js'
import { fr32PadQuad, pieceCommitment, type PieceCid } from '../src/core/piece/index.js'
import { RegisteredSealProof, sectorId, sectorSizeString, type RegisteredSealProof as SealProof } from '../src/core/sector/index.js'
import { sectorNumber } from '../src/core/types.js'
import { DevProver, DevVerifier } from '../src/proofs/index.js'

const QUICK = process.env.NELUMBO_BENCH_QUICK === '1'
const MiB = 2 ** 20
const CASES: SealProof[] = [RegisteredSealProof.StackedDrg2KiBV1_1, RegisteredSealProof.StackedDrg8MiBV1_1]
if (!QUICK) CASES.push(RegisteredSealProof.StackedDrg512MiBV1_1)
const SIZES: Record<number, number> = { 5: 2048, 6: 8 * MiB, 7: 512 * MiB }

const ms = (t0: number): number => performance.now() - t0
const fmtMs = (n: number): string => n.toFixed(n < 10 ? 2 : 0).padStart(8)
const rate = (bytes: number, t: number): string => (bytes / (t / 1000) / 1e6).toFixed(0).padStart(6)

/** Writes a random unpadded piece filling the sector and its fr32-padded unsealed sector file. */
function writeSectorFiles (piecePath: string, unsealedPath: string, sectorSize: number): void {
  const quadsPerChunk = Math.min(32768, sectorSize / 128)
  const unpadded = Buffer.alloc(127 * quadsPerChunk)
  const padded = Buffer.alloc(128 * quadsPerChunk)
  const pf = openSync(piecePath, 'w')
  const uf = openSync(unsealedPath, 'w')
  for (let done = 0; done < sectorSize; done += padded.length) {
    randomFillSync(unpadded)
    for (let q = 0; q < quadsPerChunk; q++) fr32PadQuad(unpadded, 127 * q, padded, 128 * q)
    writeSync(pf, unpadded)
    writeSync(uf, padded)
  }
  closeSync(pf)
  closeSync(uf)
}

/** Time to write `size` bytes to a new file, the I/O floor of PreCommit1. */
function freshWrite (path: string, size: number): number {
  const chunk = Buffer.alloc(Math.min(4 * MiB, size), 7)
  const t0 = performance.now()
  const fd = openSync(path, 'w')
  for (let at = 0; at < size; at += chunk.length) writeSync(fd, chunk, 0, chunk.length, at)
  closeSync(fd)
  const t = ms(t0)
  rmSync(path)
  return t
}

async function commP (path: string, workers?: number): Promise<{ t: number, pieceCid: PieceCid }> {
  const fh = await open(path, 'r')
  try {
    const t0 = performance.now()
    const r = await pieceCommitment(fh, { workers })
    return { t: ms(t0), pieceCid: r.pieceCid }
  } finally {
    await fh.close()
  }
}

async function bench (dir: string, proofType: SealProof): Promise<void> {
  const size = SIZES[proofType]!
  const name = sectorSizeString(size)
  const piecePath = join(dir, `piece-${name}`)
  const unsealedPath = join(dir, `unsealed-${name}`)
  const sealedPath = join(dir, `sealed-${name}`)
  const cacheDirPath = join(dir, `cache-${name}`)
  writeSectorFiles(piecePath, unsealedPath, size)

  const tWrite = freshWrite(join(dir, `write-${name}`), size)
  const one = await commP(piecePath, 1)
  const all = await commP(piecePath)
  const prover = new DevProver()
  const sector = sectorId(1000n, 1)
  const ticket = new Uint8Array(randomFillSync(Buffer.alloc(32)))
  const seed = new Uint8Array(randomFillSync(Buffer.alloc(32)))
  const pieces = [{ size, pieceCid: one.pieceCid }]

  let t0 = performance.now()
  const pc1 = await prover.sealPreCommit1({ proofType, sector, ticket, pieces, unsealedPath, sealedPath, cacheDirPath })
  const tPc1 = ms(t0)
  t0 = performance.now()
  const cids = await prover.sealPreCommit2({ phase1Output: pc1, sealedPath, cacheDirPath })
  const tPc2 = ms(t0)
  t0 = performance.now()
  const proof = await prover.sealCommit({ proofType, sector, ticket, seed, cids, sealedPath, cacheDirPath })
  const tC = ms(t0)
  const info = { sealProof: proofType, sectorNumber: sectorNumber(1), sealedCid: cids.sealed }
  const randomness = new Uint8Array(randomFillSync(Buffer.alloc(32)))
  t0 = performance.now()
  const post = await prover.generateWindowPoSt({ miner: sector.miner, randomness, sectors: [{ ...info, sealedSectorPath: sealedPath, cacheDirPath }] })
  const tPost = ms(t0)
  const verifier = new DevVerifier()
  t0 = performance.now()
  const okPost = verifier.verifyWindowPoSt({ randomness, proofs: post, challengedSectors: [info], prover: sector.miner })
  const tVerifyPost = ms(t0)
  const okSeal = verifier.verifySeal({ sealProof: proofType, sectorId: sector, randomness: ticket, interactiveRandomness: seed, proof, sealedCid: cids.sealed, unsealedCid: cids.unsealed })
  if (!okPost || !okSeal) throw new Error(`${name}: proofs did not verify (seal ${okSeal}, window PoSt ${okPost})`)

  const seal = tPc1 + tPc2
  console.log(`${name.padStart(6)}  CommP 1 worker ${fmtMs(one.t)} ms (${rate(size, one.t)} MB/s padded)   CommP all workers ${fmtMs(all.t)} ms`)
  console.log(`        seal ${fmtMs(seal)} ms = PC1 ${fmtMs(tPc1)} + PC2 ${fmtMs(tPc2)}   (${(seal / one.t).toFixed(2)}x CommP 1 worker, ${rate(size, seal)} MB/s)`)
  console.log(`        new-file write ${fmtMs(tWrite)} ms (I/O floor of PC1)`)
  console.log(`        PoRep ${fmtMs(tC)} ms (${proof.length} B)   Window PoSt prove ${fmtMs(tPost)} ms (${post[0]!.proofBytes.length} B), verify ${fmtMs(tVerifyPost)} ms`)
  rmSync(piecePath)
  rmSync(unsealedPath)
  rmSync(sealedPath)
  rmSync(cacheDirPath, { recursive: true })
}

async function main (): Promise<void> {
  const hasher = nativeHasherStatus()
  console.log(`dev-proof sealing vs CommP; hasher: ${hasher.available ? hasher.implementation : `portable (${hasher.reason})`}${QUICK ? '; quick (no 512MiB)' : ''}`)
  const dir = mkdtempSync(join(tmpdir(), 'nelumbo-bench-seal-'))
  try {
    for (const p of CASES) await bench(dir, p)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`)
}

await main()
