import { strict as assert } from 'node:assert'
import { readFile, rm, writeFile } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { RegisteredPoStProof, RegisteredSealProof, sectorName, windowPoStPartitionSectors } from '../../../src/core/sector/index.js'
import { actorId } from '../../../src/core/types.js'
import {
  DevProver, DevVerifier, SectorProvingError, checkWindowPoStProof, postLeafChallenges, winningPoStSectorChallenge,
  type PoStVerifyInfo, type PrivateSectorInfo
} from '../../../src/proofs/index.js'
import { bytes32, privateInfo, sealSector, tempDir, type SealedSector } from './helpers.js'

const P2K = RegisteredSealProof.StackedDrg2KiBV1_1
const P8M = RegisteredSealProof.StackedDrg8MiBV1_1
const miner = actorId(1000n)
const prover = new DevProver({ randomness: bytes32('spot check') })
const verifier = new DevVerifier()
const randomness = bytes32('window randomness')

function chainInfo (sectors: readonly PrivateSectorInfo[]): PoStVerifyInfo['challengedSectors'] {
  return sectors.map(({ sealProof, sectorNumber, sealedCid }) => ({ sealProof, sectorNumber, sealedCid }))
}

async function flipByte (path: string, at: number): Promise<void> {
  const buf = await readFile(path)
  buf[at]! ^= 0x80
  await writeFile(path, buf)
}

