import type { Address } from '../../../../core/address/index.js'
import type { CborCodec } from '../../../../core/cbor/index.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { address, array, bigInt, bytes, int, int64, tokenAmount, uint64 } from '../../../../core/cbor/scalars.js'
import type { ChainEpoch, TokenAmount } from '../../../../core/types.js'
import { filterEstimateCbor, type FilterEstimate } from '../reward/state.js'

/** Method numbers as builtin-actors (`power::Method`). */
export const PowerMethods = {
  Constructor: 1,
  CreateMiner: 2,
  UpdateClaimedPower: 3,
  EnrollCronEvent: 4,
  OnEpochTickEnd: 5,
  UpdatePledgeTotal: 6,
  CurrentTotalPower: 9
} as const

/** The miner actor's methods the power actor calls (builtin-actors `power::ext::miner`). */
export const MinerMethodsForPower = { Constructor: 1, OnDeferredCronEvent: 12 } as const

const epoch = int as unknown as CborCodec<ChainEpoch>

export interface CreateMinerParams {
  Owner: Address
  Worker: Address
  WindowPoStProofType: number
  Peer: Uint8Array
  Multiaddrs: Uint8Array[]
}
export const createMinerParamsCbor: CborCodec<CreateMinerParams> = tuple('CreateMinerParams', {
  Owner: address,
  Worker: address,
  WindowPoStProofType: int,
  Peer: bytes(),
  Multiaddrs: array(bytes())
})

export interface CreateMinerReturn { IDAddress: Address, RobustAddress: Address }
export const createMinerReturnCbor: CborCodec<CreateMinerReturn> = tuple('CreateMinerReturn', { IDAddress: address, RobustAddress: address })

/** The miner actor's constructor parameters (builtin-actors `miner::MinerConstructorParams`). */
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

export interface UpdateClaimedPowerParams { RawByteDelta: bigint, QualityAdjustedDelta: bigint }
export const updateClaimedPowerParamsCbor: CborCodec<UpdateClaimedPowerParams> = tuple('UpdateClaimedPowerParams', {
  RawByteDelta: bigInt,
  QualityAdjustedDelta: bigInt
})

export interface EnrollCronEventParams { EventEpoch: ChainEpoch, Payload: Uint8Array }
export const enrollCronEventParamsCbor: CborCodec<EnrollCronEventParams> = tuple('EnrollCronEventParams', {
  EventEpoch: epoch,
  Payload: bytes()
})

/** UpdatePledgeTotal's parameter is the pledge delta itself (a transparent struct). */
export const updatePledgeTotalParamsCbor: CborCodec<TokenAmount> = tokenAmount

export interface CurrentTotalPowerReturn {
  RawBytePower: bigint
  QualityAdjPower: bigint
  PledgeCollateral: TokenAmount
  QualityAdjPowerSmoothed: FilterEstimate
  RampStartEpoch: bigint
  RampDurationEpochs: bigint
}
export const currentTotalPowerReturnCbor: CborCodec<CurrentTotalPowerReturn> = tuple('CurrentTotalPowerReturn', {
  RawBytePower: bigInt,
  QualityAdjPower: bigInt,
  PledgeCollateral: tokenAmount,
  QualityAdjPowerSmoothed: filterEstimateCbor,
  RampStartEpoch: int64,
  RampDurationEpochs: uint64
})

/** What the power actor passes a miner's OnDeferredCronEvent (builtin-actors `DeferredCronEventParams`). */
export interface DeferredCronEventParams {
  EventPayload: Uint8Array
  RewardSmoothed: FilterEstimate
  QualityAdjPowerSmoothed: FilterEstimate
}
export const deferredCronEventParamsCbor: CborCodec<DeferredCronEventParams> = tuple('DeferredCronEventParams', {
  EventPayload: bytes(),
  RewardSmoothed: filterEstimateCbor,
  QualityAdjPowerSmoothed: filterEstimateCbor
})
