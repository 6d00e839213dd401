/**
 * DeclareFaults and DeclareFaultsRecovered (builtin-actors `declare_faults`,
 * `declare_faults_recovered`): declarations for a deadline are accepted until its fault cutoff
 * (FaultDeclarationCutoff epochs before it opens, for its next occurrence).
 */
import { ExitCode } from '../../../vm/exitcode.js'
import type { Runtime } from '../../../vm/runtime.js'
import type { NetworkPolicy } from '../../policy.js'
import { burnFunds, callerMustBe, policyOf, repayDebt, requestUpdatePower, workerOrControl } from './context.js'
import { faultCutoffPassed, newDeadlineInfo, nextNotElapsed } from './dline.js'
import { declareRecoveries, recordFaults, refreshDeadlineFaultyPower, removeRecoveries } from './partitions.js'
import { minerStateCbor, type Partition } from './state.js'
import { loadPartitions, MinerStore, sectorInfos } from './store.js'
import { addPower, zeroPower, type PowerPair, type SectorDeclaration } from './types.js'

type Apply = (part: Partition, decl: SectorDeclaration, lookup: (bf: SectorDeclaration['Sectors']) => ReturnType<typeof sectorInfos>, size: bigint) => Promise<PowerPair>

function checkDeclarations (rt: Runtime, policy: NetworkPolicy, decls: SectorDeclaration[], periodStart: number, what: string): void {
  if (decls.length > policy.DeclarationsMax) rt.abort(ExitCode.ErrIllegalArgument, `too many ${what} declarations ${decls.length}, max ${policy.DeclarationsMax}`)
  for (const d of decls) {
    if (d.Deadline >= policy.WPoStPeriodDeadlines) rt.abort(ExitCode.ErrIllegalArgument, `invalid deadline ${d.Deadline} of ${policy.WPoStPeriodDeadlines}`)
    const target = nextNotElapsed(policy, newDeadlineInfo(policy, periodStart, d.Deadline, rt.currentEpoch))
    if (faultCutoffPassed(target)) {
      rt.abort(ExitCode.ErrIllegalArgument, `invalid ${what} declaration deadline ${d.Deadline}: late declaration at epoch ${rt.currentEpoch}, cutoff ${target.FaultCutoff}`)
    }
  }
}

async function applyDeclarations (rt: Runtime, decls: SectorDeclaration[], what: string, apply: Apply, before?: (st: import('./state.js').MinerState) => void): Promise<{ delta: PowerPair, burn: bigint }> {
  const policy = policyOf(rt)
  const balance = await rt.currentBalance()
  return await rt.state.transaction(minerStateCbor, async (st) => {
    const ms = new MinerStore(rt.store, st)
    const info = await ms.info()
    callerMustBe(rt, workerOrControl(info), 'the worker or a control address')
    checkDeclarations(rt, policy, decls, st.ProvingPeriodStart, what)
    const burn = repayDebt(st, balance)
    before?.(st)
    const sectors = await ms.sectors()
    const lookup = async (bf: SectorDeclaration['Sectors']): ReturnType<typeof sectorInfos> => await sectorInfos(sectors, bf)
    let delta = zeroPower()
    const byDeadline = new Map<number, SectorDeclaration[]>()
    for (const d of decls) byDeadline.set(d.Deadline, [...(byDeadline.get(d.Deadline) ?? []), d])
    for (const [dlIdx, group] of byDeadline) {
      const dl = await ms.deadline(dlIdx)
      const parts = await loadPartitions(rt.store, dl.Partitions)
      for (const d of group) {
        const part = await parts.get(d.Partition)
        if (part === undefined) rt.abort(ExitCode.ErrNotFound, `no such partition ${d.Deadline}:${d.Partition}`)
        if (!part.Sectors.containsAll(d.Sectors)) rt.abort(ExitCode.ErrIllegalArgument, `${what} declaration for partition ${d.Deadline}:${d.Partition} names sectors not in it`)
        delta = addPower(delta, await apply(part, d, lookup, info.SectorSize))
        await parts.set(d.Partition, part)
      }
      dl.Partitions = await parts.flush()
      await refreshDeadlineFaultyPower(rt.store, dl)
      await ms.saveDeadline(dlIdx, dl)
    }
    await ms.flush()
    return { delta, burn }
  })
}

export async function declareFaults (rt: Runtime, decls: SectorDeclaration[]): Promise<void> {
  const { delta, burn } = await applyDeclarations(rt, decls, 'fault', async (part, d, lookup, size) => {
    await removeRecoveries(part, d.Sectors, lookup, size)
    return (await recordFaults(part, d.Sectors, lookup, size)).powerDelta
  })
  await burnFunds(rt, burn)
  await requestUpdatePower(rt, delta)
}

export async function declareFaultsRecovered (rt: Runtime, decls: SectorDeclaration[]): Promise<void> {
  const { burn } = await applyDeclarations(rt, decls, 'recovery', async (part, d, lookup, size) => {
    await declareRecoveries(part, d.Sectors, lookup, size)
    return zeroPower()
  }, (st) => {
    if (st.FeeDebt > 0n) rt.abort(ExitCode.ErrInsufficientFunds, `cannot declare recoveries with fee debt ${st.FeeDebt} outstanding`)
  })
  await burnFunds(rt, burn)
}
