/** The miner's sector methods as dispatch entries (see `actor.ts`). */
import { anyCaller, callerIs, method, type MethodEntry } from '../../../vm/actor.js'
import { ExitCode } from '../../../vm/exitcode.js'
import { StoragePowerActorAddr } from '../addresses.js'
import { deferredCronEventParamsCbor } from '../power/types.js'
import { onDeferredCronEvent } from './cron.js'
import { callerMustBe, workerOrControl } from './context.js'
import { declareFaults, declareFaultsRecovered } from './faults.js'
import { readInfo } from './info.js'
import { fromV9, preCommitBatch } from './precommit.js'
import { proveCommit } from './provecommit.js'
import { terminateSectorsMethod } from './terminate.js'
import {
  declareFaultsParamsCbor, declareFaultsRecoveredParamsCbor, MinerMethods, preCommitSectorBatchParams2Cbor,
  preCommitSectorBatchParamsCbor, preCommitSectorParamsCbor, proveCommitSectorParamsCbor, proveCommitSectors3ParamsCbor,
  proveCommitSectors3ReturnCbor, submitWindowedPoStParamsCbor, terminateSectorsParamsCbor, terminateSectorsReturnCbor
} from './types.js'
import { submitWindowedPoSt } from './wpost.js'

export const sectorMethods: Record<number, MethodEntry> = {
  [MinerMethods.SubmitWindowedPoSt]: method({
    name: 'SubmitWindowedPoSt', params: submitWindowedPoStParamsCbor, returns: null, callers: anyCaller, handler: submitWindowedPoSt
  }),
  [MinerMethods.PreCommitSector]: method({
    name: 'PreCommitSector', params: preCommitSectorParamsCbor, returns: null, callers: anyCaller,
    handler: async (rt, p) => { await preCommitBatch(rt, [fromV9(rt, p)]) }
  }),
  [MinerMethods.ProveCommitSector]: method({
    name: 'ProveCommitSector', params: proveCommitSectorParamsCbor, returns: null, callers: anyCaller,
    handler: async (rt, p) => { await proveCommit(rt, [p], true) }
  }),
  [MinerMethods.TerminateSectors]: method({
    name: 'TerminateSectors', params: terminateSectorsParamsCbor, returns: terminateSectorsReturnCbor, callers: anyCaller,
    handler: async (rt, p) => await terminateSectorsMethod(rt, p.Terminations)
  }),
  [MinerMethods.DeclareFaults]: method({
    name: 'DeclareFaults', params: declareFaultsParamsCbor, returns: null, callers: anyCaller,
    handler: async (rt, p) => { await declareFaults(rt, p.Faults) }
  }),
  [MinerMethods.DeclareFaultsRecovered]: method({
    name: 'DeclareFaultsRecovered', params: declareFaultsRecoveredParamsCbor, returns: null, callers: anyCaller,
    handler: async (rt, p) => { await declareFaultsRecovered(rt, p.Recoveries) }
  }),
  [MinerMethods.OnDeferredCronEvent]: method({
    name: 'OnDeferredCronEvent', params: deferredCronEventParamsCbor, returns: null, callers: callerIs(StoragePowerActorAddr), handler: onDeferredCronEvent
  }),
  [MinerMethods.PreCommitSectorBatch]: method({
    name: 'PreCommitSectorBatch', params: preCommitSectorBatchParamsCbor, returns: null, callers: anyCaller,
    handler: async (rt, p) => { await preCommitBatch(rt, p.Sectors.map((s) => fromV9(rt, s))) }
  }),
  [MinerMethods.PreCommitSectorBatch2]: method({
    name: 'PreCommitSectorBatch2', params: preCommitSectorBatchParams2Cbor, returns: null, callers: anyCaller,
    handler: async (rt, p) => { await preCommitBatch(rt, p.Sectors) }
  }),
  [MinerMethods.ProveCommitSectors3]: method({
    name: 'ProveCommitSectors3', params: proveCommitSectors3ParamsCbor, returns: proveCommitSectors3ReturnCbor, callers: anyCaller,
    handler: async (rt, p) => {
      callerMustBe(rt, workerOrControl(await readInfo(rt)), 'the worker or a control address')
      if (p.AggregateProof.length > 0 || p.AggregateProofType !== null) rt.abort(ExitCode.ErrIllegalArgument, 'aggregate proofs are not supported by the dev proof system')
      if (p.SectorProofs.length !== p.SectorActivations.length) {
        rt.abort(ExitCode.ErrIllegalArgument, `mismatched lengths: ${p.SectorActivations.length} sector activations, ${p.SectorProofs.length} proofs`)
      }
      if (p.SectorActivations.some((a) => a.Pieces.length > 0)) {
        rt.abort(ExitCode.ErrIllegalArgument, 'piece manifests are not supported: pre-commit deal IDs and activate with an empty piece list')
      }
      const items = p.SectorActivations.map((a, i) => ({ SectorNumber: a.SectorNumber, Proof: p.SectorProofs[i]! }))
      const res = await proveCommit(rt, items, p.RequireActivationSuccess)
      if (res.successCount === 0) rt.abort(ExitCode.ErrIllegalArgument, 'no sectors were activated')
      return { ActivationResults: { SuccessCount: res.successCount, FailCodes: res.failCodes } }
    }
  })
}
