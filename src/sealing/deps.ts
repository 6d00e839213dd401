/**
 * What the sealing pipeline needs from the rest of the node, named narrowly: a slice of the
 * FullNode API, a prover, and a slice of sector storage (allocate, find, declare, remove, move).
 * Tests pass small fakes; the composition root passes the real things.
 */
import type { Address } from '../core/address/index.js'
import type { SectorId } from '../core/sector/index.js'
import type { FullNodeApi } from '../api/fullnode/index.js'
import type { Datastore } from '../repo/datastore.js'
import type { MinerConfig } from '../repo/config/index.js'
import type { Prover } from '../proofs/index.js'
import type { Logger } from '../log/index.js'
import type { SealingPolicy } from './policy.js'
import type { OpenPushedReader } from './piece-data.js'

/** The chain methods sealing uses, with Lotus's names and shapes. */
export type SealingChainApi = Pick<FullNodeApi,
  | 'ChainHead' | 'ChainNotify' | 'StateMinerInfo' | 'StateLookupID' | 'StateAccountKey' | 'WalletBalance' | 'WalletHas'
  | 'StateGetRandomnessFromTickets' | 'StateGetRandomnessFromBeacon' | 'StateMinerPreCommitDepositForPower'
  | 'StateMinerInitialPledgeCollateral' | 'StateMinerAvailableBalance' | 'StateSectorPreCommitInfo' | 'StateSectorGetInfo' | 'StateSectorPartition' | 'StateMinerPartitions' | 'StateMinerProvingDeadline'
  | 'MpoolPushMessage' | 'StateWaitMsg' | 'StateMarketStorageDeal'>

/** A sector's file paths per file type (1 unsealed, 2 sealed, 4 cache), and the storage IDs holding them. */
export interface SectorPaths {
  paths: Partial<Record<number, string>>
  storageIds: Partial<Record<number, string>>
}

/** The sector-storage slice (Lotus `paths.Store` + the index's declare). */
export interface SealingStorage {
  /** Local paths of the `existing` file types, and new paths for `allocate` types in a path of `pathType`. */
  acquireSector (sector: SectorId, sectorSize: number, existing: number, allocate: number, pathType: 'sealing' | 'storage'): Promise<SectorPaths>
  /** Records in the index that `storageId` holds `fileType` of the sector. */
  declareSector (storageId: string, sector: SectorId, fileType: number, primary: boolean): Promise<void>
  /** Deletes one file type of the sector everywhere (`force`: no error when missing). */
  remove (sector: SectorId, fileType: number, force: boolean): Promise<void>
  /** Moves the file types from sealing paths into long-term storage. */
  moveStorage (sector: SectorId, sectorSize: number, types: number): Promise<void>
}

export interface SealingDeps {
  chain: SealingChainApi
  prover: Prover
  storage: SealingStorage
  /** The metadata datastore (keys `/sectors/...`, `/storage/nextid`). */
  datastore: Datastore
  /** Reads the current `[Sealing]`, `[Addresses]`, `[Fees]` and `Dealmaking.StartEpochSealingBuffer`. */
  config: () => Pick<MinerConfig, 'Sealing' | 'Addresses' | 'Fees' | 'Dealmaking'>
  /** Bytes pushed to `/rpc/streams/v0/push/<uuid>` for a `push` reader (the RPC server provides it). */
  openPushedReader?: OpenPushedReader
  log?: Logger
}

export interface SealingOptions {
  /** The miner actor (`t01000`), an ID address. */
  miner: Address
  /** Seal proof of new sectors (e.g. 5 = StackedDrg2KiBV1_1). */
  sealProof: number
  policy?: Partial<SealingPolicy>
}
