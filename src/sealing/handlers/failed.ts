/**
 * Failure states (Lotus states_failed.go): wait a backoff that doubles with each retry (the
 * error is already in the log and LastErr), look at the chain where it matters, and send the
 * retry event that resumes at the right step.
 */
import { TipSetKey } from '../../chain/types/index.js'
import type { Handler, HandlerContext } from '../env.js'
import type { SectorEvent } from '../events.js'
import { retryDelayMs } from '../policy.js'
import { checkDeals, ticketExpired } from './checks.js'

/** Waits the retry backoff for the sector's retry count; rejects when the sector moves on. */
export async function cooldown ({ record, signal, env }: HandlerContext): Promise<void> {
  const ms = retryDelayMs(env.policy, Math.max(1, record.Retries))
  signal.throwIfAborted()
  await new Promise<void>((resolve, reject) => {
    const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve() }, ms)
    const onAbort = (): void => { clearTimeout(t); reject(signal.reason) }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

/** A handler that waits out the backoff, then sends `next`. */
function retryWith (next: SectorEvent['type'] & ('SectorRetryWaitDeals' | 'SectorRetryPacking' | 'SectorRetryComputeProof' | 'SectorRetryFinalize' | 'SectorRetrySealPreCommit1')): Handler {
  return async (ctx) => {
    await cooldown(ctx)
    return { type: next }
  }
}

export const handleAddPieceFailed = retryWith('SectorRetryWaitDeals')
export const handlePackingFailed = retryWith('SectorRetryPacking')
export const handleSealPreCommit1Failed = retryWith('SectorRetrySealPreCommit1')
export const handleComputeProofFailed = retryWith('SectorRetryComputeProof')
export const handleFinalizeFailed = retryWith('SectorRetryFinalize')

export const handleSealPreCommit2Failed: Handler = async (ctx) => {
  await cooldown(ctx)
  // PC1's output may be bad: after a few PC2 failures start from PC1 again.
  return ctx.record.PreCommit2Fails > ctx.env.policy.maxPreCommit2Fails ? { type: 'SectorRetrySealPreCommit1' } : { type: 'SectorRetrySealPreCommit2' }
}

export const handlePreCommitFailed: Handler = async (ctx) => {
  const { record, env } = ctx
  await cooldown(ctx)
  const head = await env.chain.ChainHead()
  const onChain = await env.chain.StateSectorPreCommitInfo(env.miner, record.SectorNumber, head.key)
  if (onChain !== null) {
    // Landed after all (or the wait failed): go on from where the chain is.
    if (record.CommR !== null && onChain.Info.SealedCID.equals(record.CommR)) return { type: 'SectorRetryWaitSeed' }
    return { type: 'SectorRetryPreCommitWait' }
  }
  if (ticketExpired(env, record, head.height)) return { type: 'SectorRetrySealPreCommit1' }
  const bad = await checkDeals(env, record, head.height, head.key)
  if (bad !== undefined) return bad
  return { type: 'SectorRetryPreCommit' }
}

export const handleCommitFailed: Handler = async (ctx) => {
  const { record, env } = ctx
  await cooldown(ctx)
  const head = await env.chain.ChainHead()
  if (await env.chain.StateSectorGetInfo(env.miner, record.SectorNumber, head.key) !== null) return { type: 'SectorRetryCommitWait' }
  const pci = await env.chain.StateSectorPreCommitInfo(env.miner, record.SectorNumber, head.key)
  if (pci === null) {
    if (ticketExpired(env, record, head.height)) return { type: 'SectorTicketExpired', error: `ticket expired: epoch ${record.TicketEpoch}, head ${head.height}, and the sector is not pre-committed` }
    return { type: 'SectorRetryPreCommit' }
  }
  const bad = await checkDeals(env, record, head.height, head.key)
  if (bad !== undefined) return bad
  if (record.SeedValue === null || record.SeedEpoch !== pci.PreCommitEpoch + env.policy.preCommitChallengeDelay) return { type: 'SectorRetryWaitSeed' }
  if (record.Proof === null) return { type: 'SectorRetryComputeProof' }
  return { type: 'SectorRetrySubmitCommit' }
}

export const handleCommitFinalizeFailed = retryWith('SectorRetryFinalize')

/** RecoverDealIDs: Nelumbo cannot re-derive deal IDs yet, so it waits and re-checks, returning to where it came from when they check out. */
export const handleRecoverDealIDs: Handler = async (ctx) => {
  const { record, env } = ctx
  await cooldown(ctx)
  const head = await env.chain.ChainHead()
  const bad = await checkDeals(env, record, head.height, TipSetKey.empty)
  if (bad?.type === 'SectorDealsExpired') return bad
  // Still wrong: look again after another cooldown.
  if (bad !== undefined) return { type: 'SectorRestart' }
  switch (record.ReturnState) {
    case 'PreCommitting': case 'PreCommitFailed': return { type: 'SectorRetryPreCommit' }
    case 'CommitFailed': return { type: 'SectorRetrySubmitCommit' }
    default: return { type: 'SectorRetrySealPreCommit1' }
  }
}
