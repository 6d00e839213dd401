/**
 * The miner actor's state, with builtin-actors' (v10+) layout: `State` → `MinerInfo` block,
 * pre-commits HAMT, sectors AMT, `Deadlines` → `Deadline` → partitions AMT of `Partition`.
 */
import type { Address } from '../../../../core/address/index.js'
import type { BitField } from '../../../../core/bitfield/index.js'
import type { CborCodec } from '../../../../core/cbor/index.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { address, array, bigInt, bool, bytes, cid, int, nullable, tokenAmount, uint } from '../../../../core/cbor/scalars.js'
import type { CID } from '../../../../core/cid.js'
import type { TokenAmount } from '../../../../core/types.js'
import { bitfieldCbor, powerPairCbor, sectorPreCommitInfoCbor, type PowerPair, type SectorPreCommitInfo } from './types.js'

/** HAMT/AMT bit widths as builtin-actors' miner. */
export const BitWidths = {
  PreCommittedSectors: 5,
  PreCommitCleanUp: 6,
  Sectors: 5,
  DeadlinePartitions: 3,
  DeadlineExpirations: 5,
  PartitionExpirations: 4,
  PartitionEarlyTerminations: 3,
  OptimisticPoStSubmissions: 2
} as const

export interface WorkerKeyChange { NewWorker: Address, EffectiveAt: number }
export const workerKeyChangeCbor: CborCodec<WorkerKeyChange> = tuple('WorkerKeyChange', { NewWorker: address, EffectiveAt: int })

export interface BeneficiaryTerm { Quota: TokenAmount, UsedQuota: TokenAmount, Expiration: number }
export const beneficiaryTermCbor: CborCodec<BeneficiaryTerm> = tuple('BeneficiaryTerm', { Quota: tokenAmount, UsedQuota: tokenAmount, Expiration: int })

export interface PendingBeneficiaryChange {
  NewBeneficiary: Address
  NewQuota: TokenAmount
  NewExpiration: number
  ApprovedByBeneficiary: boolean
  ApprovedByNominee: boolean
}
export const pendingBeneficiaryChangeCbor: CborCodec<PendingBeneficiaryChange> = tuple('PendingBeneficiaryChange', {
  NewBeneficiary: address,
  NewQuota: tokenAmount,
  NewExpiration: int,
  ApprovedByBeneficiary: bool,
  ApprovedByNominee: bool
})

/** builtin-actors `MinerInfo` (what Lotus's StateMinerInfo shows). */
export interface MinerInfo {
  Owner: Address
  Worker: Address
  ControlAddresses: Address[]
  PendingWorkerKey: WorkerKeyChange | null
  PeerId: Uint8Array
  Multiaddrs: Uint8Array[]
  WindowPoStProofType: number
  SectorSize: bigint
  WindowPoStPartitionSectors: number
  ConsensusFaultElapsed: number
  PendingOwnerAddress: Address | null
  Beneficiary: Address
  BeneficiaryTerm: BeneficiaryTerm
  PendingBeneficiaryTerm: PendingBeneficiaryChange | null
}
export const minerInfoCbor: CborCodec<MinerInfo> = tuple('MinerInfo', {
  Owner: address,
  Worker: address,
  ControlAddresses: array(address),
  PendingWorkerKey: nullable(workerKeyChangeCbor),
  PeerId: bytes(),
  Multiaddrs: array(bytes()),
  WindowPoStProofType: int,
  SectorSize: bigInt,
  WindowPoStPartitionSectors: uint,
  ConsensusFaultElapsed: int,
  PendingOwnerAddress: nullable(address),
  Beneficiary: address,
  BeneficiaryTerm: beneficiaryTermCbor,
  PendingBeneficiaryTerm: nullable(pendingBeneficiaryChangeCbor)
})

/** builtin-actors `State`. */
export interface MinerState {
  Info: CID
  PreCommitDeposits: TokenAmount
  LockedFunds: TokenAmount
  VestingFunds: CID
  FeeDebt: TokenAmount
  InitialPledge: TokenAmount
  PreCommittedSectors: CID
  PreCommittedSectorsCleanUp: CID
  AllocatedSectors: CID
  Sectors: CID
  ProvingPeriodStart: number
  CurrentDeadline: number
  Deadlines: CID
  EarlyTerminations: BitField
  DeadlineCronActive: boolean
}
export const minerStateCbor: CborCodec<MinerState> = tuple('MinerState', {
  Info: cid,
  PreCommitDeposits: tokenAmount,
  LockedFunds: tokenAmount,
  VestingFunds: cid,
  FeeDebt: tokenAmount,
  InitialPledge: tokenAmount,
  PreCommittedSectors: cid,
  PreCommittedSectorsCleanUp: cid,
  AllocatedSectors: cid,
  Sectors: cid,
  ProvingPeriodStart: int,
  CurrentDeadline: uint,
  Deadlines: cid,
  EarlyTerminations: bitfieldCbor,
  DeadlineCronActive: bool
})

