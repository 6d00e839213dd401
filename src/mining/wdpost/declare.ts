/**
 * Fault and recovery declarations for the deadline two ahead of the one being proven (Lotus
 * `asyncFaultRecover`, `declareRecoveries`, `declareFaults`), sent before that deadline's
 * fault cutoff: faulty sectors whose files are readable again are declared recovered
 * (DeclareFaultsRecovered), and live sectors whose files are gone are declared faulty
 * (DeclareFaults), so they are neither proven nor penalised as skipped faults later.
 */
import type { MsgLookup } from '../../api/fullnode/types/api.js'
import { BitField } from '../../core/bitfield/index.js'
import { encodeCbor } from '../../core/cbor/index.js'
import { signedMessageCid } from '../../core/message/index.js'
import type { ChainEpoch, MethodNum, TokenAmount } from '../../core/types.js'
import type { TipSet } from '../../chain/types/index.js'
import {
  declareFaultsParamsCbor, declareFaultsRecoveredParamsCbor, type SectorDeclaration
} from '../../chain/actors/builtin/miner/types.js'
import { configFilToAtto } from '../../repo/config/index.js'
import { selectPoStAddress } from './address.js'
import { checkSectors } from './check.js'
import { messageUuid, minerMessage, PoStMethod, type CycleContext } from './context.js'
import { deadlineAfter, type DeadlineInfo } from './deadlines.js'

export interface Declarations {
  /** The deadline declared for (index and its next occurrence). */
  readonly target: DeadlineInfo
  readonly faults: SectorDeclaration[]
  readonly recoveries: SectorDeclaration[]
}

/** Works out what to declare for deadline (proving.Index + 2) mod deadlines, from the state at `ts`. */
export async function findDeclarations (ctx: CycleContext, proving: DeadlineInfo, ts: TipSet): Promise<Declarations | undefined> {
  const target = deadlineAfter(proving, 2)
  if (ts.height >= target.FaultCutoff) {
    ctx.log?.warn({ deadline: target.Index, cutoff: target.FaultCutoff, height: ts.height }, 'not declaring faults or recoveries: past the fault cutoff')
    return undefined
  }
  const { chain } = ctx.deps
  const opts = { signal: ctx.signal }
  const info = await chain.StateMinerInfo(ctx.miner, ts.key, opts)
  const partitions = await chain.StateMinerPartitions(ctx.miner, target.Index, ts.key, opts)
  const faults: SectorDeclaration[] = []
  const recoveries: SectorDeclaration[] = []
  for (const [index, p] of partitions.entries()) {
    const recoverable = p.FaultySectors.subtract(p.RecoveringSectors)
    // Fault detection needs the pre-check; recoveries are always checked before they are declared.
    const faultable = ctx.settings.disableWDPoStPreChecks ? BitField.empty() : p.LiveSectors.subtract(p.FaultySectors).union(p.RecoveringSectors)
    const toCheck = recoverable.union(faultable)
    if (toCheck.isEmpty()) continue
    const infos = await chain.StateMinerSectors(ctx.miner, toCheck, ts.key, opts)
    const checked = await checkSectors(ctx, infos, info.SectorSize, true)
    const bad = BitField.fromArray(checked.bad.map((b) => b.sector))
    const recovered = recoverable.intersect(checked.goodSet)
    const failed = faultable.intersect(bad)
    if (!recovered.isEmpty()) recoveries.push({ Deadline: target.Index, Partition: index, Sectors: recovered })
    if (!failed.isEmpty()) faults.push({ Deadline: target.Index, Partition: index, Sectors: failed })
  }
  return { target, faults, recoveries }
}

function chunks<T> (items: readonly T[], size: number): T[][] {
  if (size <= 0) return items.length === 0 ? [] : [[...items]]
  const out: T[][] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size))
  return out
}

/** Sends the declarations (recoveries first, as Lotus) and waits for them to land. */
export async function sendDeclarations (ctx: CycleContext, d: Declarations): Promise<void> {
  const sends: Array<{ method: MethodNum, what: 'fault' | 'recovery', decls: SectorDeclaration[] }> = [
    ...chunks(d.recoveries, ctx.settings.maxPartitionsPerRecoveryMessage).map((decls) => ({ method: PoStMethod.DeclareFaultsRecovered, what: 'recovery' as const, decls })),
    ...chunks(d.faults, ctx.settings.maxPartitionsPerRecoveryMessage).map((decls) => ({ method: PoStMethod.DeclareFaults, what: 'fault' as const, decls }))
  ]
  if (sends.length === 0) return
  const { chain } = ctx.deps
  const maxFee = configFilToAtto(ctx.config.Fees.MaxWindowPoStGasFee) as TokenAmount
  const from = await selectPoStAddress(chain, ctx.miner, ctx.config.Addresses, maxFee)
  const waits: Array<Promise<void>> = []
  for (const s of sends) {
    const params = s.what === 'recovery'
      ? encodeCbor(declareFaultsRecoveredParamsCbor, { Recoveries: s.decls })
      : encodeCbor(declareFaultsParamsCbor, { Faults: s.decls })
    const sectors = s.decls.reduce((n, x) => n + x.Sectors.count(), 0)
    const smsg = await chain.MpoolPushMessage(minerMessage(from, ctx.miner, s.method, params), { MaxFee: maxFee, MsgUuid: messageUuid() }, { signal: ctx.signal })
    const cid = signedMessageCid(smsg)
    const label = s.what === 'recovery' ? 'declare faults recovered' : 'declare faults'
    ctx.log?.warn({ cid: cid.toString(), deadline: d.target.Index, sectors, partitions: s.decls.map((x) => x.Partition), from: from.toString() }, `${label} message published`)
    if (s.what === 'recovery') ctx.metrics.recoveriesDeclared.inc(sectors)
    else ctx.metrics.faultsDeclared.inc(sectors)
    waits.push(chain.StateWaitMsg(cid, ctx.messageConfidence, -1 as ChainEpoch, true, { signal: ctx.signal }).then((r: MsgLookup | null) => {
      const code = r === null ? undefined : Number(r.Receipt.ExitCode)
      if (code !== 0) ctx.log?.error({ cid: cid.toString(), exitCode: code }, `${label} message failed`)
    }))
  }
  await Promise.all(waits)
}
