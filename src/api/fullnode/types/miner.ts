import * as lj from '../../codecs/index.js'
import { named, nilSlice, ptr } from './named.js'
import {
  Address, BigInteger, BitField, Bool, ChainEpoch, Cid, DealId, MultiaddrBytes, PeerId, RegisteredPoStProof,
  RegisteredSealProof, SectorNumber, SectorSize, TokenAmount, Uint64, UndefAddress
} from './scalars.js'

// Miner and power actor state as the FullNode API prints it (go-state-types v0.10.0
// builtin/v9 miner and dline, Lotus v1.20 api and chain/actors/builtin wrappers).

/** miner.BeneficiaryTerm: how much the beneficiary may withdraw, and until when. */
export const BeneficiaryTerm = named('BeneficiaryTerm', lj.struct({
  Quota: TokenAmount,
  UsedQuota: TokenAmount,
  Expiration: ChainEpoch
}))

/** miner.PendingBeneficiaryChange: a proposed beneficiary awaiting approvals. */
export const PendingBeneficiaryChange = named('PendingBeneficiaryChange', lj.struct({
  NewBeneficiary: Address,
  NewQuota: TokenAmount,
  NewExpiration: ChainEpoch,
  ApprovedByBeneficiary: Bool,
  ApprovedByNominee: Bool
}))

/**
 * api.MinerInfo (StateMinerInfo). `PendingOwnerAddress` is printed as Lotus v1.21+ prints it
 * (null when no owner change is pending); v1.20 clients ignore it, and it may be absent on input.
 */
export const MinerInfo = named('MinerInfo', lj.struct({
  Owner: Address,
  Worker: Address,
  NewWorker: UndefAddress,
  ControlAddresses: nilSlice(Address),
  WorkerChangeEpoch: ChainEpoch,
  PeerId: ptr(PeerId),
  Multiaddrs: nilSlice(MultiaddrBytes),
  WindowPoStProofType: RegisteredPoStProof,
  SectorSize,
  WindowPoStPartitionSectors: Uint64,
  ConsensusFaultElapsed: ChainEpoch,
  PendingOwnerAddress: ptr(Address),
  Beneficiary: Address,
  BeneficiaryTerm: ptr(BeneficiaryTerm),
  PendingBeneficiaryTerm: ptr(PendingBeneficiaryChange)
}))

/** power.Claim as Lotus's power wrapper prints it: raw and quality-adjusted power. */
export const Claim = named('Claim', lj.struct({
  RawBytePower: BigInteger,
  QualityAdjPower: BigInteger
}))

/** api.MinerPower (StateMinerPower). */
export const MinerPower = named('MinerPower', lj.struct({
  MinerPower: Claim,
  TotalPower: Claim,
  HasMinPower: Bool
}))

/** miner.SectorOnChainInfo: a proven sector. */
export const SectorOnChainInfo = named('SectorOnChainInfo', lj.struct({
  SectorNumber,
  SealProof: RegisteredSealProof,
  SealedCID: Cid,
  DealIDs: nilSlice(DealId),
  Activation: ChainEpoch,
  Expiration: ChainEpoch,
  DealWeight: BigInteger,
  VerifiedDealWeight: BigInteger,
  InitialPledge: TokenAmount,
  ExpectedDayReward: TokenAmount,
  ExpectedStoragePledge: TokenAmount,
  ReplacedSectorAge: ChainEpoch,
  ReplacedDayReward: TokenAmount,
  SectorKeyCID: ptr(Cid),
  SimpleQAPower: Bool
}))

/** miner.SectorPreCommitInfo: what a PreCommitSector message declares. */
export const SectorPreCommitInfo = named('SectorPreCommitInfo', lj.struct({
  SealProof: RegisteredSealProof,
  SectorNumber,
  SealedCID: Cid,
  SealRandEpoch: ChainEpoch,
  DealIDs: nilSlice(DealId),
  Expiration: ChainEpoch,
  UnsealedCid: ptr(Cid)
}))

/** miner.SectorPreCommitOnChainInfo: a pre-committed sector with its deposit. */
export const SectorPreCommitOnChainInfo = named('SectorPreCommitOnChainInfo', lj.struct({
  Info: SectorPreCommitInfo,
  PreCommitDeposit: TokenAmount,
  PreCommitEpoch: ChainEpoch
}))

/** miner.SectorLocation: the deadline and partition holding a sector (StateSectorPartition). */
export const SectorLocation = named('SectorLocation', lj.struct({ Deadline: Uint64, Partition: Uint64 }))

/** api.Deadline: one of a miner's 48 deadlines. */
export const Deadline = named('Deadline', lj.struct({
  PostSubmissions: BitField,
  DisputableProofCount: Uint64
}))

/** api.Partition: the sector sets of one partition. */
export const Partition = named('Partition', lj.struct({
  AllSectors: BitField,
  FaultySectors: BitField,
  RecoveringSectors: BitField,
  LiveSectors: BitField,
  ActiveSectors: BitField
}))

/** dline.Info: a deadline's epochs and the proving-period parameters (StateMinerProvingDeadline). */
export const DeadlineInfo = named('dline.Info', lj.struct({
  CurrentEpoch: ChainEpoch,
  PeriodStart: ChainEpoch,
  Index: Uint64,
  Open: ChainEpoch,
  Close: ChainEpoch,
  Challenge: ChainEpoch,
  FaultCutoff: ChainEpoch,
  WPoStPeriodDeadlines: Uint64,
  WPoStProvingPeriod: ChainEpoch,
  WPoStChallengeWindow: ChainEpoch,
  WPoStChallengeLookback: ChainEpoch,
  FaultDeclarationCutoff: ChainEpoch
}))

export type BeneficiaryTerm = lj.TypeOf<typeof BeneficiaryTerm>
export type PendingBeneficiaryChange = lj.TypeOf<typeof PendingBeneficiaryChange>
export type MinerInfo = lj.TypeOf<typeof MinerInfo>
export type Claim = lj.TypeOf<typeof Claim>
export type MinerPower = lj.TypeOf<typeof MinerPower>
export type SectorOnChainInfo = lj.TypeOf<typeof SectorOnChainInfo>
export type SectorPreCommitInfo = lj.TypeOf<typeof SectorPreCommitInfo>
export type SectorPreCommitOnChainInfo = lj.TypeOf<typeof SectorPreCommitOnChainInfo>
export type SectorLocation = lj.TypeOf<typeof SectorLocation>
export type Deadline = lj.TypeOf<typeof Deadline>
export type Partition = lj.TypeOf<typeof Partition>
export type DeadlineInfo = lj.TypeOf<typeof DeadlineInfo>
