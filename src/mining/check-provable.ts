/**
 * `CheckProvable` on the mining node (Lotus `FaultTracker.CheckProvable`, behind `lotus-miner
 * proving check`): finds each sector's files where the Window PoSt scheduler finds them and, when
 * expensive, runs the scheduler's own pre-check (the prover opens challenged leaves against the
 * CommR of the sealing records). The cheap check only looks at the files: the sealed replica at
 * the sector size, and the cache's CommR rows and p_aux present. Only bad sectors are reported.
 */
import { stat } from 'node:fs/promises'
import { join } from 'node:path'
import type { ProvableReport } from '../api/miner.js'
import type { SectorRef } from '../api/sealing.js'
import type { CID } from '../core/cid.js'
import { InvalidInputError } from '../core/errors.js'
import {
  isWindowPoStProof, postProofName, registeredPoStProof, registeredSealProof, sealProofSectorSize, type SectorId
} from '../core/sector/index.js'
import type { ActorId, SectorNumber } from '../core/types.js'
import type { Logger } from '../log/index.js'
import { CACHE_FILES, type Prover } from '../proofs/index.js'
import type { ChainSectorInfo, SectorFileSource, SectorFiles } from './sector-files.js'
import { mapLimit, TimeoutError, withTimeout } from './timing.js'
import { checkSectors } from './wdpost/check.js'
import type { ProvingSettings } from './wdpost/settings.js'

export interface ProvableCheckDeps {
  /** The miner this node runs; sectors of another miner are reported bad. */
  minerId: ActorId
  sectors: SectorFileSource
  prover: Pick<Prover, 'checkProvable'>
  /** A sector's CommR as the sealing records hold it (Lotus reads `SectorsStatus`); null when not known yet. */
  commR: (n: SectorNumber) => Promise<CID | null>
  /** `[Proving]` ParallelCheckLimit, SingleCheckTimeout and PartitionCheckTimeout, read per call. */
  settings: () => ProvingSettings
  log?: Logger
}

/**
 * Checks `sectors` for a Window PoSt of type `pp`. Throws only when `pp` is not a Window PoSt
 * proof type; every per-sector problem is a reason in the report.
 */
export async function checkProvable (deps: ProvableCheckDeps, pp: number, sectors: readonly SectorRef[], expensive: boolean): Promise<ProvableReport> {
  const post = registeredPoStProof(pp, 'CheckProvable proof type')
  if (!isWindowPoStProof(post)) {
    throw new InvalidInputError('ERR_PROOF_TYPE', `CheckProvable needs a Window PoSt proof type, got ${postProofName(post)}`, { value: pp, source: 'CheckProvable proof type' })
  }
  const bad: ProvableReport = {}
  const ours: SectorRef[] = []
  for (const ref of sectors) {
    if (ref.ID.miner !== deps.minerId) bad[ref.ID.number] = `sector of actor ${ref.ID.miner}, but this node runs actor ${deps.minerId}`
    else ours.push(ref)
  }
  Object.assign(bad, expensive ? await checkExpensive(deps, ours) : await checkFiles(deps, ours))
  if (Object.keys(bad).length > 0) deps.log?.warn({ checked: sectors.length, bad }, 'CheckProvable Sector FAULT')
  return bad
}

/** The sector size of a SectorRef, or the reason its proof type is unknown. */
function sectorSize (ref: SectorRef): number | string {
  try {
    return sealProofSectorSize(registeredSealProof(ref.ProofType, `sector ${ref.ID.number} ProofType`))
  } catch (err) {
    return (err as Error).message
  }
}

/** The Window PoSt pre-check, per sector size, over the CommR each sector was sealed with. */
async function checkExpensive (deps: ProvableCheckDeps, refs: readonly SectorRef[]): Promise<ProvableReport> {
  const bad: ProvableReport = {}
  const bySize = new Map<number, ChainSectorInfo[]>()
  for (const ref of refs) {
    const size = sectorSize(ref)
    if (typeof size === 'string') {
      bad[ref.ID.number] = size
      continue
    }
    let commR: CID | null
    try {
      commR = await deps.commR(ref.ID.number)
    } catch (err) {
      bad[ref.ID.number] = `getting commR: ${(err as Error).message}`
      continue
    }
    if (commR === null) {
      bad[ref.ID.number] = 'getting commR: commr is nil'
      continue
    }
    const list = bySize.get(size) ?? []
    list.push({ SectorNumber: ref.ID.number, SealProof: ref.ProofType, SealedCID: commR })
    bySize.set(size, list)
  }
  // No cycle to abort: the check ends with the call (within the [Proving] timeouts).
  const ctx = { minerId: deps.minerId, settings: deps.settings(), signal: new AbortController().signal, log: deps.log, deps: { sectors: deps.sectors, prover: deps.prover } }
  for (const [size, infos] of bySize) {
    const res = await checkSectors(ctx, infos, size, true)
    for (const b of res.bad) bad[b.sector] = b.reason
  }
  return bad
}

/** Finds each sector's files and checks they are there at the right size, within the [Proving] limits. */
async function checkFiles (deps: ProvableCheckDeps, refs: readonly SectorRef[]): Promise<ProvableReport> {
  const settings = deps.settings()
  const reasons = new Array<string | null | undefined>(refs.length)
  const one = async (ref: SectorRef, i: number): Promise<void> => {
    const size = sectorSize(ref)
    if (typeof size === 'string') {
      reasons[i] = size
      return
    }
    try {
      reasons[i] = await withTimeout(fileProblem(deps.sectors, ref.ID, size), settings.singleCheckTimeoutMs, `checking sector ${ref.ID.number}`)
    } catch (err) {
      reasons[i] = err instanceof TimeoutError ? `not checked within SingleCheckTimeout (${err.ms} ms)` : (err as Error).message
    }
  }
  const all = mapLimit(refs, settings.parallelCheckLimit, one)
  try {
    await withTimeout(all, settings.partitionCheckTimeoutMs, 'partition check')
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err
    all.catch(() => {})
  }
  const bad: ProvableReport = {}
  refs.forEach((ref, i) => {
    const r = reasons[i]
    if (r === undefined) bad[ref.ID.number] = `not checked within PartitionCheckTimeout (${settings.partitionCheckTimeoutMs} ms)`
    else if (r !== null) bad[ref.ID.number] = r
  })
  return bad
}

/** What is wrong with a sector's files, or null when they look provable. */
async function fileProblem (source: SectorFileSource, sector: SectorId, size: number): Promise<string | null> {
  const files = await source.sectorFiles(sector, size)
  if (files === undefined) return 'cache and/or sealed paths not found'
  for (const [path, want] of expectedFiles(files, size)) {
    let got: number
    try {
      got = (await stat(path)).size
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code
      return code === 'ENOENT' ? `stat ${path}: no such file or directory` : `stat ${path}: ${(err as Error).message}`
    }
    if (want !== undefined && got !== want) return `${path} is wrong size (got ${got}, expect ${want})`
  }
  return null
}

/** The files PoSt reads, with the size each must have when it is fixed. */
function expectedFiles (files: SectorFiles, size: number): Array<[string, number | undefined]> {
  return [
    [files.sealed, size],
    [join(files.cache, CACHE_FILES.treeRLast), undefined],
    [join(files.cache, CACHE_FILES.pAux), 64]
  ]
}
