/**
 * PreCommitting: send PreCommitSectorBatch2 (one sector) from the `[Addresses]` PreCommit
 * address with the deposit StateMinerPreCommitDepositForPower asks; skipped when the chain
 * already has this pre-commit. PreCommitWait: wait for the message and read its receipt.
 */
import { createHash } from 'node:crypto'
import { signedMessageCid } from '../../core/message/index.js'
import type { ChainEpoch, TokenAmount } from '../../core/types.js'
import { configFilToAtto, goDurationToMs } from '../../repo/config/index.js'
import type { SectorPreCommitInfo } from '../../api/fullnode/types/miner.js'
import { selectSealingAddress } from '../address.js'
import type { Handler, SealingEnv } from '../env.js'
import { MinerMethod, encodePreCommitBatch2, minerMessage } from '../messages.js'
import { preCommitExpiration } from '../policy.js'
import { dealIds, type SectorRecord } from '../record.js'
import { checkDeals, ticketExpired } from './checks.js'

/** builtin.EpochDurationSeconds: the epoch length actor policy is written in. */
const EpochDurationSeconds = 30

/** A UUID fixed by (miner, sector, purpose, attempt): a resend after a crash is the same message to the node. */
export function messageUuid (env: SealingEnv, n: number, purpose: string, attempt: number): string {
  const h = createHash('sha256').update(`${env.miner.toString()}/${n}/${purpose}/${attempt}`).digest('hex')
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`
}

/** The SectorPreCommitInfo this sector declares. */
export function preCommitInfo (record: SectorRecord, expiration: number): SectorPreCommitInfo {
  if (record.CommR === null) throw new Error('no CommR on record')
  const deals = dealIds(record)
  return {
    SealProof: record.SectorType,
    SectorNumber: record.SectorNumber,
    SealedCID: record.CommR,
    SealRandEpoch: record.TicketEpoch,
    DealIDs: deals as SectorPreCommitInfo['DealIDs'],
    Expiration: expiration as ChainEpoch,
    UnsealedCid: deals.length === 0 ? null : record.CommD
  }
}

export const handlePreCommitting: Handler = async ({ record, env }) => {
  const n = record.SectorNumber
  try {
    const head = await env.chain.ChainHead()
    const onChain = await env.chain.StateSectorPreCommitInfo(env.miner, n, head.key)
    if (onChain !== null && record.CommR !== null && onChain.Info.SealedCID.equals(record.CommR)) {
      return { type: 'SectorPreCommitLanded', expiration: onChain.Info.Expiration }
    }
    if (ticketExpired(env, record, head.height)) {
      return { type: 'SectorSealPreCommit1Failed', error: `ticket expired: epoch ${record.TicketEpoch}, head ${head.height}` }
    }
    const bad = await checkDeals(env, record, head.height, head.key)
    if (bad !== undefined) return bad
    const cfg = env.config()
    let expiration = record.Expiration
    if (expiration === 0) {
      const ends = record.Pieces.flatMap((p) => p.DealInfo === null ? [] : [p.DealInfo.DealSchedule.EndEpoch])
      // Lotus counts the lifetime in the actors' 30 s epochs (builtin.EpochDurationSeconds), whatever the block delay.
      const cc = Math.floor(goDurationToMs(cfg.Sealing.CommittedCapacitySectorLifetime) / 1000 / EpochDurationSeconds)
      expiration = preCommitExpiration(env.policy, head.height, record.TicketEpoch, ends, cc) as ChainEpoch
    }
    const info = preCommitInfo(record, expiration)
    const deposit = await env.chain.StateMinerPreCommitDepositForPower(env.miner, info, head.key)
    const value = await collateral(env, deposit)
    const maxFee = configFilToAtto(cfg.Fees.MaxPreCommitGasFee) as TokenAmount
    const from = await selectSealingAddress(env.chain, env.miner, cfg.Addresses, 'PreCommit', (value + maxFee) as TokenAmount, value)
    const params = encodePreCommitBatch2([{ ...info, DealIDs: info.DealIDs, UnsealedCid: info.UnsealedCid }])
    const smsg = await env.chain.MpoolPushMessage(minerMessage(from, env.miner, MinerMethod.PreCommitSectorBatch2, params, value), {
      MaxFee: maxFee, MsgUuid: messageUuid(env, n, 'precommit', record.Retries)
    })
    return { type: 'SectorPreCommitted', message: signedMessageCid(smsg), preCommitDeposit: deposit, expiration: expiration as ChainEpoch }
  } catch (err) {
    return { type: 'SectorChainPreCommitFailed', error: `pushing precommit message: ${(err as Error).message}` }
  }
}

/** What to send with a message needing `need`: all of it, or what the miner's balance lacks (CollateralFromMinerBalance). */
export async function collateral (env: SealingEnv, need: TokenAmount): Promise<TokenAmount> {
  const cfg = env.config().Sealing
  if (!cfg.CollateralFromMinerBalance) return need
  if (cfg.DisableCollateralFallback) return 0n as TokenAmount
  const available = await env.chain.StateMinerAvailableBalance(env.miner, (await env.chain.ChainHead()).key)
  const spare = available - configFilToAtto(cfg.AvailableBalanceBuffer)
  return (need > spare ? need - (spare > 0n ? spare : 0n) : 0n) as TokenAmount
}

// Exit codes after which the same message may simply be sent again (SysErrInsufficientFunds, SysErrOutOfGas).
const RESENDABLE = new Set([6, 7])

export const handlePreCommitWait: Handler = async ({ record, signal, env }) => {
  if (record.PreCommitMessage === null) return { type: 'SectorChainPreCommitFailed', error: 'precommit message was not recorded' }
  try {
    const lookup = await env.chain.StateWaitMsg(record.PreCommitMessage, env.policy.messageConfidence, -1 as ChainEpoch, true, { signal })
    if (lookup === null) return { type: 'SectorChainPreCommitFailed', error: `precommit message ${record.PreCommitMessage.toString()} not found` }
    const code = Number(lookup.Receipt.ExitCode)
    if (RESENDABLE.has(code)) return { type: 'SectorRetryPreCommit' }
    if (code !== 0) return { type: 'SectorChainPreCommitFailed', error: `precommit message ${record.PreCommitMessage.toString()} failed: exit ${code}` }
    return { type: 'SectorPreCommitLanded', expiration: 0 as ChainEpoch }
  } catch (err) {
    return { type: 'SectorChainPreCommitFailed', error: `waiting for precommit message: ${(err as Error).message}` }
  }
}
