/**
 * Leaving the pipeline: Removing (delete every file of the sector), Terminating /
 * TerminateWait / TerminateFinality (TerminateSectors on chain, then removal), DealsExpired
 * (a sector not on chain is removed; one on chain must be terminated by the operator), and
 * the retrying *Failed states of removal and termination.
 */
import { TipSetKey } from '../../chain/types/index.js'
import type { ChainEpoch, TokenAmount } from '../../core/types.js'
import { configFilToAtto } from '../../repo/config/index.js'
import { signedMessageCid } from '../../core/message/index.js'
import { selectSealingAddress } from '../address.js'
import type { Handler } from '../env.js'
import { FT_CACHE, FT_SEALED, FT_UNSEALED } from '../files.js'
import { MinerMethod, encodeTerminateSectors, minerMessage } from '../messages.js'
import { cooldown } from './failed.js'
import { messageUuid } from './precommit-submit.js'

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

export const handleTerminating: Handler = async ({ record, env }) => {
  const n = record.SectorNumber
  try {
    const head = await env.chain.ChainHead()
    if (await env.chain.StateSectorGetInfo(env.miner, n, head.key) === null) {
      // Never proven (or already gone): nothing to terminate on chain.
      return { type: 'SectorTerminating', message: null }
    }
    const loc = await env.chain.StateSectorPartition(env.miner, n, head.key)
    const cfg = env.config()
    const maxFee = configFilToAtto(cfg.Fees.MaxTerminateGasFee) as TokenAmount
    const from = await selectSealingAddress(env.chain, env.miner, cfg.Addresses, 'Terminate', maxFee, 0n as TokenAmount)
    const smsg = await env.chain.MpoolPushMessage(
      minerMessage(from, env.miner, MinerMethod.TerminateSectors, encodeTerminateSectors(loc.Deadline, loc.Partition, n), 0n as TokenAmount),
      { MaxFee: maxFee, MsgUuid: messageUuid(env, n, 'terminate', record.Retries) }
    )
    return { type: 'SectorTerminating', message: signedMessageCid(smsg) }
  } catch (err) {
    return { type: 'SectorTerminateFailed', error: `terminating sector: ${(err as Error).message}` }
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
