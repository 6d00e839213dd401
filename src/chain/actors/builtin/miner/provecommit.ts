/**
 * ProveCommitSector and ProveCommitSectors3: the PoRep checked at once through the runtime's
 * `verifySeal` (the dev proof system can afford it; mainnet batches it through power's cron),
 * deals activated through the market (verified ones claimed with the verified registry),
 * initial pledge locked, the deposit released, and the sector assigned to a deadline and
 * partition as unproven: its power counts from its first Window PoSt.
 */
import { decodeCbor, encodeCbor } from '../../../../core/cbor/index.js'
import { zeroPieceCid } from '../../../../core/piece/index.js'
import { sealProofSectorSize, type RegisteredSealProof } from '../../../../core/sector/index.js'
import type { ActorId, ChainEpoch, DealId, SectorNumber, TokenAmount } from '../../../../core/types.js'
import { ExitCode } from '../../../vm/exitcode.js'
import { DomainSeparationTag } from '../../../vm/randomness.js'
import type { Runtime } from '../../../vm/runtime.js'
import { addressEntropy } from '../../../../proofs/randomness.js'
import type { NetworkPolicy } from '../../policy.js'
import { StorageMarketActorAddr, VerifiedRegistryActorAddr } from '../addresses.js'
import { batchActivateDealsParamsCbor, batchActivateDealsResultCbor, MarketMethods, type SectorDealActivation } from '../market/types.js'
import { claimAllocationsParamsCbor, claimAllocationsReturnCbor, VerifregMethods } from '../verifreg/types.js'
import { availableBalance, notifyPledgeChanged, policyOf, rewardInputs } from './context.js'
import { deadlineIsMutable, newDeadlineInfo, quantizeUp } from './dline.js'
import { expectedRewardForPower, initialPledgeForPower, PledgeProjectionDays, powerForSector, type RewardInputs } from './monies.js'
import { addSectorsToDeadline } from './partitions.js'
import { minerStateCbor, type SectorOnChainInfo, type SectorPreCommitOnChainInfo } from './state.js'
import { MinerStore, precommitKey } from './store.js'
import { NoAllocationId, type FailCode } from './types.js'

export interface ProveItem { SectorNumber: number, Proof: Uint8Array }

const zero = 0n as TokenAmount

async function verifyOne (rt: Runtime, policy: NetworkPolicy, pc: SectorPreCommitOnChainInfo, proof: Uint8Array): Promise<number> {
  const now = rt.currentEpoch
  const due = pc.PreCommitEpoch + policy.MaxProveCommitDuration
  if (now > due) return ExitCode.ErrIllegalArgument
  const interactiveEpoch = pc.PreCommitEpoch + policy.PreCommitChallengeDelay
  if (now <= interactiveEpoch) return ExitCode.ErrForbidden
  const entropy = addressEntropy(rt.receiver)
  const ticket = await rt.getRandomnessFromTickets(DomainSeparationTag.SealRandomness, pc.Info.SealRandEpoch as ChainEpoch, entropy)
  const seed = await rt.getRandomnessFromBeacon(DomainSeparationTag.InteractiveSealChallengeSeed, interactiveEpoch as ChainEpoch, entropy)
  const size = sealProofSectorSize(pc.Info.SealProof as RegisteredSealProof)
  const ok = await rt.verifySeal({
    SealProof: pc.Info.SealProof,
    SectorID: { Miner: rt.receiver.id() as ActorId, Number: pc.Info.SectorNumber as SectorNumber },
    DealIDs: pc.Info.DealIDs as DealId[],
    Randomness: ticket,
    InteractiveRandomness: seed,
    Proof: proof,
    SealedCID: pc.Info.SealedCID,
    UnsealedCID: pc.Info.UnsealedCid ?? zeroPieceCid(size)
  })
  return ok ? ExitCode.Ok : ExitCode.ErrIllegalArgument
}

function describe (code: number, n: number, pc: SectorPreCommitOnChainInfo, policy: NetworkPolicy, now: number): string {
  if (code === ExitCode.ErrForbidden) return `too early to prove sector ${n}: ${now} <= ${pc.PreCommitEpoch + policy.PreCommitChallengeDelay}`
  if (now > pc.PreCommitEpoch + policy.MaxProveCommitDuration) return `commitment proof for sector ${n} too late at ${now}, due ${pc.PreCommitEpoch + policy.MaxProveCommitDuration}`
  return `invalid seal proof for sector ${n}`
}

