import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import {
  InvalidSectorNameError, RegisteredPoStProof, RegisteredSealProof, SectorFileType, SECTOR_FILE_FOLDERS, UnknownProofTypeError,
  isLegacyPoRep, parseSectorFileType, parseSectorName, porepId, postProofSectorSize, proverId, registeredPoStProof,
  registeredSealProof, sealProofForSectorSize, sealProofName, sealProofSectorSize, sealProofWindowPoStPartitionSectors,
  sectorId, sectorName, sectorSizeString, toV1_1PoStProof, windowPoStPartitionSectors, windowPoStProofForSeal,
  winningPoStProofForSeal
} from '../../../src/core/sector/index.js'

const KiB = 1024
const MiB = 1024 * KiB
const GiB = 1024 * MiB

describe('registered proof types (go-state-types abi/sector.go)', () => {
  it('keeps Filecoin numbers and sector sizes', () => {
    assert.equal(RegisteredSealProof.StackedDrg2KiBV1, 0)
    assert.equal(RegisteredSealProof.StackedDrg64GiBV1_1, 9)
    assert.equal(RegisteredSealProof.StackedDrg2KiBV1_1_Feat_SyntheticPoRep, 10)
    assert.equal(RegisteredSealProof.StackedDrg64GiBV1_2_Feat_NiPoRep, 19)
    assert.equal(RegisteredPoStProof.StackedDrgWinning64GiBV1, 4)
    assert.equal(RegisteredPoStProof.StackedDrgWindow2KiBV1, 5)
    assert.equal(RegisteredPoStProof.StackedDrgWindow64GiBV1_1, 14)
    const sizes = [2 * KiB, 8 * MiB, 512 * MiB, 32 * GiB, 64 * GiB]
    for (let p = 0; p < 20; p++) assert.equal(sealProofSectorSize(registeredSealProof(p)), sizes[p % 5])
    for (let p = 0; p < 15; p++) assert.equal(postProofSectorSize(registeredPoStProof(p)), sizes[p % 5])
  })

  it('maps seal proofs to PoSt proofs by network version', () => {
    assert.equal(winningPoStProofForSeal(RegisteredSealProof.StackedDrg32GiBV1_1), RegisteredPoStProof.StackedDrgWinning32GiBV1)
    assert.equal(windowPoStProofForSeal(RegisteredSealProof.StackedDrg2KiBV1_1, 18), RegisteredPoStProof.StackedDrgWindow2KiBV1)
    assert.equal(windowPoStProofForSeal(RegisteredSealProof.StackedDrg2KiBV1_1, 19), RegisteredPoStProof.StackedDrgWindow2KiBV1_1)
    assert.equal(windowPoStProofForSeal(RegisteredSealProof.StackedDrg64GiBV1), RegisteredPoStProof.StackedDrgWindow64GiBV1_1)
    assert.equal(toV1_1PoStProof(RegisteredPoStProof.StackedDrgWindow8MiBV1), RegisteredPoStProof.StackedDrgWindow8MiBV1_1)
    assert.throws(() => toV1_1PoStProof(RegisteredPoStProof.StackedDrgWinning8MiBV1), /not a Window PoSt/)
  })

  it('has the Window PoSt partition sizes of builtin-actors', () => {
    const want = [2, 2, 2, 2349, 2300]
    for (let i = 0; i < 5; i++) {
      assert.equal(sealProofWindowPoStPartitionSectors(registeredSealProof(5 + i)), want[i])
      assert.equal(windowPoStPartitionSectors(registeredPoStProof(10 + i)), want[i])
      assert.equal(windowPoStPartitionSectors(registeredPoStProof(5 + i)), want[i])
    }
    assert.throws(() => windowPoStPartitionSectors(RegisteredPoStProof.StackedDrgWinning2KiBV1), /not a Window PoSt/)
  })

  it('derives porep IDs as filecoin-proofs-api (proof number u64 LE, nonce 0)', () => {
    const id = porepId(RegisteredSealProof.StackedDrg32GiBV1_1)
    assert.equal(Buffer.from(id).toString('hex'), '08' + '00'.repeat(31))
    assert.equal(porepId(RegisteredSealProof.StackedDrg2KiBV1)[0], 0)
    assert.equal(isLegacyPoRep(RegisteredSealProof.StackedDrg64GiBV1), true)
    assert.equal(isLegacyPoRep(RegisteredSealProof.StackedDrg2KiBV1_1), false)
  })

  it('rejects unknown numbers with the value and its source', () => {
    assert.throws(() => registeredSealProof(20, 'config Sealing.ProofType'), (err: unknown) => err instanceof UnknownProofTypeError && /config Sealing.ProofType: 20 is not a registered seal proof type/.test(err.message))
    assert.throws(() => registeredPoStProof(-1), UnknownProofTypeError)
    assert.throws(() => registeredSealProof(1.5), UnknownProofTypeError)
    assert.equal(registeredSealProof(7n), 7)
    assert.equal(sealProofName(RegisteredSealProof.StackedDrg512MiBV1_1), 'StackedDrg512MiBV1_1')
  })

  it('picks the V1_1 seal proof for a sector size and prints short sizes', () => {
    assert.equal(sealProofForSectorSize(2048), RegisteredSealProof.StackedDrg2KiBV1_1)
    assert.equal(sealProofForSectorSize(34359738368n), RegisteredSealProof.StackedDrg32GiBV1_1)
    assert.throws(() => sealProofForSectorSize(4096, '--sector-size'), /--sector-size: 4096 bytes is not a sector size/)
    assert.equal(sectorSizeString(2048), '2KiB')
    assert.equal(sectorSizeString(32 * GiB), '32GiB')
  })
})

describe('sector IDs and Lotus file names', () => {
  it('names and parses s-t0<miner>-<number>', () => {
    const id = sectorId(1000n, 7)
    assert.equal(sectorName(id), 's-t01000-7')
    assert.deepEqual(parseSectorName('s-t01000-7'), id)
    assert.deepEqual(parseSectorName('s-t0123456789-0'), sectorId(123456789n, 0))
  })

  it('rejects names that are not sector names, saying what was expected', () => {
    for (const bad of ['s-f01000-1', 's-t01000', 'x-t01000-1', 's-t01000-1.tmp', 's-t0-1', '', 's-t01000--1']) {
      assert.throws(() => parseSectorName(bad, 'sealed/'), (err: unknown) => err instanceof InvalidSectorNameError && /expected s-t0<miner>-<number>/.test(err.message), bad)
    }
    assert.throws(() => parseSectorName('s-t01000-99999999999999999999'), /too large/)
    assert.throws(() => parseSectorName('s-t099999999999999999999-1'), InvalidSectorNameError)
  })

  it('has the storiface file types and folders', () => {
    assert.equal(SectorFileType.UpdateCache, 16)
    assert.equal(SECTOR_FILE_FOLDERS[SectorFileType.UpdateCache], 'update-cache')
    assert.equal(parseSectorFileType('sealed'), SectorFileType.Sealed)
    assert.throws(() => parseSectorFileType('seal'), /not a sector file type/)
  })

  it('makes the prover ID from the ID address payload (uvarint), zero padded', () => {
    assert.equal(Buffer.from(proverId(1000n)).toString('hex'), 'e807' + '00'.repeat(30))
    assert.equal(proverId(0n).every((b) => b === 0), true)
  })
})
