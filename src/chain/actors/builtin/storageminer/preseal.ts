/**
 * builtin-actors miner `InternalSectorSetupForPreseal` (method 17), which Lotus's genesis calls
 * as the system actor after pre-committing each pre-sealed sector: no seal proof, the deals
 * activated through the market, the initial pledge locked and the deposit released, the sector
 * assigned to a deadline and partition. Unlike builtin-actors, which leaves the sectors
 * unproven for Lotus to erase (`EraseAllUnproven`) and claim their power itself, the sectors
 * here are made active and their power claimed with the power actor in the same call.
 */
import { BitField } from '../../../../core/bitfield/index.js'
import { decodeCbor, encodeCbor, tuple, type CborCodec } from '../../../../core/cbor/index.js'
import { array, bigInt, uint } from '../../../../core/cbor/scalars.js'
import type { ChainEpoch, DealId, SectorNumber, TokenAmount } from '../../../../core/types.js'
import { ExitCode } from '../../../vm/exitcode.js'
import type { Runtime } from '../../../vm/runtime.js'
import type { NetworkPolicy } from '../../policy.js'
import { StorageMarketActorAddr } from '../addresses.js'
import { batchActivateDealsParamsCbor, batchActivateDealsResultCbor, MarketMethods, type SectorDealActivation } from '../market/types.js'
import { estimateValue, filterEstimateCbor, type FilterEstimate } from '../reward/state.js'
import { availableBalance, notifyPledgeChanged, policyOf, requestUpdatePower } from '../miner/context.js'
import { newDeadlineInfo, quantizeUp } from '../miner/dline.js'
import { expectedRewardForPower, initialPledgeForPower, PledgeProjectionDays, powerForSector, type RewardInputs } from '../miner/monies.js'
import { addSectorsToDeadline, powerOf } from '../miner/partitions.js'
import { minerStateCbor, type SectorOnChainInfo, type SectorPreCommitOnChainInfo } from '../miner/state.js'
import { loadPartitions, MinerStore, precommitKey } from '../miner/store.js'
import { NoAllocationId, subPower, type PowerPair } from '../miner/types.js'
import { chooseDeadline } from '../miner/provecommit.js'

/** builtin-actors `InternalSectorSetupForPresealParams`. */
export interface InternalSectorSetupForPresealParams {
  Sectors: number[]
  RewardSmoothed: FilterEstimate
  RewardBaselinePower: bigint
  QualityAdjPowerSmoothed: FilterEstimate
}
export const internalSectorSetupForPresealParamsCbor: CborCodec<InternalSectorSetupForPresealParams> = tuple('InternalSectorSetupForPresealParams', {
  Sectors: array(uint),
  RewardSmoothed: filterEstimateCbor,
  RewardBaselinePower: bigInt,
  QualityAdjPowerSmoothed: filterEstimateCbor
})

/** The method number builtin-actors gives `InternalSectorSetupForPreseal`. */
export const InternalSectorSetupForPresealMethod = 17

const zero = 0n as TokenAmount

/** Activates the pre-seals' deals; a sector whose deals fail is skipped (null), as builtin-actors does. */
async function activateDeals (rt: Runtime, pcs: readonly SectorPreCommitOnChainInfo[]): Promise<Array<SectorDealActivation | null>> {
  const out: Array<SectorDealActivation | null> = pcs.map(() => ({ Activated: [], UnsealedCid: null }))
  const withDeals = pcs.map((pc, i) => [pc, i] as const).filter(([pc]) => pc.Info.DealIDs.length > 0)
  if (withDeals.length === 0) return out
  const ret = await rt.send(StorageMarketActorAddr, MarketMethods.BatchActivateDeals, encodeCbor(batchActivateDealsParamsCbor, {
    Sectors: withDeals.map(([pc]) => ({
      SectorNumber: pc.Info.SectorNumber as SectorNumber, SectorType: pc.Info.SealProof, SectorExpiry: pc.Info.Expiration as ChainEpoch,
      DealIDs: pc.Info.DealIDs as DealId[]
    })),
    ComputeCid: false
  }), zero)
  if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, 'failed to activate deals')
  const res = decodeCbor(batchActivateDealsResultCbor, ret.return, 'BatchActivateDeals return')
  const failed = new Set(res.ActivationResults.FailCodes.map((f) => f.Idx))
  let next = 0
  withDeals.forEach(([, i], j) => {
    out[i] = failed.has(j) ? null : (res.Activations[next++] ?? null)
  })
  return out
}