/** Activates the sectors' deals; returns per-sector activation (null: failed, with its code in `fails`). */
async function activateDeals (rt: Runtime, pcs: SectorPreCommitOnChainInfo[], fails: Map<number, number>): Promise<Array<SectorDealActivation | null>> {
  const out: Array<SectorDealActivation | null> = pcs.map(() => ({ Activated: [], UnsealedCid: null }))
  const idx = pcs.map((pc, i) => [pc, i] as const).filter(([pc]) => pc.Info.DealIDs.length > 0)
  if (idx.length === 0) return out
  const ret = await rt.send(StorageMarketActorAddr, MarketMethods.BatchActivateDeals, encodeCbor(batchActivateDealsParamsCbor, {
    Sectors: idx.map(([pc]) => ({
      SectorNumber: pc.Info.SectorNumber as SectorNumber, SectorType: pc.Info.SealProof, SectorExpiry: pc.Info.Expiration as ChainEpoch,
      DealIDs: pc.Info.DealIDs as DealId[]
    })),
    ComputeCid: false
  }), zero)
  if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, 'failed to activate deals')
  const res = decodeCbor(batchActivateDealsResultCbor, ret.return, 'BatchActivateDeals return')
  const failed = new Map(res.ActivationResults.FailCodes.map((f) => [f.Idx, f.Code]))
  let next = 0
  idx.forEach(([, i], j) => {
    const code = failed.get(j)
    if (code !== undefined) { out[i] = null; fails.set(i, code); return }
    out[i] = res.Activations[next++] ?? null
  })
  return out
}

/** Claims the verified allocations of activated deals; returns each sector's verified deal weight. */
async function claimAllocations (rt: Runtime, pcs: SectorPreCommitOnChainInfo[], acts: Array<SectorDealActivation | null>): Promise<bigint[]> {
  const weights = pcs.map(() => 0n)
  const wanted = pcs.map((pc, i) => ({ pc, i, claims: (acts[i]?.Activated ?? []).filter((d) => d.AllocationId !== NoAllocationId) }))
    .filter((w) => w.claims.length > 0)
  if (wanted.length === 0) return weights
  const ret = await rt.send(VerifiedRegistryActorAddr, VerifregMethods.ClaimAllocations, encodeCbor(claimAllocationsParamsCbor, {
    Sectors: wanted.map((w) => ({ Sector: w.pc.Info.SectorNumber, SectorExpiry: w.pc.Info.Expiration as ChainEpoch, Claims: w.claims })),
    AllOrNothing: true
  }), zero)
  if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, 'error claiming allocations')
  const claimed = decodeCbor(claimAllocationsReturnCbor, ret.return, 'ClaimAllocations return').SectorClaims
  wanted.forEach((w, j) => { weights[w.i] = (claimed[j]?.ClaimedSpace ?? 0n) * BigInt(w.pc.Info.Expiration - rt.currentEpoch) })
  return weights
}

function newSectorInfo (policy: NetworkPolicy, inputs: RewardInputs, sectorSize: bigint, pc: SectorPreCommitOnChainInfo, act: SectorDealActivation,
  verifiedWeight: bigint, now: number): SectorOnChainInfo {
  const duration = BigInt(pc.Info.Expiration - now)
  const dealWeight = act.Activated.filter((d) => d.AllocationId === NoAllocationId).reduce((w, d) => w + BigInt(d.Size) * duration, 0n)
  const power = powerForSector(sectorSize, now, pc.Info.Expiration, verifiedWeight)
  return {
    SectorNumber: pc.Info.SectorNumber,
    SealProof: pc.Info.SealProof,
    SealedCID: pc.Info.SealedCID,
    DealIDs: pc.Info.DealIDs,
    Activation: now,
    Expiration: pc.Info.Expiration,
    DealWeight: dealWeight,
    VerifiedDealWeight: verifiedWeight,
    InitialPledge: initialPledgeForPower(policy, inputs, power.QA),
    ExpectedDayReward: expectedRewardForPower(policy, inputs, power.QA, 1n),
    ExpectedStoragePledge: expectedRewardForPower(policy, inputs, power.QA, PledgeProjectionDays),
    PowerBaseEpoch: now,
    ReplacedDayReward: zero,
    SectorKeyCID: null,
    Flags: 0
  }
}

/**
 * Picks the mutable deadline with the fewest live sectors (ties: lowest index), as a simple
 * form of builtin-actors `assign_sectors_to_deadlines`.
 */
