/**
 * Proof generation for one deadline (Lotus `runPoStCycle`): randomness from the beacon at the
 * challenge epoch, the deadline's partitions in batches that fit one message, per partition
 * (Live − Faulty) + Recovering with unprovable sectors skipped, one proof per batch. When the
 * prover names sectors it could not prove they are skipped and the batch is proven again; when
 * the randomness changed under a reorg the batch is proven again with the new one.
 */
import type { Partition } from '../../api/fullnode/types/miner.js'
import { BitField } from '../../core/bitfield/index.js'
import type { RegisteredPoStProof } from '../../core/sector/index.js'
import type { TipSetKey } from '../../chain/types/index.js'
import type { PoStPartition, PoStProofParam } from '../../chain/actors/builtin/miner/types.js'
import { addressEntropy, DomainSeparationTag, SectorProvingError, type PrivateSectorInfo } from '../../proofs/index.js'
import { abortable } from '../timing.js'
import { checkSectors } from './check.js'
import type { CycleContext } from './context.js'
import { deadlineLabel, type DeadlineInfo } from './deadlines.js'
import type { ProvingSettings } from './settings.js'

/** A SubmitWindowedPoSt before its chain commitment is known. */
export interface DeadlinePoSt {
  readonly Deadline: number
  readonly Partitions: PoStPartition[]
  readonly Proofs: PoStProofParam[]
  /** Sectors proven and skipped, for logs. */
  readonly proven: number
  readonly skipped: number
}

export interface IndexedPartition {
  readonly index: number
  readonly partition: Partition
}

/**
 * Splits a deadline's partitions into message-sized batches, in index order: at most
 * `maxPartitionsPerPoStMessage` each, and a partition with recovering sectors alone when
 * SingleRecoveringPartitionPerPostMessage is set.
 */
export function batchPartitions (partitions: readonly Partition[], settings: ProvingSettings): IndexedPartition[][] {
  const max = Math.max(1, settings.maxPartitionsPerPoStMessage)
  const batches: IndexedPartition[][] = []
  let current: IndexedPartition[] = []
  partitions.forEach((partition, index) => {
    const alone = settings.singleRecoveringPartitionPerPostMessage && !partition.RecoveringSectors.isEmpty()
    if (current.length > 0 && (alone || current.length >= max)) {
      batches.push(current)
      current = []
    }
    current.push({ index, partition })
    if (alone) {
      batches.push(current)
      current = []
    }
  })
  if (current.length > 0) batches.push(current)
  return batches
}

/** The sectors a partition's proof must cover: (Live − Faulty) + Recovering. */
export function sectorsToProve (p: Partition): BitField {
  return p.LiveSectors.subtract(p.FaultySectors).union(p.RecoveringSectors)
}

export async function challengeRandomness (ctx: CycleContext, di: DeadlineInfo, tsk: TipSetKey): Promise<Uint8Array> {
  return await ctx.deps.chain.StateGetRandomnessFromBeacon(DomainSeparationTag.WindowedPoStChallengeSeed, di.Challenge, addressEntropy(ctx.miner), tsk, { signal: ctx.signal })
}

function sameBytes (a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i])
}

// Each retry skips more sectors or follows a reorg; this many means something else is wrong.
const MAX_ATTEMPTS = 16

interface Candidate { index: number, toProve: BitField, good: PrivateSectorInfo[] }

/**
 * Generates the deadline's proofs on the state at `tsk`. `currentHead` gives the head's key
 * when the proof is done, to notice a reorg that changed the randomness.
 */
export async function generateDeadlinePoSts (ctx: CycleContext, di: DeadlineInfo, tsk: TipSetKey, currentHead: () => TipSetKey): Promise<DeadlinePoSt[]> {
  const { chain, prover } = ctx.deps
  const opts = { signal: ctx.signal }
  let rand = await challengeRandomness(ctx, di, tsk)
  const info = await chain.StateMinerInfo(ctx.miner, tsk, opts)
  const partitions = await chain.StateMinerPartitions(ctx.miner, di.Index, tsk, opts)
  const posts: DeadlinePoSt[] = []
  for (const batch of batchPartitions(partitions, ctx.settings)) {
    // Storage is checked once per batch; sectors the prover later rejects join `proverSkipped`.
    const candidates: Candidate[] = []
    for (const { index, partition } of batch) {
      const toProve = sectorsToProve(partition)
      if (toProve.isEmpty()) continue
      const infos = await chain.StateMinerSectors(ctx.miner, toProve, tsk, opts)
      const checked = await checkSectors(ctx, infos, info.SectorSize, !ctx.settings.disableWDPoStPreChecks)
      candidates.push({ index, toProve, good: checked.good })
    }
    let proverSkipped = BitField.empty()
    for (let attempt = 0; ; attempt++) {
      if (ctx.signal.aborted) throw new Error(`proving ${deadlineLabel(di)} was aborted`)
      if (attempt >= MAX_ATTEMPTS) throw new Error(`proving ${deadlineLabel(di)}: gave up after ${attempt} attempts`)
      const parts: PoStPartition[] = []
      const sectors: PrivateSectorInfo[] = []
      let skipped = 0
      for (const c of candidates) {
        const good = c.good.filter((s) => !proverSkipped.has(s.sectorNumber))
        const skip = c.toProve.subtract(BitField.fromArray(good.map((s) => s.sectorNumber)))
        if (good.length === 0) continue
        parts.push({ Index: c.index, Skipped: skip })
        sectors.push(...good)
        skipped += skip.count()
      }
      if (sectors.length === 0) break
      ctx.log?.info({ deadline: di.Index, height: di.CurrentEpoch, partitions: parts.map((p) => p.Index), sectors: sectors.length, skipped, attempt }, 'running window post')
      let proofs
      try {
        proofs = await abortable(prover.generateWindowPoSt({ miner: ctx.minerId, randomness: rand, sectors, postProof: info.WindowPoStProofType as RegisteredPoStProof }), ctx.signal, `proving ${deadlineLabel(di)}`)
      } catch (err) {
        if (!(err instanceof SectorProvingError) || err.badSectors.length === 0) throw err
        ctx.log?.warn({ deadline: di.Index, sectors: err.badSectors.map((b) => `${b.sector.number}: ${b.reason}`), attempt }, 'generate window post skipped sectors')
        proverSkipped = proverSkipped.union(BitField.fromArray(err.badSectors.map((b) => b.sector.number)))
        continue
      }
      const check = await challengeRandomness(ctx, di, currentHead())
      if (!sameBytes(check, rand)) {
        ctx.log?.warn({ deadline: di.Index }, 'windowpost randomness changed')
        rand = check
        continue
      }
      posts.push({
        Deadline: di.Index,
        Partitions: parts,
        Proofs: proofs.map((p) => ({ PoStProof: p.postProof, ProofBytes: p.proofBytes })),
        proven: sectors.length,
        skipped
      })
      break
    }
  }
  return posts
}