function sectorInfo (policy: NetworkPolicy, inputs: RewardInputs, sectorSize: bigint, pc: SectorPreCommitOnChainInfo, act: SectorDealActivation,
  now: number): SectorOnChainInfo {
  if (act.Activated.some((d) => d.AllocationId !== NoAllocationId)) {
    throw new RangeError(`pre-sealed sector ${pc.Info.SectorNumber} has a verified deal; genesis deals are unverified`)
  }
  const duration = BigInt(pc.Info.Expiration - now)
  const power = powerForSector(sectorSize, now, pc.Info.Expiration, 0n)
  return {
    SectorNumber: pc.Info.SectorNumber,
    SealProof: pc.Info.SealProof,
    SealedCID: pc.Info.SealedCID,
    DealIDs: pc.Info.DealIDs,
    Activation: now,
    Expiration: pc.Info.Expiration,
    DealWeight: act.Activated.reduce((w, d) => w + BigInt(d.Size) * duration, 0n),
    VerifiedDealWeight: 0n,
    InitialPledge: initialPledgeForPower(policy, inputs, power.QA),
    ExpectedDayReward: expectedRewardForPower(policy, inputs, power.QA, 1n),
    ExpectedStoragePledge: expectedRewardForPower(policy, inputs, power.QA, PledgeProjectionDays),
    PowerBaseEpoch: now,
    ReplacedDayReward: zero,
    SectorKeyCID: null,
    Flags: 0
  }
}

/** Method 17's handler (caller: the system actor). Missing pre-commits are skipped. */
export async function internalSectorSetupForPreseal (rt: Runtime, p: InternalSectorSetupForPresealParams): Promise<void> {
  const policy = policyOf(rt)
  const now = rt.currentEpoch
  const st0 = await rt.state.read(minerStateCbor)
  const ms0 = new MinerStore(rt.store, st0)
  const info = await ms0.info()
  const pcMap0 = await ms0.precommits()
  const pcs: SectorPreCommitOnChainInfo[] = []
  for (const n of p.Sectors) {
    const pc = await pcMap0.get(precommitKey(n))
    if (pc !== undefined) pcs.push(pc)
  }
  if (pcs.length === 0) return
  const acts = await activateDeals(rt, pcs)
  const inputs: RewardInputs = {
    epochReward: estimateValue(p.RewardSmoothed),
    networkQAPower: estimateValue(p.QualityAdjPowerSmoothed),
    baselinePower: p.RewardBaselinePower,
    circulatingSupply: rt.circulatingSupply
  }
  const activated: SectorOnChainInfo[] = []
  let deposits = 0n
  pcs.forEach((pc, i) => {
    const act = acts[i]
    if (act === null || act === undefined) return
    try {
      activated.push(sectorInfo(policy, inputs, info.SectorSize, pc, act, now))
    } catch (err) {
      rt.abort(ExitCode.ErrIllegalArgument, (err as Error).message)
    }
    deposits += pc.PreCommitDeposit
  })
  if (activated.length === 0) return
  const pledge = activated.reduce((sum, s) => sum + s.InitialPledge, 0n)
  const power: PowerPair = powerOf(info.SectorSize, activated)
  const balance = await rt.currentBalance()

  await rt.state.transaction(minerStateCbor, async (st) => {
    const ms = new MinerStore(rt.store, st)
    st.PreCommitDeposits = (st.PreCommitDeposits - deposits) as TokenAmount
    if (availableBalance(balance, st) < pledge) {
      rt.abort(ExitCode.ErrInsufficientFunds, `insufficient funds for initial pledge ${pledge}, available: ${availableBalance(balance, st)}`)
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
    const used = await addSectorsToDeadline(rt.store, dl, info.WindowPoStPartitionSectors, info.SectorSize, activated,
      (e) => quantizeUp(e, policy.WPoStProvingPeriod, last))
    // Pre-seals count as proven: no first Window PoSt is awaited for their power.
    const numbers = BitField.fromArray(activated.map((s) => s.SectorNumber))
    const parts = await loadPartitions(rt.store, dl.Partitions)
    for (const idx of used) {
      const part = await parts.get(idx)
      if (part === undefined) continue
      const mine = part.Unproven.intersect(numbers)
      const minePower = powerOf(info.SectorSize, activated.filter((s) => mine.has(s.SectorNumber)))
      part.Unproven = part.Unproven.subtract(mine)
      part.UnprovenPower = subPower(part.UnprovenPower, minePower)
      await parts.set(idx, part)
    }
    dl.Partitions = await parts.flush()
    await ms.saveDeadline(dlIdx, dl)
    await ms.flush()
  })
  await requestUpdatePower(rt, power)
  await notifyPledgeChanged(rt, pledge)
}
