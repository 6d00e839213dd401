import { strict as assert } from 'node:assert'
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { RegisteredSealProof } from '../../../src/core/sector/index.js'
import { DevProver, DevVerifier, SectorFileError, checkSealProof, porepChallenges, replicaId, unsealedCidToCommD, type SealVerifyInfo } from '../../../src/proofs/index.js'
import { bytes32, sealSector, tempDir, type SealedSector } from './helpers.js'

const P2K = RegisteredSealProof.StackedDrg2KiBV1_1
const P8M = RegisteredSealProof.StackedDrg8MiBV1_1
const prover = new DevProver()
const verifier = new DevVerifier()
const seed = bytes32('seed')

function verifyInfo (s: SealedSector, proof: Uint8Array): SealVerifyInfo {
  return { sealProof: s.proofType, sectorId: s.sector, randomness: s.ticket, interactiveRandomness: seed, proof, sealedCid: s.cids.sealed, unsealedCid: s.cids.unsealed }
}

async function commit (s: SealedSector): Promise<Uint8Array> {
  return await prover.sealCommit({ proofType: s.proofType, sector: s.sector, ticket: s.ticket, seed, cids: s.cids, sealedPath: s.sealedPath, cacheDirPath: s.cacheDirPath })
}

async function flipByte (path: string, at: number): Promise<void> {
  const buf = await readFile(path)
  buf[at] = buf[at]! ^ 0x01
  await writeFile(path, buf)
}