describe('dev Window and Winning PoSt', () => {
  let dir: string
  let cleanup: () => Promise<void>
  const sealed: SealedSector[] = []
  before(async () => {
    ({ dir, cleanup } = await tempDir())
    for (let n = 1; n <= 5; n++) sealed.push(await sealSector(dir, P2K, n))
  })
  after(async () => { await cleanup() })

  it('proves and verifies a multi-partition set (5 sectors, 2 per partition)', async () => {
    assert.equal(windowPoStPartitionSectors(RegisteredPoStProof.StackedDrgWindow2KiBV1_1), 2)
    const sectors = sealed.map(privateInfo).reverse() // order does not matter: both sides sort
    const proofs = await prover.generateWindowPoSt({ miner, randomness, sectors })
    assert.equal(proofs.length, 1)
    assert.equal(proofs[0]!.postProof, RegisteredPoStProof.StackedDrgWindow2KiBV1_1)
    const info: PoStVerifyInfo = { randomness, proofs, challengedSectors: chainInfo(sectors), prover: miner }
    assert.equal(verifier.verifyWindowPoSt(info), true)
    assert.equal(verifier.verifyWindowPoSt({ ...info, randomness: bytes32('other') }), false)
    assert.equal(verifier.verifyWindowPoSt({ ...info, challengedSectors: info.challengedSectors.slice(1) }), false)
    assert.equal(verifier.verifyWinningPoSt(info), false)
    // Each partition proven on its own verifies too.
    for (let i = 0; i < sectors.length; i += 2) {
      const part = sectors.slice(i, i + 2)
      const p = await prover.generateWindowPoSt({ miner, randomness, sectors: part })
      assert.equal(verifier.verifyWindowPoSt({ randomness, proofs: p, challengedSectors: chainInfo(part), prover: miner }), true)
    }
  })

  it('a swapped CommR fails verification with a reason naming the sector', async () => {
    const sectors = sealed.slice(0, 2).map(privateInfo)
    const proofs = await prover.generateWindowPoSt({ miner, randomness, sectors })
    const challenged = chainInfo(sectors).map((s, i) => i === 0 ? { ...s, sealedCid: sealed[2]!.cids.sealed } : s)
    const r = checkWindowPoStProof({ randomness, proofs, challengedSectors: challenged, prover: miner })
    assert.equal(r.valid, false)
    assert.match((r as { reason: string }).reason, /sector 1/)
  })

  it('a corrupted or missing sector cannot be proven; checkProvable names it and passes the rest', async () => {
    const extra = [await sealSector(dir, P2K, 20), await sealSector(dir, P2K, 21)]
    const sectors = [...sealed.slice(0, 2), ...extra].map(privateInfo)
    const before = await prover.generateWindowPoSt({ miner, randomness, sectors })
    await flipByte(extra[0]!.sealedPath, 1000)
    await rm(extra[1]!.sealedPath)
    await assert.rejects(prover.generateWindowPoSt({ miner, randomness, sectors }), (err: unknown) => {
      assert.ok(err instanceof SectorProvingError)
      assert.deepEqual(err.badSectors.map((b) => sectorName(b.sector)), ['s-t01000-20', 's-t01000-21'])
      assert.match(err.message, /s-t01000-21 \(sealed file is missing\)/)
      return true
    })
    const checks = await prover.checkProvable(miner, sectors)
    assert.deepEqual(checks.map((c) => c.ok), [true, true, false, false])
    assert.match((checks[2] as { reason: string }).reason, /does not match/)
    assert.match((checks[3] as { reason: string }).reason, /missing/)
    // The proof made before the damage still verifies (it is about the sealed data, which the chain's CommR fixes).
    assert.equal(verifier.verifyWindowPoSt({ randomness, proofs: before, challengedSectors: chainInfo(sectors), prover: miner }), true)
    // The good sectors alone can still be proven (Lotus skips the faulty ones).
    const good = sectors.slice(0, 2)
    const p = await prover.generateWindowPoSt({ miner, randomness, sectors: good })
    assert.equal(verifier.verifyWindowPoSt({ randomness, proofs: p, challengedSectors: chainInfo(good), prover: miner }), true)
  })

  it('a missing cache folder is reported as such', async () => {
    const s = await sealSector(dir, P2K, 30)
    await rm(s.cacheDirPath, { recursive: true })
    const [check] = await prover.checkProvable(miner, [privateInfo(s)])
    assert.equal(check!.ok, false)
    assert.match((check as { reason: string }).reason, /cache file sc-02-data-tree-r-last.dat is missing/)
  })

  it('Winning PoSt: sector selection, proof and verification', async () => {
    const r = bytes32('winning')
    const eligible = sealed.map(privateInfo)
    const picks = verifier.generateWinningPoStSectorChallenge(RegisteredPoStProof.StackedDrgWinning2KiBV1, miner, r, eligible.length)
    assert.equal(picks.length, 1)
    assert.ok(picks[0]! >= 0 && picks[0]! < eligible.length)
    assert.deepEqual(winningPoStSectorChallenge(miner, r, eligible.length), picks)
    const chosen = picks.map((i) => eligible[i]!)
    const proofs = await prover.generateWinningPoSt({ miner, randomness: r, sectors: chosen })
    assert.equal(proofs[0]!.postProof, RegisteredPoStProof.StackedDrgWinning2KiBV1)
    const info = { randomness: r, proofs, challengedSectors: chainInfo(chosen), prover: miner }
    assert.equal(verifier.verifyWinningPoSt(info), true)
    assert.equal(verifier.verifyWindowPoSt(info), false)
    assert.throws(() => winningPoStSectorChallenge(miner, r, 0), /empty sector set/)
  })

  it('PoSt leaf challenges follow generate_leaf_challenge (sha256(rand || sector LE || i LE))', () => {
    const a = postLeafChallenges(randomness, 7, 64, 4)
    assert.equal(a.length, 4)
    for (const c of a) assert.ok(c >= 0 && c < 64)
    // The top two bits of the randomness are cleared first, as Lotus does before calling the prover.
    const masked = randomness.slice()
    masked[31]! ^= 0xc0
    assert.deepEqual(postLeafChallenges(masked, 7, 64, 4), a)
  })

  it('proves 8 MiB sectors and catches corruption in a challenged group', async () => {
    const s = await sealSector(dir, P8M, 40)
    const sectors = [privateInfo(s)]
    const proofs = await prover.generateWindowPoSt({ miner, randomness, sectors })
    assert.equal(verifier.verifyWindowPoSt({ randomness, proofs, challengedSectors: chainInfo(sectors), prover: miner }), true)
    const leaf = postLeafChallenges(randomness, 40, 2 ** 18, 4)[2]!
    await flipByte(s.sealedPath, leaf * 32 + 31)
    await assert.rejects(prover.generateWindowPoSt({ miner, randomness, sectors }), SectorProvingError)
  })
})
