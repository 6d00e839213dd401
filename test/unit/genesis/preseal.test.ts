import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAddress } from '../../../src/core/address/index.js'
import { generateKey, keyAddress, parseKeyInfoHex } from '../../../src/core/crypto/index.js'
import { RegisteredSealProof, sectorId } from '../../../src/core/sector/index.js'
import { DevProver, DevVerifier } from '../../../src/proofs/index.js'
import { preSeal, readPreSealFile, writeGenesisMiner } from '../../../src/chain/genesis/index.js'

async function tempDir (t: { after: (fn: () => Promise<void>) => void }): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'nelumbo-preseal-'))
  t.after(async () => { await rm(dir, { recursive: true, force: true }) })
  return dir
}

const miner = parseAddress('t01000')

test('pre-seal lays sectors out as Lotus and writes its manifest and key', async (t) => {
  const dir = await tempDir(t)
  const { miner: m, key } = await preSeal({ minerAddr: miner, proofType: RegisteredSealProof.StackedDrg2KiBV1_1, numSectors: 2, sectorDir: dir })
  const files = await writeGenesisMiner(dir, miner, m, key)
  assert.equal(files.json, join(dir, 'pre-seal-t01000.json'))
  assert.equal(files.key, join(dir, 'pre-seal-t01000.key'))
  assert.deepEqual((await readdir(join(dir, 'sealed'))).sort(), ['s-t01000-0', 's-t01000-1'])
  assert.deepEqual((await readdir(join(dir, 'cache'))).sort(), ['s-t01000-0', 's-t01000-1'])
  // Lotus removes the unsealed copies once sealed.
  assert.deepEqual(await readdir(join(dir, 'unsealed')), [])
  assert.equal((await stat(join(dir, 'sealed', 's-t01000-0'))).size, 2048)
  const meta = JSON.parse(await readFile(join(dir, 'sectorstore.json'), 'utf8')) as Record<string, unknown>
  assert.deepEqual([meta.Weight, meta.CanSeal, meta.CanStore], [0, false, false])

  // The key file is hex KeyInfo JSON of a BLS key, the owner and worker, and only its owner can read it.
  const keyText = await readFile(files.key, 'utf8')
  assert.match(keyText, /^[0-9a-f]+$/)
  assert.match(Buffer.from(keyText, 'hex').toString(), /^\{"Type":"bls","PrivateKey":"[A-Za-z0-9+/=]+"\}$/)
  const ki = parseKeyInfoHex(keyText)
  assert.equal(keyAddress(ki).toString(), m.Owner.toString())
  assert.equal((await stat(files.key)).mode & 0o777, 0o600)

  // The manifest has Lotus's shape, keys in Go's field order.
  const json = JSON.parse(await readFile(files.json, 'utf8')) as Record<string, Record<string, unknown>>
  assert.deepEqual(Object.keys(json), ['t01000'])
  const gm = json.t01000!
  assert.deepEqual(Object.keys(gm), ['ID', 'Owner', 'Worker', 'PeerId', 'MarketBalance', 'PowerBalance', 'SectorSize', 'Sectors'])
  assert.equal(gm.ID, 't01000')
  assert.equal(gm.Owner, gm.Worker)
  assert.match(gm.PeerId as string, /^12D3KooW[1-9A-HJ-NP-Za-km-z]{44}$/)
  assert.equal(gm.SectorSize, 2048)
  const sectors = gm.Sectors as Array<Record<string, unknown>>
  assert.equal(sectors.length, 2)
  assert.deepEqual(Object.keys(sectors[0]!), ['CommR', 'CommD', 'SectorID', 'Deal', 'DealClientKey', 'ProofType'])
  assert.equal(sectors[1]!.SectorID, 1)
  assert.equal(sectors[0]!.ProofType, 5)
  assert.deepEqual(sectors[0]!.Deal, {
    PieceCID: sectors[0]!.CommD,
    PieceSize: 2048,
    VerifiedDeal: false,
    Client: gm.Owner,
    Provider: 't01000',
    Label: '0',
    StartEpoch: 0,
    EndEpoch: 9001,
    StoragePricePerEpoch: '0',
    ProviderCollateral: '0',
    ClientCollateral: '0'
  })
  assert.equal((sectors[1]!.Deal as Record<string, unknown>).Label, '1')
  assert.match(((sectors[0]!.CommR as Record<string, string>)['/'])!, /^bagboea4/)
  assert.match(((sectors[0]!.CommD as Record<string, string>)['/'])!, /^baga6ea4/)

  // And it reads back as the same miner.
  const back = (await readPreSealFile(files.json)).get('t01000')!
  assert.equal(back.Sectors[1]!.CommR.toString(), m.Sectors[1]!.CommR.toString())
  assert.equal(back.PeerId, m.PeerId)
})

test('a pre-sealed sector proves: the dev verifier accepts a PoRep of it', async (t) => {
  const dir = await tempDir(t)
  const key = generateKey('secp256k1')
  const { miner: m } = await preSeal({
    minerAddr: miner, proofType: RegisteredSealProof.StackedDrg2KiBV1_1, numSectors: 1, sectorOffset: 3, sectorDir: dir, key, keepUnsealed: true
  })
  assert.equal(m.Owner.toString(), keyAddress(key).toString())
  const s = m.Sectors[0]!
  assert.equal(s.SectorID, 3)
  assert.deepEqual(await readdir(join(dir, 'unsealed')), ['s-t01000-3'])
  const { blake2b } = await import('@noble/hashes/blake2.js')
  const ticket = blake2b(new TextEncoder().encode('lotus is fire'), { dkLen: 32 })
  const seed = new Uint8Array(32).fill(7)
  const sector = sectorId(1000n, 3)
  const cids = { sealed: s.CommR, unsealed: s.CommD } as unknown as Parameters<DevProver['sealCommit']>[0]['cids']
  const proof = await new DevProver().sealCommit({
    proofType: s.ProofType, sector, ticket, seed, cids,
    sealedPath: join(dir, 'sealed', 's-t01000-3'), cacheDirPath: join(dir, 'cache', 's-t01000-3')
  })
  const verifier = new DevVerifier()
  const info = { sealProof: s.ProofType, sectorId: sector, randomness: ticket, interactiveRandomness: seed, proof, sealedCid: s.CommR, unsealedCid: s.CommD }
  assert.equal(verifier.verifySeal(info), true)
  assert.equal(verifier.verifySeal({ ...info, interactiveRandomness: new Uint8Array(32).fill(8) }), false)
})

test('pre-seal refuses a non-ID miner address', async (t) => {
  const dir = await tempDir(t)
  const key = generateKey('secp256k1')
  await assert.rejects(preSeal({ minerAddr: keyAddress(key), proofType: 5, numSectors: 1, sectorDir: dir }), /--miner-addr: .* is not an ID address/)
})
