/**
 * Sector bookkeeping in partitions and deadlines (builtin-actors `partition_state.rs`,
 * `deadline_state.rs`), simplified: terminations are processed at once (no early-termination
 * queue), partition expiration queues hold on-time expirations only, and faulty sectors are
 * not rescheduled for early expiry (FaultMaxAge is not enforced).
 */
import { BitField } from '../../../../core/bitfield/index.js'
import { Amt, type Blockstore } from '../../../../core/ipld/index.js'
import type { TokenAmount } from '../../../../core/types.js'
import { powerForSector } from './monies.js'
import { BitWidths, expirationSetCbor, type Deadline, type ExpirationSet, type Partition, type SectorOnChainInfo } from './state.js'
import { loadPartitions, newPartition } from './store.js'
import { typedValues } from '../power/collections.js'
import { addPower, negPower, subPower, zeroPower, type PowerPair } from './types.js'

const expirationValues = typedValues(expirationSetCbor)

/** Looks up sectors' on-chain infos by number. */
export type SectorLookup = (numbers: BitField) => Promise<SectorOnChainInfo[]>

export function sectorPower (sectorSize: bigint, s: SectorOnChainInfo): PowerPair {
  return powerForSector(sectorSize, s.PowerBaseEpoch, s.Expiration, s.VerifiedDealWeight)
}

export function powerOf (sectorSize: bigint, infos: readonly SectorOnChainInfo[]): PowerPair {
  let p = zeroPower()
  for (const s of infos) p = addPower(p, sectorPower(sectorSize, s))
  return p
}

/** Live sectors: not terminated. */
export const liveSectors = (p: Partition): BitField => p.Sectors.subtract(p.Terminated)
/** Active sectors: live, proven and not faulty. */
export const activeSectors = (p: Partition): BitField => liveSectors(p).subtract(p.Faults).subtract(p.Unproven)
/** Power counted by the power actor for the partition. */
export const activePower = (p: Partition): PowerPair => subPower(subPower(p.LivePower, p.FaultyPower), p.UnprovenPower)

async function addExpiration (store: Blockstore, p: Partition, epoch: number, sectors: BitField, pledge: bigint, power: PowerPair): Promise<void> {
  const q = await Amt.load<ExpirationSet>(store, p.ExpirationsEpochs, { bitWidth: BitWidths.PartitionExpirations, codec: expirationValues })
  const prev = await q.get(epoch)
  const next: ExpirationSet = prev === undefined
    ? { OnTimeSectors: sectors, EarlySectors: BitField.empty(), OnTimePledge: pledge as TokenAmount, ActivePower: power, FaultyPower: zeroPower() }
    : { ...prev, OnTimeSectors: prev.OnTimeSectors.union(sectors), OnTimePledge: (prev.OnTimePledge + pledge) as TokenAmount, ActivePower: addPower(prev.ActivePower, power) }
  await q.set(epoch, next)
  p.ExpirationsEpochs = await q.flush()
}

/** Adds new (unproven) sectors to a partition; they count as power only after their first Window PoSt. */
export async function addSectorsToPartition (store: Blockstore, p: Partition, sectorSize: bigint, infos: readonly SectorOnChainInfo[],
  quantize: (epoch: number) => number): Promise<void> {
  const numbers = BitField.fromArray(infos.map((s) => s.SectorNumber))
  const power = powerOf(sectorSize, infos)
  p.Sectors = p.Sectors.union(numbers)
  p.Unproven = p.Unproven.union(numbers)
  p.LivePower = addPower(p.LivePower, power)
  p.UnprovenPower = addPower(p.UnprovenPower, power)
  const byEpoch = new Map<number, SectorOnChainInfo[]>()
  for (const s of infos) {
    const e = quantize(s.Expiration)
    byEpoch.set(e, [...(byEpoch.get(e) ?? []), s])
  }
  for (const [epoch, group] of [...byEpoch].sort((a, b) => a[0] - b[0])) {
    const pledge = group.reduce((sum, s) => sum + s.InitialPledge, 0n)
    await addExpiration(store, p, epoch, BitField.fromArray(group.map((s) => s.SectorNumber)), pledge, powerOf(sectorSize, group))
  }
}

