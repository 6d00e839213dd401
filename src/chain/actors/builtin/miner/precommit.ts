/**
 * PreCommitSector, PreCommitSectorBatch, PreCommitSectorBatch2 (builtin-actors
 * `pre_commit_sector_batch_inner`): checks, CommD from the market, deposits, and the first
 * enrolment of the deadline cron.
 */
import { BitField } from '../../../../core/bitfield/index.js'
import { decodeCbor, encodeCbor } from '../../../../core/cbor/index.js'
import type { CID } from '../../../../core/cid.js'
import { Amt } from '../../../../core/ipld/index.js'
import { FIL_COMMITMENT_SEALED } from '../../../../core/piece/index.js'
import { windowPoStProofForSeal, type RegisteredSealProof } from '../../../../core/sector/index.js'
import type { ChainEpoch, DealId, SectorNumber, TokenAmount } from '../../../../core/types.js'
import { ExitCode } from '../../../vm/exitcode.js'
import type { Runtime } from '../../../vm/runtime.js'
import type { NetworkPolicy } from '../../policy.js'
import { StorageMarketActorAddr } from '../addresses.js'
import { MarketMethods, verifyDealsForActivationParamsCbor, verifyDealsForActivationReturnCbor } from '../market/types.js'
import { availableBalance, callerMustBe, enrollCronEvent, policyOf, rewardInputs, workerOrControl } from './context.js'
import { deadlineInfoFromOffsetAndEpoch, deadlineLast, type DeadlineInfo } from './dline.js'
import { preCommitDepositForPower } from './monies.js'
import { BitWidths, minerStateCbor, type MinerState } from './state.js'
import { bitfieldValues, MinerStore, precommitKey } from './store.js'
import { CronEventType, type PreCommitSectorParams, type SectorPreCommitInfo } from './types.js'

/** Largest sector number (builtin-actors `MAX_SECTOR_NUMBER`, i64::MAX; JS-safe here). */
export const MaxSectorNumber = Number.MAX_SAFE_INTEGER

/** A v9 pre-commit as a v10+ `SectorPreCommitInfo` (CommD filled in from the market). */
export function fromV9 (rt: Runtime, p: PreCommitSectorParams): SectorPreCommitInfo {
  if (p.ReplaceCapacity) rt.abort(ExitCode.ErrForbidden, 'cc upgrade through precommit discontinued, use ProveReplicaUpdates')
  return {
    SealProof: p.SealProof, SectorNumber: p.SectorNumber, SealedCID: p.SealedCID, SealRandEpoch: p.SealRandEpoch,
    DealIDs: p.DealIDs, Expiration: p.Expiration, UnsealedCid: null
  }
}

/**
 * Sector lifetime bounds (builtin-actors `validate_expiration`): at least MinSectorExpiration
 * after activation, at most MaxSectorExpirationExtension ahead of now and SectorMaximumLifetime long.
 */
export function validateExpiration (rt: Runtime, policy: NetworkPolicy, activation: number, expiration: number): void {
  if (expiration - activation < policy.MinSectorExpiration) {
    rt.abort(ExitCode.ErrIllegalArgument, `invalid expiration ${expiration}, total sector lifetime (${expiration - activation}) must exceed ${policy.MinSectorExpiration} after activation ${activation}`)
  }
  if (expiration > rt.currentEpoch + policy.MaxSectorExpirationExtension) {
    rt.abort(ExitCode.ErrIllegalArgument, `invalid expiration ${expiration}, cannot be more than ${policy.MaxSectorExpirationExtension} past current epoch ${rt.currentEpoch}`)
  }
  if (expiration - activation > policy.SectorMaximumLifetime) {
    rt.abort(ExitCode.ErrIllegalArgument, `invalid expiration ${expiration}, total sector lifetime (${expiration - activation}) cannot exceed ${policy.SectorMaximumLifetime}`)
  }
}

function checkOne (rt: Runtime, policy: NetworkPolicy, windowPoStProofType: number, p: SectorPreCommitInfo): void {
  const now = rt.currentEpoch
  if (!policy.ValidPreCommitProofTypes.includes(p.SealProof as RegisteredSealProof)) {
    rt.abort(ExitCode.ErrIllegalArgument, `unsupported seal proof type ${p.SealProof}`)
  }
  if (windowPoStProofForSeal(p.SealProof as RegisteredSealProof, rt.networkVersion) !== windowPoStProofType) {
    rt.abort(ExitCode.ErrIllegalArgument, `sector seal proof ${p.SealProof} must match miner seal proof type (window PoSt ${windowPoStProofType})`)
  }
  if (p.SectorNumber > MaxSectorNumber) rt.abort(ExitCode.ErrIllegalArgument, `sector number ${p.SectorNumber} out of range 0..(2^63-1)`)
  if (p.SealedCID.code !== FIL_COMMITMENT_SEALED) rt.abort(ExitCode.ErrIllegalArgument, `sealed CID had wrong prefix: ${p.SealedCID.toString()}`)
  if (p.SealRandEpoch >= now) rt.abort(ExitCode.ErrIllegalArgument, `seal challenge epoch ${p.SealRandEpoch} must be before now ${now}`)
  const oldest = now - policy.MaxPreCommitRandomnessLookback
  if (p.SealRandEpoch < oldest) rt.abort(ExitCode.ErrIllegalArgument, `seal challenge epoch ${p.SealRandEpoch} too old, must be after ${oldest}`)
  if (p.Expiration <= now) rt.abort(ExitCode.ErrIllegalArgument, `sector expiration ${p.Expiration} must be after now ${now}`)
  // Lifetime is checked as if activation happened at the last epoch proving may take.
  validateExpiration(rt, policy, now + policy.MaxProveCommitDuration, p.Expiration)
  if (p.DealIDs.length === 0 && p.UnsealedCid !== null) rt.abort(ExitCode.ErrIllegalArgument, 'cannot pre-commit an unsealed CID for a sector without deals')
}

