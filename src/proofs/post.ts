/**
 * Window and Winning PoSt with the dev proof system: for each sector (sorted by number, as
 * Lotus's SortedPrivateSectorInfo), C leaves chosen as rust-fil-proofs' fallback PoSt chooses
 * them, each opened from the sealed file and the cached CommR rows. A missing, truncated or
 * corrupted sector file cannot be proven; every such sector is named in the error.
 */
import { randomBytes } from 'node:crypto'
import type { FileHandle } from 'node:fs/promises'
import { verifyMerklePath } from '../core/merkle/index.js'
import {
  isWindowPoStProof, isWinningPoStProof, postProofName, postProofSectorSize, registeredPoStProof, registeredSealProof,
  sealProofSectorSize, sectorId, windowPoStProofForSeal, winningPoStProofForSeal, type RegisteredPoStProof
} from '../core/sector/index.js'
import type { ActorId } from '../core/types.js'
import { postLeafChallenges } from './challenges.js'
import { sealedCidToCommR } from './commitments.js'
import { ProofInputError, SectorFileError, SectorProvingError, type BadSector } from './errors.js'
import { CACHE_FILES, POST_CHALLENGES, treeGeometry, type TreeGeometry } from './params.js'
import { openCacheFile } from './porep.js'
import { ProofKind, decodeOpenings, encodeOpenings } from './proof-bytes.js'
import { checkBytes32 } from './replica.js'
import { openSectorFile } from './seal.js'
import { readLeafPath, treeHasher, type LeafPath } from './tree-file.js'
import type { GeneratePoStInput, PoStProof, PoStVerifyInfo, PrivateSectorInfo, ProofCheck, ProvableCheck, SectorInfo } from './types.js'

type PoStKind = typeof ProofKind.WindowPoSt | typeof ProofKind.WinningPoSt

const KIND_NAME: Record<PoStKind, string> = { [ProofKind.WindowPoSt]: 'Window PoSt', [ProofKind.WinningPoSt]: 'Winning PoSt' }

/** Sectors sorted by number, without changing the caller's array. */
function sorted<T extends SectorInfo> (sectors: readonly T[]): T[] {
  return [...sectors].sort((a, b) => a.sectorNumber - b.sectorNumber)
}

function defaultPoStProof (kind: PoStKind, sectors: readonly SectorInfo[]): RegisteredPoStProof {
  const first = sectors[0]
  if (first === undefined) throw new ProofInputError('no sectors given and no PoSt proof type to prove with', sectors, 'sectors')
  const seal = registeredSealProof(first.sealProof, 'sectors[0].sealProof')
  return kind === ProofKind.WindowPoSt ? windowPoStProofForSeal(seal) : winningPoStProofForSeal(seal)
}

/** Checks the PoSt type fits the kind and every sector's size; returns the tree shape. */
function postShape (kind: PoStKind, postProof: RegisteredPoStProof, sectors: readonly SectorInfo[]): TreeGeometry {
  const p = registeredPoStProof(postProof, 'postProof')
  const fits = kind === ProofKind.WindowPoSt ? isWindowPoStProof(p) : isWinningPoStProof(p)
  if (!fits) throw new ProofInputError(`${postProofName(p)} is not a ${KIND_NAME[kind]} proof type`, p, 'postProof')
  const size = postProofSectorSize(p)
  const seen = new Set<number>()
  for (const s of sectors) {
    const sealSize = sealProofSectorSize(registeredSealProof(s.sealProof, `sector ${s.sectorNumber} sealProof`))
    if (sealSize !== size) {
      throw new ProofInputError(`sector ${s.sectorNumber} is ${sealSize} bytes but ${postProofName(p)} proves ${size}-byte sectors`, s.sectorNumber, 'sectors')
    }
    if (seen.has(s.sectorNumber)) throw new ProofInputError(`sector ${s.sectorNumber} is listed twice`, s.sectorNumber, 'sectors')
    seen.add(s.sectorNumber)
  }
  return treeGeometry(size)
}

/** Opens one sector's C challenged leaves; throws SectorFileError naming what is wrong. */
async function proveSector (miner: ActorId, s: PrivateSectorInfo, g: TreeGeometry, randomness: Uint8Array, count: number): Promise<LeafPath[]> {
  const sector = sectorId(miner, s.sectorNumber)
  let commR: Uint8Array
  try {
    commR = sealedCidToCommR(s.sealedCid, `sector ${s.sectorNumber} sealedCid`)
  } catch (err) {
    throw new SectorFileError(sector, (err as Error).message)
  }
  const handles: FileHandle[] = []
  try {
    const sealed = await openSectorFile(sector, s.sealedSectorPath, 'r', 'sealed file')
    handles.push(sealed)
    const size = (await sealed.stat()).size
    if (size !== g.sectorSize) throw new SectorFileError(sector, `sealed file is ${size} bytes, expected ${g.sectorSize}`, s.sealedSectorPath)
    const cache = await openCacheFile(sector, s.cacheDirPath, CACHE_FILES.treeRLast, g, commR, 'CommR')
    handles.push(cache)
    const out: LeafPath[] = []
    for (const c of postLeafChallenges(randomness, s.sectorNumber, g.leaves, count)) {
      const r = await readLeafPath(sealed, cache, g, c)
      if (!r.ok) throw new SectorFileError(sector, `sealed file: ${r.reason}`, s.sealedSectorPath)
      if (!verifyMerklePath(r.value.leaf, c, r.value.path, commR, treeHasher())) {
        throw new SectorFileError(sector, `leaf ${c} does not lead to CommR: the cache rows are inconsistent`, s.cacheDirPath)
      }
      out.push(r.value)
    }
    return out
  } finally {
    for (const h of handles) await h.close()
  }
}

