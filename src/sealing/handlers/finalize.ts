/**
 * FinalizeSector (and CommitFinalize with FinalizeEarly): drop what is not kept — the unsealed
 * copy unless a deal asked for it or AlwaysKeepUnsealedCopy holds (a CC sector has no deal, so
 * it never keeps one), and tree-d in the cache — then move the files to long-term storage.
 * Every step is idempotent, so a retry or a second finalize is harmless.
 */
import { clearCache } from '../../proofs/index.js'
import type { Handler, SealingEnv } from '../env.js'
import { FT_CACHE, FT_SEALED, FT_UNSEALED } from '../files.js'
import type { SectorRecord } from '../record.js'

/** Whether the unsealed copy stays after finalizing. */
export function keepsUnsealed (env: SealingEnv, record: SectorRecord): boolean {
  const always = env.config().Sealing.AlwaysKeepUnsealedCopy
  return record.Pieces.some((p) => p.DealInfo !== null && (p.DealInfo.KeepUnsealed || always))
}

async function finalize (env: SealingEnv, record: SectorRecord): Promise<void> {
  const sector = env.sectorId(record.SectorNumber)
  const keep = keepsUnsealed(env, record)
  if (!keep) await env.storage.remove(sector, FT_UNSEALED, true)
  const found = await env.storage.acquireSector(sector, env.sectorSize, FT_CACHE, 0, 'storage')
  const cache = found.paths[FT_CACHE]
  if (cache !== undefined) await clearCache(cache)
  await env.storage.moveStorage(sector, env.sectorSize, FT_SEALED | FT_CACHE | (keep ? FT_UNSEALED : 0))
}

export const handleFinalizeSector: Handler = async ({ record, env }) => {
  try {
    await finalize(env, record)
    return { type: 'SectorFinalized' }
  } catch (err) {
    return { type: 'SectorFinalizeFailed', error: `finalize sector: ${(err as Error).message}` }
  }
}

export const handleCommitFinalize: Handler = handleFinalizeSector
