import type { Address } from '../../../../core/address/index.js'
import type { BitField } from '../../../../core/bitfield/index.js'
import type { CborCodec } from '../../../../core/cbor/index.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { address, array, bigInt, bool, bytes, cid, int, nullable, tokenAmount, uint } from '../../../../core/cbor/scalars.js'
import type { CID } from '../../../../core/cid.js'
import type { TokenAmount } from '../../../../core/types.js'
import { bitfieldCbor } from '../market/bitfield-cbor.js'

/** Method numbers as builtin-actors (`miner::Method`). */
export const MinerMethods = {
  Constructor: 1,
  ControlAddresses: 2,
  ChangeWorkerAddress: 3,
  ChangePeerID: 4,
  SubmitWindowedPoSt: 5,
  PreCommitSector: 6,
  ProveCommitSector: 7,
  TerminateSectors: 9,
  DeclareFaults: 10,
  DeclareFaultsRecovered: 11,
  OnDeferredCronEvent: 12,
  ApplyRewards: 14,
  WithdrawBalance: 16,
  ChangeMultiaddrs: 18,
  ConfirmChangeWorkerAddress: 21,
  RepayDebt: 22,
  ChangeOwnerAddress: 23,
  PreCommitSectorBatch: 25,
  PreCommitSectorBatch2: 28,
  ProveCommitSectors3: 34
} as const

/** Miner-specific exit codes beyond the common ones (none are needed yet: builtin-actors use the common codes). */
export const NoAllocationId = 0n

export const epochCbor = int
export { bitfieldCbor }

/** Raw-byte and quality-adjusted power (builtin-actors `PowerPair`). */
export interface PowerPair { Raw: bigint, QA: bigint }
export const powerPairCbor: CborCodec<PowerPair> = tuple('PowerPair', { Raw: bigInt, QA: bigInt })
export const zeroPower = (): PowerPair => ({ Raw: 0n, QA: 0n })
export const addPower = (a: PowerPair, b: PowerPair): PowerPair => ({ Raw: a.Raw + b.Raw, QA: a.QA + b.QA })
export const subPower = (a: PowerPair, b: PowerPair): PowerPair => ({ Raw: a.Raw - b.Raw, QA: a.QA - b.QA })
export const negPower = (a: PowerPair): PowerPair => ({ Raw: -a.Raw, QA: -a.QA })
export const isZeroPower = (a: PowerPair): boolean => a.Raw === 0n && a.QA === 0n

/** builtin-actors `MinerConstructorParams` (the power actor sends it through init Exec). */
export interface MinerConstructorParams {
  OwnerAddr: Address
  WorkerAddr: Address
  ControlAddrs: Address[]
  WindowPoStProofType: number
  PeerId: Uint8Array
  Multiaddrs: Uint8Array[]
}
export const minerConstructorParamsCbor: CborCodec<MinerConstructorParams> = tuple('MinerConstructorParams', {
  OwnerAddr: address,
  WorkerAddr: address,
  ControlAddrs: array(address),
  WindowPoStProofType: int,
  PeerId: bytes(),
  Multiaddrs: array(bytes())
})

export interface GetControlAddressesReturn { Owner: Address, Worker: Address, ControlAddresses: Address[] }
export const getControlAddressesReturnCbor: CborCodec<GetControlAddressesReturn> = tuple('GetControlAddressesReturn', {
  Owner: address,
  Worker: address,
  ControlAddresses: array(address)
})

export interface ChangeWorkerAddressParams { NewWorker: Address, NewControlAddrs: Address[] }
export const changeWorkerAddressParamsCbor: CborCodec<ChangeWorkerAddressParams> = tuple('ChangeWorkerAddressParams', {
  NewWorker: address,
  NewControlAddrs: array(address)
})

export interface ChangePeerIDParams { NewID: Uint8Array }
export const changePeerIdParamsCbor: CborCodec<ChangePeerIDParams> = tuple('ChangePeerIDParams', { NewID: bytes() })

export interface ChangeMultiaddrsParams { NewMultiaddrs: Uint8Array[] }
export const changeMultiaddrsParamsCbor: CborCodec<ChangeMultiaddrsParams> = tuple('ChangeMultiaddrsParams', { NewMultiaddrs: array(bytes()) })

