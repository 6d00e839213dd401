import type { Address } from '../../core/address/index.js'
import type { SignedMessage } from '../../core/message/index.js'
import type { ChainEpoch } from '../../core/types.js'
import type { BeaconEntry, ElectionProof, PoStProof, Ticket, TipSetKey } from '../types/index.js'
import type { ProvingSector } from './power-view.js'

/** What a miner needs to mine on a base (Lotus `api.MiningBaseInfo`), field names as Lotus. */
export interface MiningBaseInfo {
  MinerPower: bigint
  NetworkPower: bigint
  /** The sectors the Winning PoSt is challenged on. */
  Sectors: ProvingSector[]
  /** The worker's key address (BLS, for the VRF and the block signature). */
  WorkerKey: Address
  SectorSize: number
  PrevBeaconEntry: BeaconEntry
  BeaconEntries: BeaconEntry[]
  EligibleForMining: boolean
}

/** What a miner asks the node to assemble into a block (Lotus `api.BlockTemplate`). */
export interface BlockTemplate {
  Miner: Address
  Parents: TipSetKey
  Ticket: Ticket
  Eproof: ElectionProof
  BeaconValues: BeaconEntry[]
  /** BLS messages go into the aggregate, secp256k1 ones stay signed. */
  Messages: SignedMessage[]
  Epoch: ChainEpoch
  Timestamp: number
  WinningPoStProof: PoStProof[]
}

/** Lotus `api.SyncStateStage`. */
export const SyncStateStage = {
  StageIdle: 0,
  StageHeaders: 1,
  StagePersistHeaders: 2,
  StageMessages: 3,
  StageSyncComplete: 4,
  StageSyncErrored: 5,
  StageFetchingMessages: 6
} as const
export type SyncStateStage = typeof SyncStateStage[keyof typeof SyncStateStage]