/**
 * Marks `sectors` (live, not yet faulty) faulty; returns the power the power actor must drop
 * (proven sectors only: unproven ones never counted) and the new faults' power.
 */
export async function recordFaults (p: Partition, sectors: BitField, lookup: SectorLookup, sectorSize: bigint): Promise<{ powerDelta: PowerPair, newFaultyPower: PowerPair }> {
  const newFaults = sectors.intersect(liveSectors(p)).subtract(p.Faults)
  if (newFaults.isEmpty()) return { powerDelta: zeroPower(), newFaultyPower: zeroPower() }
  const infos = await lookup(newFaults)
  const faultPower = powerOf(sectorSize, infos)
  const unprovenFaults = newFaults.intersect(p.Unproven)
  const unprovenPower = powerOf(sectorSize, infos.filter((s) => unprovenFaults.has(s.SectorNumber)))
  p.Faults = p.Faults.union(newFaults)
  p.FaultyPower = addPower(p.FaultyPower, faultPower)
  // Unproven sectors that fault are no longer unproven: they must be recovered like any fault.
  p.Unproven = p.Unproven.subtract(unprovenFaults)
  p.UnprovenPower = subPower(p.UnprovenPower, unprovenPower)
  return { powerDelta: negPower(subPower(faultPower, unprovenPower)), newFaultyPower: faultPower }
}

/** Declares faulty sectors recovering (they stay faulty until proven). */
export async function declareRecoveries (p: Partition, sectors: BitField, lookup: SectorLookup, sectorSize: bigint): Promise<void> {
  const add = sectors.intersect(p.Faults).subtract(p.Recoveries)
  if (add.isEmpty()) return
  p.Recoveries = p.Recoveries.union(add)
  p.RecoveringPower = addPower(p.RecoveringPower, powerOf(sectorSize, await lookup(add)))
}

/** Withdraws declared recoveries of `sectors` (declaring them faulty again). */
export async function removeRecoveries (p: Partition, sectors: BitField, lookup: SectorLookup, sectorSize: bigint): Promise<void> {
  const rm = sectors.intersect(p.Recoveries)
  if (rm.isEmpty()) return
  p.Recoveries = p.Recoveries.subtract(rm)
  p.RecoveringPower = subPower(p.RecoveringPower, powerOf(sectorSize, await lookup(rm)))
}

/**
 * A partition proven by a Window PoSt that skipped `skipped`: skipped sectors become faulty,
 * declared recoveries (not skipped) recover, unproven sectors become active. Returns the power
 * delta for the power actor.
 */
export async function recordProven (p: Partition, skipped: BitField, lookup: SectorLookup, sectorSize: bigint): Promise<PowerPair> {
  await removeRecoveries(p, skipped, lookup, sectorSize)
  const { powerDelta: faultDelta } = await recordFaults(p, skipped, lookup, sectorSize)
  let delta = faultDelta
  const recovered = p.Recoveries
  if (!recovered.isEmpty()) {
    const power = p.RecoveringPower
    p.Faults = p.Faults.subtract(recovered)
    p.FaultyPower = subPower(p.FaultyPower, power)
    p.Recoveries = BitField.empty()
    p.RecoveringPower = zeroPower()
    delta = addPower(delta, power)
  }
  delta = addPower(delta, p.UnprovenPower)
  p.Unproven = BitField.empty()
  p.UnprovenPower = zeroPower()
  return delta
}

/** A partition whose deadline passed without a proof: every live non-faulty sector becomes faulty, recoveries are dropped. */
export async function recordMissedPoSt (p: Partition, lookup: SectorLookup, sectorSize: bigint): Promise<{ powerDelta: PowerPair, newFaultyPower: PowerPair }> {
  p.Recoveries = BitField.empty()
  p.RecoveringPower = zeroPower()
  return await recordFaults(p, liveSectors(p), lookup, sectorSize)
}

