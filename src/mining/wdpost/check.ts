/**
 * The storage pre-check before proving or declaring (Lotus `checkSectors` / `CheckProvable`):
 * each sector's files are looked up and spot-checked by the prover, at most ParallelCheckLimit
 * at once, each within SingleCheckTimeout and all within PartitionCheckTimeout. A sector not
 * found, failing, or not checked in time counts as bad, so it is skipped rather than making
 * the whole proof fail.
 */
import { BitField } from '../../core/bitfield/index.js'
import { sectorId } from '../../core/sector/index.js'
import type { PrivateSectorInfo, Prover } from '../../proofs/index.js'
import { privateSectorInfo, type ChainSectorInfo, type SectorFileSource } from '../sector-files.js'
import { abortable, mapLimit, TimeoutError, withTimeout } from '../timing.js'
import type { CycleContext } from './context.js'

export interface BadSectorReport {
  readonly sector: number
  readonly reason: string
}

/** What a check needs of a cycle; `CheckProvable` builds one outside any cycle. */
export type SectorCheckContext = Pick<CycleContext, 'minerId' | 'settings' | 'signal' | 'log'> & {
  readonly deps: { readonly sectors: SectorFileSource, readonly prover: Pick<Prover, 'checkProvable'> }
}

export interface SectorCheckResult {
  /** Prover inputs of the sectors found and, when checked, provable. */
  readonly good: PrivateSectorInfo[]
  readonly goodSet: BitField
  readonly bad: BadSectorReport[]
}

/**
 * Finds the files of `sectors` and, when `check` is set, asks the prover whether each can be
 * proven. Without `check` only the lookup happens (DisableWDPoStPreChecks).
 */
export async function checkSectors (ctx: SectorCheckContext, sectors: readonly ChainSectorInfo[], sectorSize: number, check: boolean): Promise<SectorCheckResult> {
  const { settings } = ctx
  const results = new Array<PrivateSectorInfo | string | undefined>(sectors.length)
  const one = async (s: ChainSectorInfo, i: number): Promise<void> => {
    const id = sectorId(ctx.minerId, s.SectorNumber)
    try {
      const files = await ctx.deps.sectors.sectorFiles(id, sectorSize)
      if (files === undefined) {
        results[i] = 'no storage path holds its sealed file and cache'
        return
      }
      const info = privateSectorInfo(s, files)
      if (check) {
        const [r] = await withTimeout(abortable(ctx.deps.prover.checkProvable(ctx.minerId, [info]), ctx.signal, 'sector check'), settings.singleCheckTimeoutMs, `checking sector ${s.SectorNumber}`)
        if (r === undefined || !r.ok) {
          results[i] = r?.reason ?? 'the prover returned no check result'
          return
        }
      }
      results[i] = info
    } catch (err) {
      results[i] = err instanceof TimeoutError ? `not checked within SingleCheckTimeout (${err.ms} ms)` : (err as Error).message
    }
  }
  const all = mapLimit(sectors, settings.parallelCheckLimit, one)
  try {
    await withTimeout(all, settings.partitionCheckTimeoutMs, 'partition check')
  } catch (err) {
    if (!(err instanceof TimeoutError)) throw err
    all.catch(() => {})
  }
  const good: PrivateSectorInfo[] = []
  const bad: BadSectorReport[] = []
  sectors.forEach((s, i) => {
    const r = results[i]
    if (r === undefined) bad.push({ sector: s.SectorNumber, reason: `not checked within PartitionCheckTimeout (${settings.partitionCheckTimeoutMs} ms)` })
    else if (typeof r === 'string') bad.push({ sector: s.SectorNumber, reason: r })
    else good.push(r)
  })
  if (bad.length > 0) {
    ctx.log?.warn({ checked: sectors.length, good: good.length, bad: bad.map((b) => `${b.sector}: ${b.reason}`) }, 'Checked sectors')
  }
  return { good, goodSet: BitField.fromArray(good.map((g) => g.sectorNumber)), bad }
}
