/**
 * Committing (the PoRep proof through the prover), SubmitCommit (ProveCommitSector from the
 * `[Addresses]` Commit address, collateral = initial pledge - pre-commit deposit) and CommitWait
 * (the receipt, then the sector in StateSectorGetInfo).
 */
import { TipSetKey } from '../../chain/types/index.js'
import { signedMessageCid } from '../../core/message/index.js'
import type { RegisteredSealProof } from '../../core/sector/index.js'
import type { ChainEpoch, TokenAmount } from '../../core/types.js'
import { configFilToAtto } from '../../repo/config/index.js'
import type { PieceCid } from '../../core/piece/index.js'
import type { SealedCid } from '../../proofs/index.js'
import { selectSealingAddress } from '../address.js'
import type { Handler } from '../env.js'
import { FT_CACHE, FT_SEALED, need, sectorFiles } from '../files.js'
import { MinerMethod, encodeProveCommitSector, minerMessage } from '../messages.js'
import { collateral, messageUuid } from './precommit-submit.js'

export const handleCommitting: Handler = async ({ record, env }) => {
  const n = record.SectorNumber
  try {
    if (record.SeedValue === null || record.TicketValue === null) throw new Error('ticket or seed missing on record')
    if (record.CommD === null || record.CommR === null) throw new Error('CommD/CommR missing on record')
    const files = await sectorFiles(env, n, FT_SEALED | FT_CACHE, false)
    const proof = await env.prover.sealCommit({
      proofType: record.SectorType as RegisteredSealProof,
      sector: env.sectorId(n),
      ticket: record.TicketValue,
      seed: record.SeedValue,
      cids: { unsealed: record.CommD as PieceCid, sealed: record.CommR as SealedCid },
      sealedPath: need(files.sealed, n, 'sealed'),
      cacheDirPath: need(files.cache, n, 'cache')
    })
    return env.config().Sealing.FinalizeEarly ? { type: 'SectorProofReady', proof } : { type: 'SectorCommitted', proof }
  } catch (err) {
    return { type: 'SectorComputeProofFailed', error: `computing seal proof failed: ${(err as Error).message}` }
  }
}

export const handleSubmitCommit: Handler = async ({ record, env }) => {
  const n = record.SectorNumber
  try {
    const head = await env.chain.ChainHead()
    if (await env.chain.StateSectorGetInfo(env.miner, n, head.key) !== null) return { type: 'SectorProving' }
    if (record.Proof === null) throw new Error('no proof on record')
    const pci = await env.chain.StateSectorPreCommitInfo(env.miner, n, head.key)
    if (pci === null) return { type: 'SectorCommitFailed', error: 'precommit info not found on chain' }
    const pledge = await env.chain.StateMinerInitialPledgeCollateral(env.miner, pci.Info, head.key)
    const owed = (pledge > pci.PreCommitDeposit ? pledge - pci.PreCommitDeposit : 0n) as TokenAmount
    const value = await collateral(env, owed)
    const cfg = env.config()
    const maxFee = configFilToAtto(cfg.Fees.MaxCommitGasFee) as TokenAmount
    const from = await selectSealingAddress(env.chain, env.miner, cfg.Addresses, 'Commit', (value + maxFee) as TokenAmount, value)
    const smsg = await env.chain.MpoolPushMessage(
      minerMessage(from, env.miner, MinerMethod.ProveCommitSector, encodeProveCommitSector(n, record.Proof), value),
      { MaxFee: maxFee, MsgUuid: messageUuid(env, n, 'provecommit', record.Retries) }
    )
    return { type: 'SectorCommitSubmitted', message: signedMessageCid(smsg) }
  } catch (err) {
    return { type: 'SectorCommitFailed', error: `pushing prove-commit message: ${(err as Error).message}` }
  }
}

export const handleCommitWait: Handler = async ({ record, signal, env }) => {
  const n = record.SectorNumber
  if (record.CommitMessage === null) return { type: 'SectorCommitFailed', error: 'entered commit wait with no commit message' }
  try {
    const lookup = await env.chain.StateWaitMsg(record.CommitMessage, env.policy.messageConfidence, -1 as ChainEpoch, true, { signal })
    if (lookup === null) return { type: 'SectorCommitFailed', error: `commit message ${record.CommitMessage.toString()} not found` }
    const code = Number(lookup.Receipt.ExitCode)
    if (code !== 0) return { type: 'SectorCommitFailed', error: `submitting sector proof failed (exit=${code}, msg=${record.CommitMessage.toString()})` }
    if (await env.chain.StateSectorGetInfo(env.miner, n, TipSetKey.empty) === null) {
      return { type: 'SectorCommitFailed', error: 'proof validation failed, sector not found in sector set after cron' }
    }
    return { type: 'SectorProving' }
  } catch (err) {
    return { type: 'SectorCommitFailed', error: `waiting for commit message: ${(err as Error).message}` }
  }
}