/** ChangeOwnerAddress takes the new owner address itself (a transparent struct). */
export const changeOwnerAddressParamsCbor: CborCodec<Address> = address

export interface WithdrawBalanceParams { AmountRequested: TokenAmount }
export const withdrawBalanceParamsCbor: CborCodec<WithdrawBalanceParams> = tuple('WithdrawBalanceParams', { AmountRequested: tokenAmount })
/** WithdrawBalance returns the amount withdrawn (transparent). */
export const withdrawBalanceReturnCbor: CborCodec<TokenAmount> = tokenAmount

/** v9 `PreCommitSectorParams` (PreCommitSector, PreCommitSectorBatch). The replace-capacity fields must be unset. */
export interface PreCommitSectorParams {
  SealProof: number
  SectorNumber: number
  SealedCID: CID
  SealRandEpoch: number
  DealIDs: number[]
  Expiration: number
  ReplaceCapacity: boolean
  ReplaceSectorDeadline: number
  ReplaceSectorPartition: number
  ReplaceSectorNumber: number
}
export const preCommitSectorParamsCbor: CborCodec<PreCommitSectorParams> = tuple('PreCommitSectorParams', {
  SealProof: int,
  SectorNumber: uint,
  SealedCID: cid,
  SealRandEpoch: int,
  DealIDs: array(uint),
  Expiration: int,
  ReplaceCapacity: bool,
  ReplaceSectorDeadline: uint,
  ReplaceSectorPartition: uint,
  ReplaceSectorNumber: uint
})
export interface PreCommitSectorBatchParams { Sectors: PreCommitSectorParams[] }
export const preCommitSectorBatchParamsCbor: CborCodec<PreCommitSectorBatchParams> = tuple('PreCommitSectorBatchParams', {
  Sectors: array(preCommitSectorParamsCbor)
})

/** v10+ `SectorPreCommitInfo` (PreCommitSectorBatch2 and the state's pre-commits). UnsealedCid null: no deals (CC). */
export interface SectorPreCommitInfo {
  SealProof: number
  SectorNumber: number
  SealedCID: CID
  SealRandEpoch: number
  DealIDs: number[]
  Expiration: number
  UnsealedCid: CID | null
}
export const sectorPreCommitInfoCbor: CborCodec<SectorPreCommitInfo> = tuple('SectorPreCommitInfo', {
  SealProof: int,
  SectorNumber: uint,
  SealedCID: cid,
  SealRandEpoch: int,
  DealIDs: array(uint),
  Expiration: int,
  UnsealedCid: nullable(cid)
})
export interface PreCommitSectorBatchParams2 { Sectors: SectorPreCommitInfo[] }
export const preCommitSectorBatchParams2Cbor: CborCodec<PreCommitSectorBatchParams2> = tuple('PreCommitSectorBatchParams2', {
  Sectors: array(sectorPreCommitInfoCbor)
})

export interface ProveCommitSectorParams { SectorNumber: number, Proof: Uint8Array }
export const proveCommitSectorParamsCbor: CborCodec<ProveCommitSectorParams> = tuple('ProveCommitSectorParams', {
  SectorNumber: uint,
  Proof: bytes()
})

const anyValue: CborCodec<unknown> = { name: 'any', toCbor: (v) => v, fromCbor: (v) => v }

/** One piece of a sector in ProveCommitSectors3 (builtin-actors `PieceActivationManifest`); Nelumbo reads only the CID and size. */
export interface PieceActivationManifest { CID: CID, Size: number, VerifiedAllocationKey: unknown, Notify: unknown }
const pieceActivationManifestCbor: CborCodec<PieceActivationManifest> = tuple('PieceActivationManifest', {
  CID: cid, Size: uint, VerifiedAllocationKey: anyValue, Notify: anyValue
})

export interface SectorActivationManifest { SectorNumber: number, Pieces: PieceActivationManifest[] }
export const sectorActivationManifestCbor: CborCodec<SectorActivationManifest> = tuple('SectorActivationManifest', {
  SectorNumber: uint,
  Pieces: array(pieceActivationManifestCbor)
})