/** Proves sectors a few at a time, so one slow disk does not serialise the whole partition. */
async function proveAll (miner: ActorId, sectors: readonly PrivateSectorInfo[], g: TreeGeometry, randomness: Uint8Array): Promise<{ openings: LeafPath[][], bad: BadSector[] }> {
  const openings: LeafPath[][] = new Array<LeafPath[]>(sectors.length)
  const bad: Array<BadSector | undefined> = new Array<BadSector | undefined>(sectors.length)
  let next = 0
  const worker = async (): Promise<void> => {
    for (let i = next++; i < sectors.length; i = next++) {
      try {
        openings[i] = await proveSector(miner, sectors[i]!, g, randomness, POST_CHALLENGES)
      } catch (err) {
        if (!(err instanceof SectorFileError)) throw err
        bad[i] = err.toBadSector()
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(8, sectors.length) }, worker))
  return { openings, bad: bad.filter((b): b is BadSector => b !== undefined) }
}

async function generatePoSt (kind: PoStKind, input: GeneratePoStInput): Promise<PoStProof[]> {
  checkBytes32(input.randomness, 'randomness')
  const postProof = input.postProof ?? defaultPoStProof(kind, input.sectors)
  const g = postShape(kind, postProof, input.sectors)
  if (kind === ProofKind.WinningPoSt && input.sectors.length === 0) {
    throw new ProofInputError('a Winning PoSt needs the challenged sectors', input.sectors, 'sectors')
  }
  const sectors = sorted(input.sectors)
  const { openings, bad } = await proveAll(input.miner, sectors, g, input.randomness)
  if (bad.length > 0) throw new SectorProvingError(KIND_NAME[kind], bad)
  return [{ postProof, proofBytes: encodeOpenings(kind, openings.flat()) }]
}

/** GenerateWindowPoSt over the non-faulty sectors of the partitions being proven. */
export async function generateWindowPoSt (input: GeneratePoStInput): Promise<PoStProof[]> {
  return await generatePoSt(ProofKind.WindowPoSt, input)
}

/** GenerateWinningPoSt over the sectors GenerateWinningPoStSectorChallenge picked. */
export async function generateWinningPoSt (input: GeneratePoStInput): Promise<PoStProof[]> {
  return await generatePoSt(ProofKind.WinningPoSt, input)
}

function checkPoSt (kind: PoStKind, info: PoStVerifyInfo): ProofCheck {
  const fail = (reason: string): ProofCheck => ({ valid: false, reason })
  if (info.proofs.length !== 1) return fail(`expected exactly one proof, got ${info.proofs.length}`)
  const proof = info.proofs[0]!
  let g: TreeGeometry
  let commRs: Uint8Array[]
  let sectors: SectorInfo[]
  try {
    checkBytes32(info.randomness, 'randomness')
    g = postShape(kind, proof.postProof, info.challengedSectors)
    if (kind === ProofKind.WinningPoSt && info.challengedSectors.length === 0) return fail('a Winning PoSt must cover at least one sector')
    sectors = sorted(info.challengedSectors)
    commRs = sectors.map((s) => sealedCidToCommR(s.sealedCid, `sector ${s.sectorNumber} sealedCid`))
  } catch (err) {
    return fail((err as Error).message)
  }
  const openings = decodeOpenings(proof.proofBytes, kind, g.height, sectors.length * POST_CHALLENGES)
  if (typeof openings === 'string') return fail(openings)
  const hasher = treeHasher()
  for (let j = 0; j < sectors.length; j++) {
    const s = sectors[j]!
    const challenges = postLeafChallenges(info.randomness, s.sectorNumber, g.leaves, POST_CHALLENGES)
    for (let i = 0; i < challenges.length; i++) {
      const o = openings[j * POST_CHALLENGES + i]!
      if (!verifyMerklePath(o.leaf, challenges[i]!, o.path, commRs[j]!, hasher)) {
        return fail(`sector ${s.sectorNumber}: challenge ${i} (leaf ${challenges[i]!}) does not lead to its CommR`)
      }
    }
  }
  return { valid: true }
}

/** VerifyWindowPoSt with the reason when it fails. */
export function checkWindowPoStProof (info: PoStVerifyInfo): ProofCheck {
  return checkPoSt(ProofKind.WindowPoSt, info)
}

/** VerifyWinningPoSt with the reason when it fails. */
export function checkWinningPoStProof (info: PoStVerifyInfo): ProofCheck {
  return checkPoSt(ProofKind.WinningPoSt, info)
}

export interface CheckProvableOptions {
  /** Randomness for the spot-check challenges (default: fresh random bytes). */
  readonly randomness?: Uint8Array
}

/**
 * Lotus CheckProvable: for each sector, the sealed file and cache rows are present, the right
 * size and match its CommR, and C random leaves can be opened. Bad sectors are reported, not
 * thrown, so the caller can declare exactly those faulty.
 */
export async function checkProvable (miner: ActorId, sectors: readonly PrivateSectorInfo[], options: CheckProvableOptions = {}): Promise<ProvableCheck[]> {
  const randomness = options.randomness ?? new Uint8Array(randomBytes(32))
  const out: ProvableCheck[] = []
  for (const s of sectors) {
    const sector = sectorId(miner, s.sectorNumber)
    try {
      const seal = registeredSealProof(s.sealProof, `sector ${s.sectorNumber} sealProof`)
      await proveSector(miner, s, treeGeometry(sealProofSectorSize(seal)), randomness, POST_CHALLENGES)
      out.push({ sector, ok: true })
    } catch (err) {
      if (err instanceof SectorFileError) out.push({ ...err.toBadSector(), ok: false })
      else out.push({ sector, ok: false, reason: (err as Error).message })
    }
  }
  return out
}
