/**
 * Pure readers of a miner's state for the full node API (StateMinerInfo, StateMinerSectors,
 * StateMinerActiveSectors, StateSectorGetInfo, StateSectorPreCommitInfo, StateSectorPartition,
 * StateMinerDeadlines, StateMinerPartitions, StateMinerFaults, StateMinerRecoveries,
 * StateMinerProvingDeadline, StateMinerAvailableBalance). Pledge figures: `monies.ts`.
 */
import { BitField } from '../../../../core/bitfield/index.js'
import type { CID } from '../../../../core/cid.js'
import type { Blockstore } from '../../../../core/ipld/index.js'
import type { NetworkPolicy } from '../../policy.js'
import { availableBalance } from './context.js'
import { deadlineInfoFromOffsetAndEpoch, nextNotElapsed, type DeadlineInfo } from './dline.js'
import { activeSectors, liveSectors } from './partitions.js'
import {
  minerStateCbor, type Deadline, type MinerInfo, type MinerState, type Partition, type SectorOnChainInfo, type SectorPreCommitOnChainInfo
} from './state.js'
import { getTyped, loadPartitions, MinerStore, precommitKey } from './store.js'

export async function readMinerState (store: Blockstore, head: CID): Promise<MinerState> {
  return await getTyped(store, minerStateCbor, head)
}

export async function readMinerInfo (store: Blockstore, st: MinerState): Promise<MinerInfo> {
  return await new MinerStore(store, st).info()
}

/** Every sector on chain (live or faulty), or only those in `filter`. */
export async function readMinerSectors (store: Blockstore, st: MinerState, filter?: BitField): Promise<SectorOnChainInfo[]> {
  const amt = await new MinerStore(store, st).sectors()
  const out: SectorOnChainInfo[] = []
  for await (const [n, s] of amt.entries()) if (filter === undefined || filter.has(n)) out.push(s)
  return out
}

export async function readSectorInfo (store: Blockstore, st: MinerState, n: number): Promise<SectorOnChainInfo | null> {
  return (await (await new MinerStore(store, st).sectors()).get(n)) ?? null
}

export async function readPreCommitInfo (store: Blockstore, st: MinerState, n: number): Promise<SectorPreCommitOnChainInfo | null> {
  return (await (await new MinerStore(store, st).precommits()).get(precommitKey(n))) ?? null
}

export async function readDeadlines (store: Blockstore, st: MinerState): Promise<Deadline[]> {
  const ms = new MinerStore(store, st)
  const out: Deadline[] = []
  for (let i = 0; i < (await ms.deadlines()).Due.length; i++) out.push(await ms.deadline(i))
  return out
}

export async function readPartitions (store: Blockstore, st: MinerState, deadline: number): Promise<Partition[]> {
  const dl = await new MinerStore(store, st).deadline(deadline)
  const out: Partition[] = []
  for await (const [, p] of (await loadPartitions(store, dl.Partitions)).entries()) out.push(p)
  return out
}

async function unionOver (store: Blockstore, st: MinerState, pick: (p: Partition) => BitField): Promise<BitField> {
  const parts: BitField[] = []
  for (const [i] of (await readDeadlines(store, st)).entries()) for (const p of await readPartitions(store, st, i)) parts.push(pick(p))
  return BitField.unionAll(parts)
}

/** Sectors that count for power: live, proven, not faulty (Lotus `StateMinerActiveSectors`). */
export async function readActiveSectors (store: Blockstore, st: MinerState): Promise<SectorOnChainInfo[]> {
  return await readMinerSectors(store, st, await unionOver(store, st, activeSectors))
}

export async function readLiveSectorNumbers (store: Blockstore, st: MinerState): Promise<BitField> {
  return await unionOver(store, st, liveSectors)
}

export async function readFaults (store: Blockstore, st: MinerState): Promise<BitField> {
  return await unionOver(store, st, (p) => p.Faults)
}

export async function readRecoveries (store: Blockstore, st: MinerState): Promise<BitField> {
  return await unionOver(store, st, (p) => p.Recoveries)
}

/** Where sector `n` lives (Lotus `StateSectorPartition`), or null. */
export async function readSectorLocation (store: Blockstore, st: MinerState, n: number): Promise<{ Deadline: number, Partition: number } | null> {
  for (const [d] of (await readDeadlines(store, st)).entries()) {
    for (const [p, part] of (await readPartitions(store, st, d)).entries()) {
      if (part.Sectors.has(n) && !part.Terminated.has(n)) return { Deadline: d, Partition: p }
    }
  }
  return null
}

/** Lotus `StateMinerProvingDeadline`: the deadline at `epoch`, or its next occurrence if it has elapsed. */
export function provingDeadline (policy: NetworkPolicy, st: MinerState, epoch: number): DeadlineInfo {
  return nextNotElapsed(policy, deadlineInfoFromOffsetAndEpoch(policy, st.ProvingPeriodStart, epoch))
}

/** Lotus `StateMinerAvailableBalance`: balance − deposits − locked − pledge − fee debt. */
export function minerAvailableBalance (balance: bigint, st: MinerState): bigint {
  return availableBalance(balance, st)
}