export async function chooseDeadline (ms: MinerStore, policy: NetworkPolicy, now: number): Promise<number> {
  let best = -1
  let bestLive = Infinity
  for (let i = 0; i < policy.WPoStPeriodDeadlines; i++) {
    if (!deadlineIsMutable(policy, ms.st.ProvingPeriodStart, i, now)) continue
    const live = (await ms.deadline(i)).LiveSectors
    if (live < bestLive) { best = i; bestLive = live }
  }
  if (best < 0) throw new RangeError('no mutable deadline')
  return best
}

/**
 * Proves pre-committed sectors. With `allOrNothing`, the first failure aborts with its exit
 * code; otherwise failed sectors are reported and the rest activated. Returns the fail codes.
 */
export async function proveCommit (rt: Runtime, items: ProveItem[], allOrNothing: boolean): Promise<{ successCount: number, failCodes: FailCode[] }> {
  const policy = policyOf(rt)
  const now = rt.currentEpoch
  const st0 = await rt.state.read(minerStateCbor)
  const ms0 = new MinerStore(rt.store, st0)
  const info = await ms0.info()
  const precommits = await ms0.precommits()
  const pcs: SectorPreCommitOnChainInfo[] = []
  const fails = new Map<number, number>()
  for (const [i, item] of items.entries()) {
    const pc = await precommits.get(precommitKey(item.SectorNumber))
    if (pc === undefined) {
      if (allOrNothing) rt.abort(ExitCode.ErrNotFound, `no pre-committed sector ${item.SectorNumber}`)
      fails.set(i, ExitCode.ErrNotFound)
      pcs.push(undefined as never)
      continue
    }
    pcs.push(pc)
    const code = await verifyOne(rt, policy, pc, item.Proof)
    if (code !== ExitCode.Ok) {
      if (allOrNothing) rt.abort(code, describe(code, item.SectorNumber, pc, policy, now))
      fails.set(i, code)
    }
  }
  const okIdx = items.map((_, i) => i).filter((i) => !fails.has(i))
  const okPcs = okIdx.map((i) => pcs[i]!)
  const actFails = new Map<number, number>()
  const acts = await activateDeals(rt, okPcs, actFails)
  if (allOrNothing && actFails.size > 0) rt.abort([...actFails.values()][0]!, 'failed to activate deals')
  for (const [j, code] of actFails) fails.set(okIdx[j]!, code)
  const weights = await claimAllocations(rt, okPcs, acts)
  const inputs = await rewardInputs(rt)
  const activated: SectorOnChainInfo[] = []
  const released: SectorPreCommitOnChainInfo[] = []
  okPcs.forEach((pc, j) => {
    const act = acts[j]
    if (act === null || act === undefined) return
    activated.push(newSectorInfo(policy, inputs, info.SectorSize, pc, act, weights[j]!, now))
    released.push(pc)
  })
  const pledge = activated.reduce((sum, s) => sum + s.InitialPledge, 0n)
  const deposits = released.reduce((sum, pc) => sum + pc.PreCommitDeposit, 0n)
  const balance = await rt.currentBalance()

  if (activated.length > 0) {
    await rt.state.transaction(minerStateCbor, async (st) => {
      const ms = new MinerStore(rt.store, st)
      st.PreCommitDeposits = (st.PreCommitDeposits - deposits) as TokenAmount
      if (availableBalance(balance, st) < pledge) {
        rt.abort(ExitCode.ErrInsufficientFunds, `insufficient funds for aggregate initial pledge requirement ${pledge}, available: ${availableBalance(balance, st)}`)
      }
      st.InitialPledge = (st.InitialPledge + pledge) as TokenAmount
      const pcMap = await ms.precommits()
      const sectors = await ms.sectors()
      for (const s of activated) {
        await pcMap.delete(precommitKey(s.SectorNumber))
        await sectors.set(s.SectorNumber, s)
      }
      const dlIdx = await chooseDeadline(ms, policy, now)
      const last = newDeadlineInfo(policy, st.ProvingPeriodStart, dlIdx, now).Close - 1
      const dl = await ms.deadline(dlIdx)
      await addSectorsToDeadline(rt.store, dl, info.WindowPoStPartitionSectors, info.SectorSize, activated,
        (e) => quantizeUp(e, policy.WPoStProvingPeriod, last))
      await ms.saveDeadline(dlIdx, dl)
      await ms.flush()
    })
    await notifyPledgeChanged(rt, pledge)
  }
  const failCodes = [...fails].sort((a, b) => a[0] - b[0]).map(([Idx, Code]) => ({ Idx, Code }))
  return { successCount: activated.length, failCodes }
}