export interface VestingFund { Epoch: number, Amount: TokenAmount }
export interface VestingFunds { Funds: VestingFund[] }
export const vestingFundsCbor: CborCodec<VestingFunds> = tuple('VestingFunds', {
  Funds: array(tuple('VestingFund', { Epoch: int, Amount: tokenAmount }), 1 << 20)
})

/** builtin-actors `SectorPreCommitOnChainInfo`. */
export interface SectorPreCommitOnChainInfo { Info: SectorPreCommitInfo, PreCommitDeposit: TokenAmount, PreCommitEpoch: number }
export const sectorPreCommitOnChainInfoCbor: CborCodec<SectorPreCommitOnChainInfo> = tuple('SectorPreCommitOnChainInfo', {
  Info: sectorPreCommitInfoCbor,
  PreCommitDeposit: tokenAmount,
  PreCommitEpoch: int
})

/** builtin-actors (v12+) `SectorOnChainInfo`. */
export interface SectorOnChainInfo {
  SectorNumber: number
  SealProof: number
  SealedCID: CID
  DealIDs: number[]
  Activation: number
  Expiration: number
  DealWeight: bigint
  VerifiedDealWeight: bigint
  InitialPledge: TokenAmount
  ExpectedDayReward: TokenAmount
  ExpectedStoragePledge: TokenAmount
  PowerBaseEpoch: number
  ReplacedDayReward: TokenAmount
  SectorKeyCID: CID | null
  Flags: number
}
export const sectorOnChainInfoCbor: CborCodec<SectorOnChainInfo> = tuple('SectorOnChainInfo', {
  SectorNumber: uint,
  SealProof: int,
  SealedCID: cid,
  DealIDs: array(uint, 1 << 16),
  Activation: int,
  Expiration: int,
  DealWeight: bigInt,
  VerifiedDealWeight: bigInt,
  InitialPledge: tokenAmount,
  ExpectedDayReward: tokenAmount,
  ExpectedStoragePledge: tokenAmount,
  PowerBaseEpoch: int,
  ReplacedDayReward: tokenAmount,
  SectorKeyCID: nullable(cid),
  Flags: uint
})

/** `Deadlines`: one `Deadline` block per deadline of the proving period. */
export interface Deadlines { Due: CID[] }
export const deadlinesCbor: CborCodec<Deadlines> = tuple('Deadlines', { Due: array(cid, 1024) })

/** builtin-actors (v10+) `Deadline`. */
export interface Deadline {
  Partitions: CID
  ExpirationsEpochs: CID
  PartitionsPoSted: BitField
  EarlyTerminations: BitField
  LiveSectors: number
  TotalSectors: number
  FaultyPower: PowerPair
  OptimisticPoStSubmissions: CID
  SectorsSnapshot: CID
  PartitionsSnapshot: CID
  OptimisticPoStSubmissionsSnapshot: CID
}
export const deadlineCbor: CborCodec<Deadline> = tuple('Deadline', {
  Partitions: cid,
  ExpirationsEpochs: cid,
  PartitionsPoSted: bitfieldCbor,
  EarlyTerminations: bitfieldCbor,
  LiveSectors: uint,
  TotalSectors: uint,
  FaultyPower: powerPairCbor,
  OptimisticPoStSubmissions: cid,
  SectorsSnapshot: cid,
  PartitionsSnapshot: cid,
  OptimisticPoStSubmissionsSnapshot: cid
})

/** builtin-actors `Partition`. LivePower counts every live sector, unproven and faulty ones included. */
export interface Partition {
  Sectors: BitField
  Unproven: BitField
  Faults: BitField
  Recoveries: BitField
  Terminated: BitField
  ExpirationsEpochs: CID
  EarlyTerminated: CID
  LivePower: PowerPair
  UnprovenPower: PowerPair
  FaultyPower: PowerPair
  RecoveringPower: PowerPair
}
export const partitionCbor: CborCodec<Partition> = tuple('Partition', {
  Sectors: bitfieldCbor,
  Unproven: bitfieldCbor,
  Faults: bitfieldCbor,
  Recoveries: bitfieldCbor,
  Terminated: bitfieldCbor,
  ExpirationsEpochs: cid,
  EarlyTerminated: cid,
  LivePower: powerPairCbor,
  UnprovenPower: powerPairCbor,
  FaultyPower: powerPairCbor,
  RecoveringPower: powerPairCbor
})

/** A partition's sectors due at one (quantized) epoch (`ExpirationSet`). */
export interface ExpirationSet {
  OnTimeSectors: BitField
  EarlySectors: BitField
  OnTimePledge: TokenAmount
  ActivePower: PowerPair
  FaultyPower: PowerPair
}
export const expirationSetCbor: CborCodec<ExpirationSet> = tuple('ExpirationSet', {
  OnTimeSectors: bitfieldCbor,
  EarlySectors: bitfieldCbor,
  OnTimePledge: tokenAmount,
  ActivePower: powerPairCbor,
  FaultyPower: powerPairCbor
})
