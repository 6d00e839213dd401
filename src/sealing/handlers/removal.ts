/**
 * Leaving the pipeline: Removing (delete every file of the sector), Terminating /
 * TerminateWait / TerminateFinality (a batched TerminateSectors on chain, then removal), DealsExpired
 * (a sector not on chain is removed; one on chain must be terminated by the operator), and
 * the retrying *Failed states of removal and termination.
 */
import { TipSetKey } from '../../chain/types/index.js'
import type { ChainEpoch } from '../../core/types.js'
import type { Handler } from '../env.js'
import { FT_CACHE, FT_SEALED, FT_UNSEALED } from '../files.js'
import { cooldown } from './failed.js'

export const handleRemoving: Handler = async ({ record, env }) => {
  const sector = env.sectorId(record.SectorNumber)
  try {
    for (const t of [FT_UNSEALED, FT_SEALED, FT_CACHE]) await env.storage.remove(sector, t, true)
    return { type: 'SectorRemoved' }
  } catch (err) {
    return { type: 'SectorRemoveFailed', error: `removing sector files: ${(err as Error).message}` }
  }
}

export const handleRemoveFailed: Handler = async (ctx) => {
  await cooldown(ctx)
  return { type: 'SectorRemove' }
}

/** Terminating: queue the sector for the next TerminateSectors batch and wait for the message that takes it. */
export const handleTerminating: Handler = async ({ record, signal, env }) => {
  const n = record.SectorNumber
  try {
    if (await env.chain.StateSectorGetInfo(env.miner, n, TipSetKey.empty) === null) {
      // Never proven (or already gone): nothing to terminate on chain.
      return { type: 'SectorTerminating', message: null }
    }
    return { type: 'SectorTerminating', message: await env.terminations.add(n, signal) }
  } catch (err) {
    if (signal.aborted) return undefined
    return { type: 'SectorTerminateFailed', error: `queueing termination: ${(err as Error).message}` }
  }
}

export const handleTerminateWait: Handler = async ({ record, signal, env }) => {
  if (record.TerminateMessage === null) return { type: 'SectorTerminated', terminatedAt: (await env.chain.ChainHead()).height }
  try {
    const lookup = await env.chain.StateWaitMsg(record.TerminateMessage, env.policy.messageConfidence, -1 as ChainEpoch, true, { signal })
    if (lookup === null) return { type: 'SectorTerminateFailed', error: 'terminate message not found' }
    const code = Number(lookup.Receipt.ExitCode)
    if (code !== 0) return { type: 'SectorTerminateFailed', error: `terminate message failed: exit ${code}` }
    return { type: 'SectorTerminated', terminatedAt: lookup.Height }
  } catch (err) {
    return { type: 'SectorTerminateFailed', error: `waiting for terminate message: ${(err as Error).message}` }
  }
}

/** TerminateFinality: once the termination is final on chain, the files go. */
export const handleTerminateFinality: Handler = async ({ record, signal, env }) => {
  await env.heads.waitHeight(record.TerminatedAt + env.policy.sealRandomnessLookback, signal)
  return { type: 'SectorRemove' }
}

export const handleTerminateFailed: Handler = async (ctx) => {
  await cooldown(ctx)
  return { type: 'SectorTerminate' }
}

/** DealsExpired: remove a sector the chain does not know; a pre-committed one waits for the operator. */
export const handleDealsExpired: Handler = async ({ record, env }) => {
  const pci = await env.chain.StateSectorPreCommitInfo(env.miner, record.SectorNumber, TipSetKey.empty)
  if (pci === null) return { type: 'SectorRemove' }
  return { type: 'SectorFatalError', error: 'deals expired but the sector is pre-committed on chain; terminate or remove it by hand (sectors remove / update-state)' }
}