/**
 * Terminates live `sectors`; returns the power the power actor must drop and the infos of the
 * terminated sectors (for pledge release and fees).
 */
export async function terminateSectors (p: Partition, sectors: BitField, lookup: SectorLookup, sectorSize: bigint): Promise<{ powerDelta: PowerPair, infos: SectorOnChainInfo[] }> {
  const dead = sectors.intersect(liveSectors(p))
  if (dead.isEmpty()) return { powerDelta: zeroPower(), infos: [] }
  const infos = await lookup(dead)
  const of = (bf: BitField): PowerPair => powerOf(sectorSize, infos.filter((s) => bf.has(s.SectorNumber)))
  const wasActive = of(dead.intersect(activeSectors(p)))
  const faulty = dead.intersect(p.Faults)
  const unproven = dead.intersect(p.Unproven)
  const recovering = dead.intersect(p.Recoveries)
  p.FaultyPower = subPower(p.FaultyPower, of(faulty))
  p.UnprovenPower = subPower(p.UnprovenPower, of(unproven))
  p.RecoveringPower = subPower(p.RecoveringPower, of(recovering))
  p.LivePower = subPower(p.LivePower, of(dead))
  p.Faults = p.Faults.subtract(dead)
  p.Unproven = p.Unproven.subtract(dead)
  p.Recoveries = p.Recoveries.subtract(dead)
  p.Terminated = p.Terminated.union(dead)
  return { powerDelta: negPower(wasActive), infos }
}

/** Removes and returns the sectors due to expire on time at or before `until`. */
export async function popExpiredSectors (store: Blockstore, p: Partition, until: number): Promise<BitField> {
  const q = await Amt.load<ExpirationSet>(store, p.ExpirationsEpochs, { bitWidth: BitWidths.PartitionExpirations, codec: expirationValues })
  const due: bigint[] = []
  let sectors = BitField.empty()
  for await (const [epoch, set] of q.entries()) {
    if (epoch > BigInt(until)) break
    due.push(epoch)
    sectors = sectors.union(set.OnTimeSectors)
  }
  if (due.length === 0) return sectors
  for (const e of due) await q.delete(e)
  p.ExpirationsEpochs = await q.flush()
  return sectors.intersect(liveSectors(p))
}

/**
 * Adds new sectors to a deadline, filling its last partition up to `partitionSize` before
 * opening new ones (builtin-actors `Deadline::add_sectors`). Returns the partition indexes used.
 */
export async function addSectorsToDeadline (store: Blockstore, dl: Deadline, partitionSize: number, sectorSize: bigint,
  infos: readonly SectorOnChainInfo[], quantize: (epoch: number) => number): Promise<number[]> {
  const parts = await loadPartitions(store, dl.Partitions)
  let index = Number(parts.size) - 1
  let part: Partition | undefined = index >= 0 ? await parts.get(index) : undefined
  const used: number[] = []
  let rest = [...infos]
  while (rest.length > 0) {
    if (part === undefined || part.Sectors.count() >= partitionSize) {
      index++
      part = await newPartition(store)
    }
    const room = partitionSize - part.Sectors.count()
    const batch = rest.slice(0, room)
    rest = rest.slice(room)
    await addSectorsToPartition(store, part, sectorSize, batch, quantize)
    await parts.set(index, part)
    used.push(index)
  }
  dl.Partitions = await parts.flush()
  dl.LiveSectors += infos.length
  dl.TotalSectors += infos.length
  return used
}

/** Recomputes a deadline's faulty power from its partitions. */
export async function refreshDeadlineFaultyPower (store: Blockstore, dl: Deadline): Promise<void> {
  const parts = await loadPartitions(store, dl.Partitions)
  let faulty = zeroPower()
  for await (const [, p] of parts.entries()) faulty = addPower(faulty, p.FaultyPower)
  dl.FaultyPower = faulty
}