describe('dev sealing and PoRep', () => {
  let dir: string
  let cleanup: () => Promise<void>
  before(async () => { ({ dir, cleanup } = await tempDir()) })
  after(async () => { await cleanup() })

  it('seals 2 KiB: CommD is the pieces CommD, CommR is a dev sealed CID, the PoRep verifies', async () => {
    const s = await sealSector(dir, P2K, 1)
    assert.equal(s.cids.unsealed.toString(), s.pieces[0]!.pieceCid.toString())
    assert.equal(s.cids.sealed.code, 0xf102)
    assert.equal(s.cids.sealed.multihash.code, 0x1012)
    const proof = await commit(s)
    assert.equal(verifier.verifySeal(verifyInfo(s, proof)), true)
    // The sealed replica is not the unsealed data.
    assert.notDeepEqual(await readFile(s.sealedPath), await readFile(s.unsealedPath))
  })

  it('rejects a proof checked against another seed, ticket, sector or CommR', async () => {
    const s = await sealSector(dir, P2K, 2)
    const proof = await commit(s)
    const good = verifyInfo(s, proof)
    assert.equal(checkSealProof({ ...good, interactiveRandomness: bytes32('other seed') }).valid, false)
    assert.equal(checkSealProof({ ...good, randomness: bytes32('other ticket') }).valid, false)
    assert.equal(checkSealProof({ ...good, sectorId: { ...s.sector, number: 99 as typeof s.sector.number } }).valid, false)
    const other = await sealSector(dir, P2K, 3)
    const r = checkSealProof({ ...good, sealedCid: other.cids.sealed })
    assert.equal(r.valid, false)
    const tampered = proof.slice()
    tampered[10]! ^= 1
    assert.equal(checkSealProof({ ...good, proof: tampered }).valid, false)
    assert.match((checkSealProof({ ...good, proof: proof.subarray(0, 100) }) as { reason: string }).reason, /expected/)
  })

  it('a sealed file with one flipped byte cannot produce a PoRep', async () => {
    const s = await sealSector(dir, P2K, 4)
    await flipByte(s.sealedPath, 700)
    await assert.rejects(commit(s), (err: unknown) => err instanceof SectorFileError && /s-t01000-4/.test(err.message) && /does not match/.test(err.message))
  })

  it('a proof built from a corrupted replica does not verify', async () => {
    const s = await sealSector(dir, P2K, 5)
    const proof = await commit(s)
    // Flip a bit inside the first opened sealed leaf: the path no longer leads to CommR.
    const tampered = proof.slice()
    tampered[4 + 3]! ^= 0x04
    const r = checkSealProof(verifyInfo(s, tampered))
    assert.equal(r.valid, false)
  })

  it('two replicas of the same data with different tickets differ', async () => {
    const a = await sealSector(dir, P2K, 6, 'ticket-a', 'same')
    const b = await sealSector(dir, P2K, 6, 'ticket-b', 'same')
    assert.deepEqual(await readFile(a.unsealedPath), await readFile(b.unsealedPath))
    assert.notDeepEqual(await readFile(a.sealedPath), await readFile(b.sealedPath))
    assert.notEqual(a.cids.sealed.toString(), b.cids.sealed.toString())
    assert.equal(a.cids.unsealed.toString(), b.cids.unsealed.toString())
  })

  it('unseal(seal(x)) == x, whole sector and a range, and readPiece returns the payload', async () => {
    const s = await sealSector(dir, P2K, 7)
    const out = join(dir, 'unsealed-again')
    await prover.unseal({ proofType: s.proofType, sector: s.sector, ticket: s.ticket, unsealedCid: s.cids.unsealed, sealedPath: s.sealedPath, unsealedPath: out })
    assert.deepEqual(await readFile(out), await readFile(s.unsealedPath))
    const part = join(dir, 'unsealed-part')
    await prover.unseal({ proofType: s.proofType, sector: s.sector, ticket: s.ticket, unsealedCid: s.cids.unsealed, sealedPath: s.sealedPath, unsealedPath: part, offset: 512, size: 256 })
    assert.deepEqual((await readFile(part)).subarray(512, 768), (await readFile(s.unsealedPath)).subarray(512, 768))
    const chunks: Uint8Array[] = []
    for await (const c of prover.readPiece({ unsealedPath: out, offset: 100, size: 1500 })) chunks.push(c)
    assert.deepEqual(Buffer.concat(chunks), Buffer.from(s.data.subarray(100, 1600)))
  })

  it('PreCommit1 refuses data that does not match the pieces, and a missing unsealed file', async () => {
    const s = await sealSector(dir, P2K, 8)
    const other = await sealSector(dir, P2K, 9)
    const base = { proofType: P2K, sector: s.sector, ticket: s.ticket, sealedPath: join(dir, 'x-sealed'), cacheDirPath: join(dir, 'x-cache') }
    await assert.rejects(prover.sealPreCommit1({ ...base, pieces: other.pieces, unsealedPath: s.unsealedPath }), /CommD/)
    await assert.rejects(prover.sealPreCommit1({ ...base, pieces: s.pieces, unsealedPath: join(dir, 'nope') }), (err: unknown) => err instanceof SectorFileError && /unsealed file is missing/.test(err.message))
  })

  it('PreCommit2 refuses output that is not from PreCommit1; readPiece refuses a range past the file', async () => {
    await assert.rejects(prover.sealPreCommit2({ phase1Output: new Uint8Array([1, 2, 3]), sealedPath: join(dir, 'a'), cacheDirPath: join(dir, 'b') }), /not a PreCommit1 output/)
    const s = await sealSector(dir, P2K, 11)
    const read = async (): Promise<void> => { for await (const _ of prover.readPiece({ unsealedPath: s.unsealedPath, offset: 2000, size: 100 })) { /* drain */ } }
    await assert.rejects(read(), /ends at byte 2048/)
  })

  it('replica ID follows rust-fil-proofs inputs and PoRep challenges stay in the sector', () => {
    const commD = unsealedCidToCommD('baga6ea4seaqdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy')
    const a = replicaId(P2K, { miner: 1000n, number: 1 } as never, bytes32('t'), commD)
    assert.equal(a.length, 32)
    assert.equal(a[31]! & 0xc0, 0)
    assert.notDeepEqual(a, replicaId(RegisteredSealProof.StackedDrg2KiBV1, { miner: 1000n, number: 1 } as never, bytes32('t'), commD))
    for (const c of porepChallenges(a, seed, 64, 16)) assert.ok(c >= 0 && c < 64)
  })

  it('seals 8 MiB (multi-group paths) and catches a flipped byte in a challenged group', async () => {
    const s = await sealSector(dir, P8M, 10)
    const proof = await commit(s)
    assert.equal(verifier.verifySeal(verifyInfo(s, proof)), true)
    const replica = replicaId(P8M, s.sector, s.ticket, unsealedCidToCommD(s.cids.unsealed))
    const leaf = porepChallenges(replica, seed, 2 ** 18, 16)[0]!
    await flipByte(s.sealedPath, leaf * 32 + 5)
    await assert.rejects(commit(s), SectorFileError)
  })
})
