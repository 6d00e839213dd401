/**
 * Window PoSt for one full partition with the dev prover, and its share of the challenge window.
 *
 * Case: a partition of 2 KiB sectors and one of 8 MiB sectors (WindowPoStPartitionSectors
 * sectors each, 2 for both sizes), sealed first into a temp storage path (page cache). Per
 * partition it times what the scheduler does at a deadline: the storage pre-check of every
 * sector (`checkProvable`), proof generation (`generateWindowPoSt`) and, for reference, the
 * actor-side verification. The share is (check + prove) over the challenge window, 60 epochs ×
 * block delay, for 4 s (devnet) and 30 s (mainnet) blocks. Medians of RUNS runs with fresh
 * randomness. Dev proofs open 4 leaves per sector, so the cost is a few small reads per sector
 * and should not grow with sector size. Prints figures; asserts nothing.
 * Run alone: `node dist/bench/wdpost.js`.
 */
import { randomBytes } from 'node:crypto'
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { zeroPieceCid } from '../src/core/piece/index.js'
import {
  RegisteredSealProof, sealProofSectorSize, sealProofWindowPoStPartitionSectors, sectorId, sectorName, sectorSizeString,
  windowPoStProofForSeal, type RegisteredSealProof as SealProof
} from '../src/core/sector/index.js'
import { sectorNumber } from '../src/core/types.js'
import { DevProver, DevVerifier, type PrivateSectorInfo } from '../src/proofs/index.js'

const RUNS = 7
const CHALLENGE_WINDOW_EPOCHS = 60
const BLOCK_DELAYS_S = [4, 30]
const MINER = 1000n

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
const ms = (t0: number): number => performance.now() - t0

async function sealPartition (dir: string, proofType: SealProof): Promise<PrivateSectorInfo[]> {
  const size = sealProofSectorSize(proofType)
  const count = sealProofWindowPoStPartitionSectors(proofType)
  const prover = new DevProver()
  for (const sub of ['unsealed', 'sealed', 'cache']) await mkdir(join(dir, sub), { recursive: true })
  const out: PrivateSectorInfo[] = []
  for (let n = 1; n <= count; n++) {
    const sector = sectorId(MINER, n)
    const name = sectorName(sector)
    const unsealedPath = join(dir, 'unsealed', name)
    const sealedPath = join(dir, 'sealed', name)
    const cacheDirPath = join(dir, 'cache', name)
    // A committed-capacity sector: zeros, whose CommD is the zero piece's.
    await writeFile(unsealedPath, new Uint8Array(size))
    const pc1 = await prover.sealPreCommit1({
      proofType, sector, ticket: new Uint8Array(randomBytes(32)), pieces: [{ size, pieceCid: zeroPieceCid(size) }], unsealedPath, sealedPath, cacheDirPath
    })
    const cids = await prover.sealPreCommit2({ phase1Output: pc1, sealedPath, cacheDirPath })
    await rm(unsealedPath)
    out.push({ sealProof: proofType, sectorNumber: sectorNumber(n), sealedCid: cids.sealed, sealedSectorPath: sealedPath, cacheDirPath })
  }
  return out
}

async function bench (root: string, proofType: SealProof): Promise<void> {
  const dir = join(root, String(proofType))
  const t0 = performance.now()
  const sectors = await sealPartition(dir, proofType)
  const tSeal = ms(t0)
  const prover = new DevProver()
  const verifier = new DevVerifier()
  const postProof = windowPoStProofForSeal(proofType)
  const checks: number[] = []
  const proves: number[] = []
  const verifies: number[] = []
  let bytes = 0
  for (let i = 0; i < RUNS; i++) {
    const randomness = new Uint8Array(randomBytes(32))
    let t = performance.now()
    const checked = await prover.checkProvable(MINER as never, sectors)
    checks.push(ms(t))
    if (checked.some((c) => !c.ok)) throw new Error(`${sectorSizeString(sealProofSectorSize(proofType))}: a freshly sealed sector failed its check`)
    t = performance.now()
    const proofs = await prover.generateWindowPoSt({ miner: MINER as never, randomness, sectors, postProof })
    proves.push(ms(t))
    bytes = proofs[0]!.proofBytes.length
    t = performance.now()
    const ok = verifier.verifyWindowPoSt({ randomness, proofs, challengedSectors: sectors, prover: MINER as never })
    verifies.push(ms(t))
    if (!ok) throw new Error('the Window PoSt did not verify')
  }
  const total = median(checks) + median(proves)
  const size = sectorSizeString(sealProofSectorSize(proofType))
  console.log(`${size.padStart(6)} partition (${sectors.length} sectors, sealed in ${tSeal.toFixed(0)} ms):` +
    ` check ${median(checks).toFixed(2)} ms + prove ${median(proves).toFixed(2)} ms = ${total.toFixed(2)} ms; verify ${median(verifies).toFixed(2)} ms; proof ${bytes} B`)
  for (const delay of BLOCK_DELAYS_S) {
    const windowMs = CHALLENGE_WINDOW_EPOCHS * delay * 1000
    console.log(`        share of the challenge window (${CHALLENGE_WINDOW_EPOCHS} epochs x ${delay} s = ${windowMs / 1000} s): ${(total / windowMs * 100).toExponential(2)} %`)
  }
  await rm(dir, { recursive: true, force: true })
}

async function main (): Promise<void> {
  console.log(`Window PoSt of a full partition, dev prover, median of ${RUNS} runs`)
  const root = await mkdtemp(join(tmpdir(), 'nelumbo-bench-wdpost-'))
  try {
    for (const p of [RegisteredSealProof.StackedDrg2KiBV1_1, RegisteredSealProof.StackedDrg8MiBV1_1]) await bench(root, p)
  } finally {
    await rm(root, { recursive: true, force: true })
  }
}

await main()
