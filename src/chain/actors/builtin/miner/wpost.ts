/**
 * SubmitWindowedPoSt (builtin-actors `submit_windowed_post`): the current deadline's
 * partitions, the chain commit, and the proof verified in full through the runtime's
 * `verifyWindowPoSt` over the partitions' sectors minus faults and skipped sectors (which become
 * faulty). Declared recoveries recover and new sectors gain power.
 */
import type { ActorId, ChainEpoch, SectorNumber } from '../../../../core/types.js'
import { ExitCode } from '../../../vm/exitcode.js'
import { DomainSeparationTag } from '../../../vm/randomness.js'
import type { Runtime } from '../../../vm/runtime.js'
import type { ProvenSectorInfo } from '../../../vm/syscalls.js'
import { addressEntropy } from '../../../../proofs/randomness.js'
import { callerMustBe, policyOf, requestUpdatePower, workerOrControl } from './context.js'
import { deadlineInfoFromOffsetAndEpoch } from './dline.js'
import { addPower, zeroPower, type PowerPair, type SubmitWindowedPoStParams } from './types.js'
import { liveSectors, recordProven, refreshDeadlineFaultyPower } from './partitions.js'
import { minerStateCbor } from './state.js'
import { loadPartitions, MinerStore, sectorInfos } from './store.js'

function bytesEqual (a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

export async function submitWindowedPoSt (rt: Runtime, p: SubmitWindowedPoStParams): Promise<void> {
  const policy = policyOf(rt)
  const now = rt.currentEpoch
  if (p.Proofs.length !== 1) rt.abort(ExitCode.ErrIllegalArgument, `expected exactly one proof, got ${p.Proofs.length}`)
  if (p.Partitions.length === 0) rt.abort(ExitCode.ErrIllegalArgument, 'expected at least one partition')
  if (p.Partitions.length > policy.PostedPartitionsMax) rt.abort(ExitCode.ErrIllegalArgument, `too many partitions ${p.Partitions.length}, max ${policy.PostedPartitionsMax}`)
  if (p.Deadline >= policy.WPoStPeriodDeadlines) rt.abort(ExitCode.ErrIllegalArgument, `invalid deadline ${p.Deadline} of ${policy.WPoStPeriodDeadlines}`)
  if (p.ChainCommitEpoch >= now) rt.abort(ExitCode.ErrIllegalArgument, `PoSt chain commitment ${p.ChainCommitEpoch} must be in the past (current epoch ${now})`)
  if (p.ChainCommitEpoch < now - policy.WPoStMaxChainCommitAge) {
    rt.abort(ExitCode.ErrIllegalArgument, `PoSt chain commitment ${p.ChainCommitEpoch} too far in the past, must be after ${now - policy.WPoStMaxChainCommitAge}`)
  }
  const commitRand = await rt.getRandomnessFromTickets(DomainSeparationTag.PoStChainCommit, p.ChainCommitEpoch as ChainEpoch, new Uint8Array(0))
  if (!bytesEqual(commitRand, p.ChainCommitRand)) rt.abort(ExitCode.ErrIllegalArgument, 'post commit randomness mismatched')

  const st0 = await rt.state.read(minerStateCbor)
  const info = await new MinerStore(rt.store, st0).info()
  callerMustBe(rt, workerOrControl(info), 'the worker or a control address')
  if (p.Proofs[0]!.PoStProof !== info.WindowPoStProofType) {
    rt.abort(ExitCode.ErrIllegalArgument, `expected proof of type ${info.WindowPoStProofType}, got ${p.Proofs[0]!.PoStProof}`)
  }
  const current = deadlineInfoFromOffsetAndEpoch(policy, st0.ProvingPeriodStart, now)
  if (p.Deadline !== current.Index) rt.abort(ExitCode.ErrIllegalArgument, `invalid deadline ${p.Deadline} at epoch ${now}, expected ${current.Index}`)
  if (p.ChainCommitEpoch < current.Challenge) {
    rt.abort(ExitCode.ErrIllegalArgument, `expected chain commit epoch ${p.ChainCommitEpoch} to be after ${current.Challenge}`)
  }
  const randomness = await rt.getRandomnessFromBeacon(DomainSeparationTag.WindowedPoStChallengeSeed, current.Challenge as ChainEpoch, addressEntropy(rt.receiver))

  const delta = await rt.state.transaction(minerStateCbor, async (st) => {
    const ms = new MinerStore(rt.store, st)
    const sectors = await ms.sectors()
    const lookup = async (bf: Parameters<typeof sectorInfos>[1]): ReturnType<typeof sectorInfos> => await sectorInfos(sectors, bf)
    const dl = await ms.deadline(p.Deadline)
    const parts = await loadPartitions(rt.store, dl.Partitions)
    let delta: PowerPair = zeroPower()
    const challenged: ProvenSectorInfo[] = []
    let proven = 0
    for (const post of p.Partitions) {
      if (dl.PartitionsPoSted.has(post.Index)) continue
      const part = await parts.get(post.Index)
      if (part === undefined) rt.abort(ExitCode.ErrNotFound, `no such partition ${p.Deadline}:${post.Index}`)
      if (!part.Sectors.containsAll(post.Skipped)) {
        rt.abort(ExitCode.ErrIllegalArgument, `skipped faults contain sectors outside partition ${post.Index}`)
      }
      delta = addPower(delta, await recordProven(part, post.Skipped, lookup, info.SectorSize))
      for (const s of await lookup(liveSectors(part).subtract(part.Faults))) {
        challenged.push({ SealProof: s.SealProof, SectorNumber: s.SectorNumber as SectorNumber, SealedCID: s.SealedCID })
      }
      await parts.set(post.Index, part)
      dl.PartitionsPoSted = dl.PartitionsPoSted.withBit(post.Index)
      proven++
    }
    if (proven === 0) rt.abort(ExitCode.ErrIllegalArgument, 'partitions already proven')
    if (challenged.length > 0) {
      const ok = await rt.verifyWindowPoSt({
        Randomness: randomness,
        Proofs: p.Proofs.map((x) => ({ PoStProof: x.PoStProof, ProofBytes: x.ProofBytes })),
        ChallengedSectors: challenged,
        Prover: rt.receiver.id() as ActorId
      })
      if (!ok) rt.abort(ExitCode.ErrIllegalArgument, `invalid PoSt for deadline ${p.Deadline}`)
    }
    dl.Partitions = await parts.flush()
    await refreshDeadlineFaultyPower(rt.store, dl)
    await ms.saveDeadline(p.Deadline, dl)
    await ms.flush()
    return delta
  })
  await requestUpdatePower(rt, delta)
}