/** builtin-actors v13 `ProveCommitSectors3Params`. Aggregate proofs are refused (the dev proof system has none). */
export interface ProveCommitSectors3Params {
  SectorActivations: SectorActivationManifest[]
  SectorProofs: Uint8Array[]
  AggregateProof: Uint8Array
  AggregateProofType: number | null
  RequireActivationSuccess: boolean
  RequireNotificationSuccess: boolean
}
export const proveCommitSectors3ParamsCbor: CborCodec<ProveCommitSectors3Params> = tuple('ProveCommitSectors3Params', {
  SectorActivations: array(sectorActivationManifestCbor),
  SectorProofs: array(bytes()),
  AggregateProof: bytes(),
  AggregateProofType: nullable(int),
  RequireActivationSuccess: bool,
  RequireNotificationSuccess: bool
})

export interface FailCode { Idx: number, Code: number }
export interface BatchReturn { SuccessCount: number, FailCodes: FailCode[] }
export const batchReturnCbor: CborCodec<BatchReturn> = tuple('BatchReturn', {
  SuccessCount: uint,
  FailCodes: array(tuple('FailCode', { Idx: uint, Code: uint }))
})
export interface ProveCommitSectors3Return { ActivationResults: BatchReturn }
export const proveCommitSectors3ReturnCbor: CborCodec<ProveCommitSectors3Return> = tuple('ProveCommitSectors3Return', {
  ActivationResults: batchReturnCbor
})

/** One PoSt proof (`PoStProof`). */
export interface PoStProofParam { PoStProof: number, ProofBytes: Uint8Array }
export const postProofCbor: CborCodec<PoStProofParam> = tuple('PoStProof', { PoStProof: int, ProofBytes: bytes() })

export interface PoStPartition { Index: number, Skipped: BitField }
export const postPartitionCbor: CborCodec<PoStPartition> = tuple('PoStPartition', { Index: uint, Skipped: bitfieldCbor })

export interface SubmitWindowedPoStParams {
  Deadline: number
  Partitions: PoStPartition[]
  Proofs: PoStProofParam[]
  ChainCommitEpoch: number
  ChainCommitRand: Uint8Array
}
export const submitWindowedPoStParamsCbor: CborCodec<SubmitWindowedPoStParams> = tuple('SubmitWindowedPoStParams', {
  Deadline: uint,
  Partitions: array(postPartitionCbor),
  Proofs: array(postProofCbor),
  ChainCommitEpoch: int,
  ChainCommitRand: bytes()
})

/** A set of sectors in one partition (`FaultDeclaration`, `RecoveryDeclaration`, `TerminationDeclaration`). */
export interface SectorDeclaration { Deadline: number, Partition: number, Sectors: BitField }
export const sectorDeclarationCbor: CborCodec<SectorDeclaration> = tuple('SectorDeclaration', {
  Deadline: uint,
  Partition: uint,
  Sectors: bitfieldCbor
})
export interface DeclareFaultsParams { Faults: SectorDeclaration[] }
export const declareFaultsParamsCbor: CborCodec<DeclareFaultsParams> = tuple('DeclareFaultsParams', { Faults: array(sectorDeclarationCbor) })
export interface DeclareFaultsRecoveredParams { Recoveries: SectorDeclaration[] }
export const declareFaultsRecoveredParamsCbor: CborCodec<DeclareFaultsRecoveredParams> = tuple('DeclareFaultsRecoveredParams', {
  Recoveries: array(sectorDeclarationCbor)
})
export interface TerminateSectorsParams { Terminations: SectorDeclaration[] }
export const terminateSectorsParamsCbor: CborCodec<TerminateSectorsParams> = tuple('TerminateSectorsParams', {
  Terminations: array(sectorDeclarationCbor)
})
export interface TerminateSectorsReturn { Done: boolean }
export const terminateSectorsReturnCbor: CborCodec<TerminateSectorsReturn> = tuple('TerminateSectorsReturn', { Done: bool })

/** The payload the miner enrolls with the power actor's cron (`CronEventPayload`). */
export const CronEventType = { WorkerKeyChange: 0, ProvingDeadline: 1, ProcessEarlyTerminations: 2 } as const
export interface CronEventPayload { EventType: number }
export const cronEventPayloadCbor: CborCodec<CronEventPayload> = tuple('CronEventPayload', { EventType: int })

export interface ApplyRewardParams { Reward: TokenAmount, Penalty: TokenAmount }
export const applyRewardParamsCbor: CborCodec<ApplyRewardParams> = tuple('ApplyRewardParams', { Reward: tokenAmount, Penalty: tokenAmount })
