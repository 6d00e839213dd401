/**
 * Typed access to the miner state's collections over a blockstore: used by the actor inside
 * state transactions and by the pure readers.
 */
import { BitField } from '../../../../core/bitfield/index.js'
import { decodeCbor, encodeCbor, type CborCodec } from '../../../../core/cbor/index.js'
import type { CID } from '../../../../core/cid.js'
import { Amt, getBlock, Hamt, putBlock, uintKey, type Blockstore } from '../../../../core/ipld/index.js'
import { typedValues } from '../power/collections.js'
import {
  BitWidths, deadlineCbor, deadlinesCbor, minerInfoCbor, partitionCbor, sectorOnChainInfoCbor,
  sectorPreCommitOnChainInfoCbor, type Deadline, type Deadlines, type MinerInfo, type MinerState, type Partition,
  type SectorOnChainInfo, type SectorPreCommitOnChainInfo
} from './state.js'
import { bitfieldCbor, zeroPower } from './types.js'

export async function getTyped<T> (store: Blockstore, codec: CborCodec<T>, c: CID): Promise<T> {
  return decodeCbor(codec, await getBlock(store, c, codec.name), codec.name)
}

export async function putTyped<T> (store: Blockstore, codec: CborCodec<T>, value: T): Promise<CID> {
  return await putBlock(store, encodeCbor(codec, value))
}

export const sectorValues = typedValues(sectorOnChainInfoCbor)
export const preCommitValues = typedValues(sectorPreCommitOnChainInfoCbor)
export const partitionValues = typedValues(partitionCbor)
export const bitfieldValues = typedValues(bitfieldCbor)

export async function loadSectors (store: Blockstore, root: CID): Promise<Amt<SectorOnChainInfo>> {
  return await Amt.load(store, root, { bitWidth: BitWidths.Sectors, codec: sectorValues })
}
export async function loadPreCommits (store: Blockstore, root: CID): Promise<Hamt<SectorPreCommitOnChainInfo>> {
  return await Hamt.load(store, root, { bitWidth: BitWidths.PreCommittedSectors, codec: preCommitValues })
}
export async function loadPartitions (store: Blockstore, root: CID): Promise<Amt<Partition>> {
  return await Amt.load(store, root, { bitWidth: BitWidths.DeadlinePartitions, codec: partitionValues })
}
export async function loadBitfieldQueue (store: Blockstore, root: CID, bitWidth: number): Promise<Amt<BitField>> {
  return await Amt.load(store, root, { bitWidth, codec: bitfieldValues })
}

export const precommitKey = (n: number): Uint8Array => uintKey(n)

/** A fresh partition (builtin-actors `Partition::new`). */
export async function newPartition (store: Blockstore): Promise<Partition> {
  const expirations = await Amt.create(store, { bitWidth: BitWidths.PartitionExpirations }).flush()
  const early = await Amt.create(store, { bitWidth: BitWidths.PartitionEarlyTerminations }).flush()
  return {
    Sectors: BitField.empty(),
    Unproven: BitField.empty(),
    Faults: BitField.empty(),
    Recoveries: BitField.empty(),
    Terminated: BitField.empty(),
    ExpirationsEpochs: expirations,
    EarlyTerminated: early,
    LivePower: zeroPower(),
    UnprovenPower: zeroPower(),
    FaultyPower: zeroPower(),
    RecoveringPower: zeroPower()
  }
}

/** A fresh deadline (builtin-actors `Deadline::new`). */
export async function newDeadline (store: Blockstore): Promise<Deadline> {
  const partitions = await Amt.create(store, { bitWidth: BitWidths.DeadlinePartitions }).flush()
  const expirations = await Amt.create(store, { bitWidth: BitWidths.DeadlineExpirations }).flush()
  const submissions = await Amt.create(store, { bitWidth: BitWidths.OptimisticPoStSubmissions }).flush()
  const sectors = await Amt.create(store, { bitWidth: BitWidths.Sectors }).flush()
  return {
    Partitions: partitions,
    ExpirationsEpochs: expirations,
    PartitionsPoSted: BitField.empty(),
    EarlyTerminations: BitField.empty(),
    LiveSectors: 0,
    TotalSectors: 0,
    FaultyPower: zeroPower(),
    OptimisticPoStSubmissions: submissions,
    SectorsSnapshot: sectors,
    PartitionsSnapshot: partitions,
    OptimisticPoStSubmissionsSnapshot: submissions
  }
}

/** The state's deadlines, loaded lazily and written back by {@link MinerStore.flush}. */
export class MinerStore {
  readonly store: Blockstore
  readonly st: MinerState
  #deadlines: Deadlines | undefined
  #sectors: Amt<SectorOnChainInfo> | undefined
  #precommits: Hamt<SectorPreCommitOnChainInfo> | undefined

  constructor (store: Blockstore, st: MinerState) {
    this.store = store
    this.st = st
  }

  async info (): Promise<MinerInfo> {
    return await getTyped(this.store, minerInfoCbor, this.st.Info)
  }

  async saveInfo (info: MinerInfo): Promise<void> {
    this.st.Info = await putTyped(this.store, minerInfoCbor, info)
  }

  async sectors (): Promise<Amt<SectorOnChainInfo>> {
    this.#sectors ??= await loadSectors(this.store, this.st.Sectors)
    return this.#sectors
  }

  async precommits (): Promise<Hamt<SectorPreCommitOnChainInfo>> {
    this.#precommits ??= await loadPreCommits(this.store, this.st.PreCommittedSectors)
    return this.#precommits
  }

  async deadlines (): Promise<Deadlines> {
    this.#deadlines ??= await getTyped(this.store, deadlinesCbor, this.st.Deadlines)
    return this.#deadlines
  }

  async deadline (index: number): Promise<Deadline> {
    const dls = await this.deadlines()
    const c = dls.Due[index]
    if (c === undefined) throw new RangeError(`deadline ${index} out of range`)
    return await getTyped(this.store, deadlineCbor, c)
  }

  async saveDeadline (index: number, dl: Deadline): Promise<void> {
    const dls = await this.deadlines()
    dls.Due[index] = await putTyped(this.store, deadlineCbor, dl)
  }

  async allocated (): Promise<BitField> {
    return await getTyped(this.store, bitfieldCbor, this.st.AllocatedSectors)
  }

  async saveAllocated (bf: BitField): Promise<void> {
    this.st.AllocatedSectors = await putTyped(this.store, bitfieldCbor, bf)
  }

  /** Writes every loaded collection back into the state object. */
  async flush (): Promise<void> {
    if (this.#sectors !== undefined) this.st.Sectors = await this.#sectors.flush()
    if (this.#precommits !== undefined) this.st.PreCommittedSectors = await this.#precommits.flush()
    if (this.#deadlines !== undefined) this.st.Deadlines = await putTyped(this.store, deadlinesCbor, this.#deadlines)
  }
}

/** The sectors' on-chain infos, in ascending order; `where` names the caller for errors. */
export async function sectorInfos (sectors: Amt<SectorOnChainInfo>, numbers: BitField): Promise<SectorOnChainInfo[]> {
  const out: SectorOnChainInfo[] = []
  for (const n of numbers.toArray()) {
    const s = await sectors.get(n)
    if (s === undefined) throw new RangeError(`sector ${n} not found`)
    out.push(s)
  }
  return out
}