/** Asks the market for each dealt sector's CommD; a given CommD must match it. */
async function unsealedCids (rt: Runtime, sectors: SectorPreCommitInfo[]): Promise<void> {
  const withDeals = sectors.filter((s) => s.DealIDs.length > 0)
  if (withDeals.length === 0) return
  const ret = await rt.send(StorageMarketActorAddr, MarketMethods.VerifyDealsForActivation, encodeCbor(verifyDealsForActivationParamsCbor, {
    Sectors: withDeals.map((s) => ({
      SectorNumber: s.SectorNumber as SectorNumber, SectorType: s.SealProof, SectorExpiry: s.Expiration as ChainEpoch, DealIDs: s.DealIDs as DealId[]
    }))
  }), 0n as TokenAmount)
  if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, 'failed to verify deals and get CommD')
  const cids = decodeCbor(verifyDealsForActivationReturnCbor, ret.return, 'VerifyDealsForActivation return').UnsealedCIDs
  withDeals.forEach((s, i) => {
    const computed: CID | null = cids[i] ?? null
    if (s.UnsealedCid !== null && (computed === null || !computed.equals(s.UnsealedCid))) {
      rt.abort(ExitCode.ErrIllegalArgument, `computed CommD ${String(computed)} did not match declared ${s.UnsealedCid.toString()} for sector ${s.SectorNumber}`)
    }
    s.UnsealedCid = computed
  })
}

/** Brings the state's proving period start and current deadline up to `epoch`; returns that deadline. */
export function freshDeadline (st: MinerState, policy: NetworkPolicy, epoch: number): DeadlineInfo {
  const d = deadlineInfoFromOffsetAndEpoch(policy, st.ProvingPeriodStart, epoch)
  st.ProvingPeriodStart = d.PeriodStart
  st.CurrentDeadline = d.Index
  return d
}

export async function preCommitBatch (rt: Runtime, sectors: SectorPreCommitInfo[]): Promise<void> {
  const policy = policyOf(rt)
  if (sectors.length === 0) rt.abort(ExitCode.ErrIllegalArgument, 'batch empty')
  if (sectors.length > policy.PreCommitSectorBatchMaxSize) {
    rt.abort(ExitCode.ErrIllegalArgument, `batch of ${sectors.length} too large, max ${policy.PreCommitSectorBatchMaxSize}`)
  }
  const st0 = await rt.state.read(minerStateCbor)
  const info = await new MinerStore(rt.store, st0).info()
  callerMustBe(rt, workerOrControl(info), 'the worker or a control address')
  if (info.ConsensusFaultElapsed > rt.currentEpoch) rt.abort(ExitCode.ErrForbidden, 'pre-commit not allowed during active consensus fault')
  const numbers = new Set<number>()
  for (const s of sectors) {
    checkOne(rt, policy, info.WindowPoStProofType, s)
    if (numbers.has(s.SectorNumber)) rt.abort(ExitCode.ErrIllegalArgument, `sector ${s.SectorNumber} pre-committed twice in this batch`)
    numbers.add(s.SectorNumber)
  }
  await unsealedCids(rt, sectors)
  const inputs = await rewardInputs(rt)
  const depositEach = preCommitDepositForPower(policy, inputs, info.SectorSize * 10n)
  const total = depositEach * BigInt(sectors.length)
  const balance = await rt.currentBalance()

  const needsCron = await rt.state.transaction(minerStateCbor, async (st) => {
    const ms = new MinerStore(rt.store, st)
    if (availableBalance(balance, st) < 0n) rt.abort(ExitCode.ErrInsufficientFunds, `unlocked balance cannot repay fee debt (${st.FeeDebt})`)
    const allocated = await ms.allocated()
    const batch = BitField.fromArray([...numbers])
    if (allocated.containsAny(batch)) {
      rt.abort(ExitCode.ErrIllegalArgument, `sector numbers ${batch.intersect(allocated).toArray().join(',')} already allocated`)
    }
    await ms.saveAllocated(allocated.union(batch))
    const available = availableBalance(balance, st)
    if (available < total) rt.abort(ExitCode.ErrInsufficientFunds, `insufficient funds ${available} for pre-commit deposit: ${total}`)
    const precommits = await ms.precommits()
    for (const s of sectors) {
      await precommits.set(precommitKey(s.SectorNumber), { Info: s, PreCommitDeposit: depositEach, PreCommitEpoch: rt.currentEpoch })
    }
    st.PreCommitDeposits = (st.PreCommitDeposits + total) as TokenAmount
    // Expired pre-commits are cleaned up (deposit burnt) by the deadline cron after this epoch.
    const cleanUp = rt.currentEpoch + policy.MaxProveCommitDuration + policy.ExpiredPreCommitCleanUpDelay
    const queue = await Amt.load<BitField>(rt.store, st.PreCommittedSectorsCleanUp, { bitWidth: BitWidths.PreCommitCleanUp, codec: bitfieldValues })
    await queue.set(cleanUp, ((await queue.get(cleanUp)) ?? BitField.empty()).union(batch))
    st.PreCommittedSectorsCleanUp = await queue.flush()
    await ms.flush()
    if (st.DeadlineCronActive) return null
    st.DeadlineCronActive = true
    return deadlineLast(freshDeadline(st, policy, rt.currentEpoch))
  })
  if (needsCron !== null) await enrollCronEvent(rt, Math.max(needsCron, rt.currentEpoch), CronEventType.ProvingDeadline)
}
