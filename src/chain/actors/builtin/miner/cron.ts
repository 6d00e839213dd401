/**
 * OnDeferredCronEvent from the power actor (builtin-actors `handle_proving_deadline`): at the
 * last epoch of each deadline, partitions without a Window PoSt turn faulty and lose power,
 * the deadline's faulty power pays the continued-fault penalty (`monies.ts`), sectors due
 * expire, expired pre-commits lose their deposit, and the next deadline is enrolled.
 */
import { BitField } from '../../../../core/bitfield/index.js'
import { decodeCbor } from '../../../../core/cbor/index.js'
import { Amt } from '../../../../core/ipld/index.js'
import type { TokenAmount } from '../../../../core/types.js'
import type { Runtime } from '../../../vm/runtime.js'
import type { DeferredCronEventParams } from '../power/types.js'
import { estimateValue } from '../reward/state.js'
import { applyPenalty, burnFunds, enrollCronEvent, notifyPledgeChanged, policyOf, requestUpdatePower } from './context.js'
import { newDeadlineInfo } from './dline.js'
import { faultPenaltyForPower } from './monies.js'
import { popExpiredSectors, recordMissedPoSt, refreshDeadlineFaultyPower } from './partitions.js'
import { BitWidths, minerStateCbor, type MinerState } from './state.js'
import { bitfieldValues, loadPartitions, MinerStore, precommitKey, sectorInfos } from './store.js'
import { removeSectors } from './terminate.js'
import { addPower, cronEventPayloadCbor, CronEventType, zeroPower } from './types.js'

/** Burns the deposits of pre-commits whose clean-up epoch has come and that were never proven. */
async function cleanUpExpiredPreCommits (ms: MinerStore, now: number): Promise<bigint> {
  const st = ms.st
  const queue = await Amt.load<BitField>(ms.store, st.PreCommittedSectorsCleanUp, { bitWidth: BitWidths.PreCommitCleanUp, codec: bitfieldValues })
  const due: bigint[] = []
  let numbers = BitField.empty()
  for await (const [epoch, bf] of queue.entries()) {
    if (epoch > BigInt(now)) break
    due.push(epoch)
    numbers = numbers.union(bf)
  }
  if (due.length === 0) return 0n
  for (const e of due) await queue.delete(e)
  st.PreCommittedSectorsCleanUp = await queue.flush()
  const pcs = await ms.precommits()
  let burnt = 0n
  for (const n of numbers.toArray()) {
    const pc = await pcs.get(precommitKey(n))
    if (pc === undefined) continue
    await pcs.delete(precommitKey(n))
    burnt += pc.PreCommitDeposit
  }
  st.PreCommitDeposits = (st.PreCommitDeposits - burnt) as TokenAmount
  return burnt
}

async function hasWork (ms: MinerStore): Promise<boolean> {
  if (ms.st.FeeDebt > 0n) return true
  for await (const _ of (await ms.sectors()).keys()) return true
  for await (const _ of (await ms.precommits()).keys()) return true
  return false
}

export async function onDeferredCronEvent (rt: Runtime, p: DeferredCronEventParams): Promise<void> {
  const payload = decodeCbor(cronEventPayloadCbor, p.EventPayload, 'CronEventPayload')
  if (payload.EventType !== CronEventType.ProvingDeadline) return
  const policy = policyOf(rt)
  const now = rt.currentEpoch
  const inputs = {
    epochReward: estimateValue(p.RewardSmoothed),
    networkQAPower: estimateValue(p.QualityAdjPowerSmoothed),
    baselinePower: 0n,
    circulatingSupply: rt.circulatingSupply
  }
  const balance = await rt.currentBalance()
  const out = await rt.state.transaction(minerStateCbor, async (st: MinerState) => {
    const ms = new MinerStore(rt.store, st)
    const d = newDeadlineInfo(policy, st.ProvingPeriodStart, st.CurrentDeadline, now)
    if (now < d.Close - 1) return { delta: zeroPower(), pledge: 0n, burn: 0n, enroll: d.Close - 1 }
    const info = await ms.info()
    const amt = await ms.sectors()
    const lookup = async (bf: BitField): ReturnType<typeof sectorInfos> => await sectorInfos(amt, bf)
    const dl = await ms.deadline(d.Index)
    const parts = await loadPartitions(rt.store, dl.Partitions)
    let delta = zeroPower()
    let pledge = 0n
    const indexes: number[] = []
    for await (const [i] of parts.entries()) indexes.push(Number(i))
    for (const i of indexes) {
      const part = (await parts.get(i))!
      if (!dl.PartitionsPoSted.has(i)) delta = addPower(delta, (await recordMissedPoSt(part, lookup, info.SectorSize)).powerDelta)
      const expired = await popExpiredSectors(rt.store, part, now)
      if (!expired.isEmpty()) {
        const res = await removeSectors(ms, dl, part, expired, info.SectorSize)
        delta = addPower(delta, res.powerDelta)
        pledge += res.infos.reduce((sum, s) => sum + s.InitialPledge, 0n)
      }
      await parts.set(i, part)
    }
    dl.Partitions = await parts.flush()
    dl.PartitionsPoSted = BitField.empty()
    await refreshDeadlineFaultyPower(rt.store, dl)
    await ms.saveDeadline(d.Index, dl)
    const penalty = faultPenaltyForPower(policy, inputs, dl.FaultyPower.QA)
    const burntDeposits = await cleanUpExpiredPreCommits(ms, now)
    await ms.flush()
    const burn = applyPenalty(st, balance - burntDeposits, penalty) + burntDeposits
    st.CurrentDeadline = (d.Index + 1) % policy.WPoStPeriodDeadlines
    if (st.CurrentDeadline === 0) st.ProvingPeriodStart += policy.WPoStProvingPeriod
    const next = newDeadlineInfo(policy, st.ProvingPeriodStart, st.CurrentDeadline, now)
    const active = await hasWork(ms)
    st.DeadlineCronActive = active
    return { delta, pledge, burn, enroll: active ? Math.max(next.Close - 1, now + 1) : null }
  })
  await burnFunds(rt, out.burn)
  await requestUpdatePower(rt, out.delta)
  await notifyPledgeChanged(rt, -out.pledge)
  if (out.enroll !== null) await enrollCronEvent(rt, out.enroll, CronEventType.ProvingDeadline)
}
