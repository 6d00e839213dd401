/**
 * TerminateSectors (builtin-actors `terminate_sectors`), processed at once: power removed,
 * initial pledge released, a termination fee charged (see `monies.ts`), the sectors' deals
 * terminated through the market's OnMinerSectorsTerminate. Also the shared removal used by
 * on-time expiry in the deadline cron.
 */
import { BitField } from '../../../../core/bitfield/index.js'
import { encodeCbor } from '../../../../core/cbor/index.js'
import type { ChainEpoch, TokenAmount } from '../../../../core/types.js'
import { ExitCode } from '../../../vm/exitcode.js'
import type { Runtime } from '../../../vm/runtime.js'
import { StorageMarketActorAddr } from '../addresses.js'
import { MarketMethods, onMinerSectorsTerminateParamsCbor } from '../market/types.js'
import { anyControl, applyPenalty, burnFunds, callerMustBe, notifyPledgeChanged, policyOf, requestUpdatePower } from './context.js'
import { deadlineIsMutable } from './dline.js'
import { terminationFee } from './monies.js'
import { refreshDeadlineFaultyPower, terminateSectors as terminateInPartition } from './partitions.js'
import { minerStateCbor, type Deadline, type MinerState, type Partition, type SectorOnChainInfo } from './state.js'
import { loadPartitions, MinerStore, sectorInfos } from './store.js'
import { addPower, zeroPower, type PowerPair, type SectorDeclaration, type TerminateSectorsReturn } from './types.js'

/** Removes `sectors` from a partition and the state (sector infos deleted, pledge released). */
export async function removeSectors (ms: MinerStore, dl: Deadline, part: Partition, sectors: BitField, sectorSize: bigint): Promise<{ powerDelta: PowerPair, infos: SectorOnChainInfo[] }> {
  const amt = await ms.sectors()
  const res = await terminateInPartition(part, sectors, async (bf) => await sectorInfos(amt, bf), sectorSize)
  const pledge = res.infos.reduce((sum, s) => sum + s.InitialPledge, 0n)
  ms.st.InitialPledge = (ms.st.InitialPledge - pledge) as TokenAmount
  for (const s of res.infos) await amt.delete(s.SectorNumber)
  dl.LiveSectors -= res.infos.length
  return res
}

/** Tells the market the deals of `sectors` ended early at `epoch`. */
export async function notifyMarketTerminated (rt: Runtime, infos: readonly SectorOnChainInfo[]): Promise<void> {
  const withDeals = infos.filter((s) => s.DealIDs.length > 0).map((s) => s.SectorNumber)
  if (withDeals.length === 0) return
  const ret = await rt.send(StorageMarketActorAddr, MarketMethods.OnMinerSectorsTerminate, encodeCbor(onMinerSectorsTerminateParamsCbor, {
    Epoch: rt.currentEpoch as ChainEpoch, Sectors: BitField.fromArray(withDeals)
  }), 0n as TokenAmount)
  if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, 'failed to terminate deals')
}

export async function terminateSectorsMethod (rt: Runtime, decls: SectorDeclaration[]): Promise<TerminateSectorsReturn> {
  const policy = policyOf(rt)
  if (decls.length > policy.DeclarationsMax) rt.abort(ExitCode.ErrIllegalArgument, `too many declarations ${decls.length}, max ${policy.DeclarationsMax}`)
  const now = rt.currentEpoch
  const balance = await rt.currentBalance()
  const out = await rt.state.transaction(minerStateCbor, async (st: MinerState) => {
    const ms = new MinerStore(rt.store, st)
    const info = await ms.info()
    callerMustBe(rt, anyControl(info), 'the owner, worker or a control address')
    let delta = zeroPower()
    const all: SectorOnChainInfo[] = []
    for (const d of decls) {
      if (d.Deadline >= policy.WPoStPeriodDeadlines) rt.abort(ExitCode.ErrIllegalArgument, `invalid deadline ${d.Deadline}`)
      if (!deadlineIsMutable(policy, st.ProvingPeriodStart, d.Deadline, now)) {
        rt.abort(ExitCode.ErrIllegalArgument, `cannot terminate sectors in immutable deadline ${d.Deadline}`)
      }
      const dl = await ms.deadline(d.Deadline)
      const parts = await loadPartitions(rt.store, dl.Partitions)
      const part = await parts.get(d.Partition)
      if (part === undefined) rt.abort(ExitCode.ErrNotFound, `no such partition ${d.Deadline}:${d.Partition}`)
      if (!part.Sectors.subtract(part.Terminated).containsAll(d.Sectors)) {
        rt.abort(ExitCode.ErrIllegalArgument, `can only terminate live sectors (partition ${d.Deadline}:${d.Partition})`)
      }
      const res = await removeSectors(ms, dl, part, d.Sectors, info.SectorSize)
      delta = addPower(delta, res.powerDelta)
      all.push(...res.infos)
      await parts.set(d.Partition, part)
      dl.Partitions = await parts.flush()
      await refreshDeadlineFaultyPower(rt.store, dl)
      await ms.saveDeadline(d.Deadline, dl)
    }
    const fee = all.reduce((sum, s) => sum + terminationFee(policy, s, now), 0n)
    const pledge = all.reduce((sum, s) => sum + s.InitialPledge, 0n)
    await ms.flush()
    const burn = applyPenalty(st, balance, fee)
    return { delta, all, pledge, burn }
  })
  await burnFunds(rt, out.burn)
  await requestUpdatePower(rt, out.delta)
  await notifyPledgeChanged(rt, -out.pledge)
  await notifyMarketTerminated(rt, out.all)
  return { Done: true }
}
