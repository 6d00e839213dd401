// CheckProvable over real 2 KiB dev-proof sectors: a good sector is absent from the report; a
// missing sealed file, a truncated one and a missing cache are each reported with their path,
// by the cheap file check and by the expensive check (the Window PoSt pre-check against CommR).
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { rm, truncate } from 'node:fs/promises'
import { join } from 'node:path'
import { SECTOR_FILE_FOLDERS, SectorFileType, sectorId, sectorName } from '../../../src/core/sector/index.js'
import type { ActorId } from '../../../src/core/types.js'
import { checkProvable, provingSettings, sectorDirFiles, type ProvableCheckDeps } from '../../../src/mining/index.js'
import { DevProver } from '../../../src/proofs/index.js'
import { minerConfig, quietLog, SectorFolder } from './fakes.js'

const WINDOW_POST_2K = 5
const SEAL_2K = 5
const MINER_ID = 1000n as ActorId

let folder: SectorFolder
let deps: ProvableCheckDeps

const ref = (n: number, miner = MINER_ID): { ID: ReturnType<typeof sectorId>, ProofType: number } => ({ ID: sectorId(miner, n), ProofType: SEAL_2K })
const cachePath = (n: number): string => join(folder.dir, SECTOR_FILE_FOLDERS[SectorFileType.Cache], sectorName(sectorId(MINER_ID, n)))

before(async () => {
  folder = await SectorFolder.create()
  for (const n of [1, 2, 3, 4]) await folder.seal(n)
  await rm(folder.sealedPath(2))
  await truncate(folder.sealedPath(3), 1000)
  await rm(cachePath(4), { recursive: true })
  deps = {
    minerId: MINER_ID,
    sectors: sectorDirFiles(folder.dir),
    prover: new DevProver(),
    commR: async (n) => folder.sealed.get(n) ?? null,
    settings: () => provingSettings(minerConfig().Proving),
    log: quietLog
  }
})

after(async () => { await folder.cleanup() })

test('cheap check: a good sector passes; missing, truncated and cache-less sectors are named with the file', async () => {
  const bad = await checkProvable(deps, WINDOW_POST_2K, [1, 2, 3, 4].map((n) => ref(n)), false)
  assert.deepEqual(Object.keys(bad).sort(), ['2', '3', '4'])
  assert.equal(bad['2'], `stat ${folder.sealedPath(2)}: no such file or directory`)
  assert.equal(bad['3'], `${folder.sealedPath(3)} is wrong size (got 1000, expect 2048)`)
  assert.equal(bad['4'], `stat ${join(cachePath(4), 'sc-02-data-tree-r-last.dat')}: no such file or directory`)
})

test('expensive check: the prover opens challenged leaves against CommR', async () => {
  const bad = await checkProvable(deps, WINDOW_POST_2K, [1, 2, 3, 4].map((n) => ref(n)), true)
  assert.deepEqual(Object.keys(bad).sort(), ['2', '3', '4'])
  assert.match(bad['2']!, /sealed file/)
  assert.match(bad['3']!, /sealed file is 1000 bytes, expected 2048/)
  assert.match(bad['4']!, /sc-02-data-tree-r-last\.dat/)
})

test('expensive check needs the CommR of the sealing records', async () => {
  const bad = await checkProvable({ ...deps, commR: async () => null }, WINDOW_POST_2K, [ref(1)], true)
  assert.deepEqual(bad, { 1: 'getting commR: commr is nil' })
  const failing = await checkProvable({ ...deps, commR: async () => { throw new Error('sector 1 not found') } }, WINDOW_POST_2K, [ref(1)], true)
  assert.deepEqual(failing, { 1: 'getting commR: sector 1 not found' })
})

test('sectors no path holds, of another miner, or of an unknown proof type are bad', async () => {
  const bad = await checkProvable({ ...deps, sectors: { sectorFiles: async () => undefined } }, WINDOW_POST_2K, [ref(1), ref(5, 1001n as ActorId), { ...ref(6), ProofType: 99 }], false)
  assert.equal(bad['1'], 'cache and/or sealed paths not found')
  assert.equal(bad['5'], 'sector of actor 1001, but this node runs actor 1000')
  assert.match(bad['6']!, /99/)
})

test('a proof type that is not Window PoSt is refused, naming it', async () => {
  await assert.rejects(checkProvable(deps, 0, [ref(1)], false), /Window PoSt proof type/)
})
