/**
 * The dev PoRep (ProveCommit): K leaves chosen by sha256(replica ID, seed, i), each opened in
 * the sealed tree (to CommR) and the unsealed tree (to CommD). The verifier recomputes the
 * keystream at each leaf and checks sealed = unsealed XOR keystream and both paths.
 */
import type { FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { verifyMerklePath } from '../core/merkle/index.js'
import { registeredSealProof, sealProofSectorSize, sectorId, type SectorId } from '../core/sector/index.js'
import { porepChallenges } from './challenges.js'
import { sealedCidToCommR, unsealedCidToCommD } from './commitments.js'
import { SectorFileError } from './errors.js'
import { CACHE_FILES, POREP_CHALLENGES, treeGeometry, type TreeGeometry } from './params.js'
import { ProofKind, decodeOpenings, encodeOpenings } from './proof-bytes.js'
import { applyKeystreamAt, checkBytes32, leafKeystream, replicaId } from './replica.js'
import { openSectorFile } from './seal.js'
import { equalBytes, readCachedRoot, readLeafPath, treeHasher, type LeafPath } from './tree-file.js'
import type { ProofCheck, SealCommitInput, SealVerifyInfo } from './types.js'

/** Opens a cache file and checks its root is the commitment the chain knows. */
export async function openCacheFile (sector: SectorId, cacheDir: string, name: string, g: TreeGeometry, root: Uint8Array, what: string): Promise<FileHandle> {
  const path = join(cacheDir, name)
  const fh = await openSectorFile(sector, path, 'r', `cache file ${name}`)
  try {
    const size = (await fh.stat()).size
    if (size !== g.cacheFileSize) throw new SectorFileError(sector, `cache file ${name} is ${size} bytes, expected ${g.cacheFileSize}`, path)
    const cached = await readCachedRoot(fh, g)
    if (cached === undefined || !equalBytes(cached, root)) {
      throw new SectorFileError(sector, `cache file ${name} holds a tree whose root is not the sector's ${what}`, path)
    }
    return fh
  } catch (err) {
    await fh.close()
    throw err
  }
}

/** SealCommit (phases 1 and 2 at once): the PoRep proof bytes. */
export async function sealCommit (input: SealCommitInput): Promise<Uint8Array> {
  const proofType = registeredSealProof(input.proofType, 'proofType')
  const g = treeGeometry(sealProofSectorSize(proofType))
  const sector = sectorId(input.sector.miner, input.sector.number, 'sector')
  checkBytes32(input.ticket, 'ticket')
  checkBytes32(input.seed, 'seed')
  const commD = unsealedCidToCommD(input.cids.unsealed, 'cids.unsealed')
  const commR = sealedCidToCommR(input.cids.sealed, 'cids.sealed')
  const replica = replicaId(proofType, sector, input.ticket, commD)
  const challenges = porepChallenges(replica, input.seed, g.leaves, POREP_CHALLENGES)

  const sealed = await openSectorFile(sector, input.sealedPath, 'r', 'sealed file')
  const handles: FileHandle[] = [sealed]
  try {
    const rCache = await openCacheFile(sector, input.cacheDirPath, CACHE_FILES.treeRLast, g, commR, 'CommR')
    handles.push(rCache)
    const dCache = await openCacheFile(sector, input.cacheDirPath, CACHE_FILES.treeD, g, commD, 'CommD')
    handles.push(dCache)
    const unseal = (group: Uint8Array, firstLeaf: number): void => { applyKeystreamAt(replica, firstLeaf, group) }
    const openings: LeafPath[] = []
    for (const c of challenges) {
      const r = await readLeafPath(sealed, rCache, g, c)
      if (!r.ok) throw new SectorFileError(sector, `sealed file: ${r.reason}`, input.sealedPath)
      const d = await readLeafPath(sealed, dCache, g, c, unseal)
      if (!d.ok) throw new SectorFileError(sector, `unsealed view of the sealed file: ${d.reason}`, input.sealedPath)
      openings.push(r.value, d.value)
    }
    const proof = encodeOpenings(ProofKind.PoRep, openings)
    const check = checkSealProof({
      sealProof: proofType, sectorId: sector, randomness: input.ticket, interactiveRandomness: input.seed,
      proof, sealedCid: input.cids.sealed, unsealedCid: input.cids.unsealed
    })
    if (!check.valid) throw new SectorFileError(sector, `the PoRep just generated does not verify: ${check.reason}`, input.sealedPath)
    return proof
  } finally {
    for (const h of handles) await h.close()
  }
}

function invalid (reason: string): ProofCheck {
  return { valid: false, reason }
}

/** VerifySeal with the reason when it fails. Malformed input is a failed check, not a throw. */
export function checkSealProof (info: SealVerifyInfo): ProofCheck {
  let g: TreeGeometry
  let commR: Uint8Array
  let commD: Uint8Array
  let replica: Uint8Array
  let challenges: number[]
  try {
    const proofType = registeredSealProof(info.sealProof, 'sealProof')
    g = treeGeometry(sealProofSectorSize(proofType))
    commR = sealedCidToCommR(info.sealedCid)
    commD = unsealedCidToCommD(info.unsealedCid)
    checkBytes32(info.randomness, 'randomness (ticket)')
    checkBytes32(info.interactiveRandomness, 'interactive randomness (seed)')
    const sector = sectorId(info.sectorId.miner, info.sectorId.number, 'sectorId')
    replica = replicaId(proofType, sector, info.randomness, commD)
    challenges = porepChallenges(replica, info.interactiveRandomness, g.leaves, POREP_CHALLENGES)
  } catch (err) {
    return invalid((err as Error).message)
  }
  const openings = decodeOpenings(info.proof, ProofKind.PoRep, g.height, 2 * challenges.length)
  if (typeof openings === 'string') return invalid(openings)
  const hasher = treeHasher()
  for (let i = 0; i < challenges.length; i++) {
    const c = challenges[i]!
    const s = openings[2 * i]!
    const u = openings[2 * i + 1]!
    if ((u.leaf[31]! & 0xc0) !== 0) return invalid(`challenge ${i} (leaf ${c}): unsealed leaf is not a field element`)
    const ks = leafKeystream(replica, c)
    for (let j = 0; j < 32; j++) {
      if (s.leaf[j] !== (u.leaf[j]! ^ ks[j]!)) return invalid(`challenge ${i} (leaf ${c}): sealed leaf is not the unsealed leaf encoded for this replica`)
    }
    if (!verifyMerklePath(s.leaf, c, s.path, commR, hasher)) return invalid(`challenge ${i} (leaf ${c}): sealed leaf path does not lead to CommR`)
    if (!verifyMerklePath(u.leaf, c, u.path, commD, hasher)) return invalid(`challenge ${i} (leaf ${c}): unsealed leaf path does not lead to CommD`)
  }
  return { valid: true }
}
