import type { Address } from '../../../../core/address/index.js'
import { cborTypeError, type CborCodec } from '../../../../core/cbor/codec.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { address, array, bool, bytes, cid, int, nullable, tokenAmount, uint, uint64 } from '../../../../core/cbor/scalars.js'
import type { BitField } from '../../../../core/bitfield/index.js'
import type { CID } from '../../../../core/cid.js'
import type { Signature } from '../../../../core/crypto/index.js'
import { signatureCbor } from '../../../../core/message/index.js'
import type { ChainEpoch, DealId, SectorNumber, TokenAmount } from '../../../../core/types.js'
import { bitfieldCbor } from './bitfield-cbor.js'

/** Method numbers as builtin-actors (`market::Method`). */
export const MarketMethods = {
  Constructor: 1,
  AddBalance: 2,
  WithdrawBalance: 3,
  PublishStorageDeals: 4,
  VerifyDealsForActivation: 5,
  BatchActivateDeals: 6,
  OnMinerSectorsTerminate: 7,
  CronTick: 9
} as const

/** The market's exit codes beyond the common ones (builtin-actors `EX_DEAL_EXPIRED`, `EX_DEAL_NOT_ACTIVATED`). */
export const MarketExitCode = { DealExpired: 32, DealNotActivated: 33 } as const

/** builtin-actors `EPOCH_UNDEFINED`. */
export const EpochUndefined = -1 as ChainEpoch

export const epochCbor = int as unknown as CborCodec<ChainEpoch>
export const dealIdCbor = uint as unknown as CborCodec<DealId>
export const sectorNumberCbor = uint as unknown as CborCodec<SectorNumber>

/** A deal label: a CBOR text string or a CBOR byte string (builtin-actors `Label`). */
export type DealLabel = string | Uint8Array
export const dealLabelCbor: CborCodec<DealLabel> = {
  name: 'DealLabel',
  toCbor: (v) => v,
  fromCbor: (v, path) => {
    if (typeof v === 'string' || v instanceof Uint8Array) return v
    throw cborTypeError(path, 'a text or byte string (DealLabel)', v)
  }
}

/** The label's length in bytes (UTF-8 for strings), as the 256-byte limit counts it. */
export function dealLabelLength (label: DealLabel): number {
  return typeof label === 'string' ? new TextEncoder().encode(label).length : label.length
}

/** A storage deal proposal, the 11-tuple clients sign (builtin-actors `DealProposal`). */
export interface DealProposal {
  PieceCID: CID
  /** Padded piece size. */
  PieceSize: number
  VerifiedDeal: boolean
  Client: Address
  Provider: Address
  Label: DealLabel
  StartEpoch: ChainEpoch
  EndEpoch: ChainEpoch
  StoragePricePerEpoch: TokenAmount
  ProviderCollateral: TokenAmount
  ClientCollateral: TokenAmount
}
export const dealProposalCbor: CborCodec<DealProposal> = tuple('DealProposal', {
  PieceCID: cid,
  PieceSize: uint,
  VerifiedDeal: bool,
  Client: address,
  Provider: address,
  Label: dealLabelCbor,
  StartEpoch: epochCbor,
  EndEpoch: epochCbor,
  StoragePricePerEpoch: tokenAmount,
  ProviderCollateral: tokenAmount,
  ClientCollateral: tokenAmount
})

export function dealDuration (p: DealProposal): number { return p.EndEpoch - p.StartEpoch }
export function dealTotalStorageFee (p: DealProposal): TokenAmount {
  return (p.StoragePricePerEpoch * BigInt(dealDuration(p))) as TokenAmount
}
export function dealClientBalanceRequirement (p: DealProposal): TokenAmount {
  return (p.ClientCollateral + dealTotalStorageFee(p)) as TokenAmount
}

/** A proposal with the client's signature over its CBOR bytes (builtin-actors `ClientDealProposal`). */
export interface ClientDealProposal { Proposal: DealProposal, ClientSignature: Signature }
export const clientDealProposalCbor: CborCodec<ClientDealProposal> = tuple('ClientDealProposal', {
  Proposal: dealProposalCbor,
  ClientSignature: signatureCbor
})

/** An activated deal's state (builtin-actors v13+ `DealState`). */
export interface DealState {
  SectorNumber: SectorNumber
  SectorStartEpoch: ChainEpoch
  LastUpdatedEpoch: ChainEpoch
  SlashEpoch: ChainEpoch
}
export const dealStateCbor: CborCodec<DealState> = tuple('DealState', {
  SectorNumber: sectorNumberCbor,
  SectorStartEpoch: epochCbor,
  LastUpdatedEpoch: epochCbor,
  SlashEpoch: epochCbor
})

/** AddBalance's parameter is the address itself (a transparent struct). */
export const addBalanceParamsCbor: CborCodec<Address> = address

export interface WithdrawBalanceParams { ProviderOrClientAddress: Address, Amount: TokenAmount }
export const withdrawBalanceParamsCbor: CborCodec<WithdrawBalanceParams> = tuple('WithdrawBalanceParams', {
  ProviderOrClientAddress: address,
  Amount: tokenAmount
})
/** WithdrawBalance returns the amount withdrawn (transparent). */
export const withdrawBalanceReturnCbor: CborCodec<TokenAmount> = tokenAmount

export interface PublishStorageDealsParams { Deals: ClientDealProposal[] }
export const publishStorageDealsParamsCbor: CborCodec<PublishStorageDealsParams> = tuple('PublishStorageDealsParams', {
  Deals: array(clientDealProposalCbor)
})

export interface PublishStorageDealsReturn { IDs: DealId[], ValidDeals: BitField }
export const publishStorageDealsReturnCbor: CborCodec<PublishStorageDealsReturn> = tuple('PublishStorageDealsReturn', {
  IDs: array(dealIdCbor),
  ValidDeals: bitfieldCbor
})

/** One sector's deals, for verification and activation (builtin-actors `SectorDeals`). */
export interface SectorDeals { SectorNumber: SectorNumber, SectorType: number, SectorExpiry: ChainEpoch, DealIDs: DealId[] }
export const sectorDealsCbor: CborCodec<SectorDeals> = tuple('SectorDeals', {
  SectorNumber: sectorNumberCbor,
  SectorType: int,
  SectorExpiry: epochCbor,
  DealIDs: array(dealIdCbor)
})

export interface VerifyDealsForActivationParams { Sectors: SectorDeals[] }
export const verifyDealsForActivationParamsCbor: CborCodec<VerifyDealsForActivationParams> = tuple('VerifyDealsForActivationParams', {
  Sectors: array(sectorDealsCbor)
})
export interface VerifyDealsForActivationReturn { UnsealedCIDs: Array<CID | null> }
export const verifyDealsForActivationReturnCbor: CborCodec<VerifyDealsForActivationReturn> = tuple('VerifyDealsForActivationReturn', {
  UnsealedCIDs: array(nullable(cid))
})

export interface BatchActivateDealsParams { Sectors: SectorDeals[], ComputeCid: boolean }
export const batchActivateDealsParamsCbor: CborCodec<BatchActivateDealsParams> = tuple('BatchActivateDealsParams', {
  Sectors: array(sectorDealsCbor),
  ComputeCid: bool
})

/** An activated deal as the miner sees it (builtin-actors `ActivatedDeal`); AllocationId 0 for unverified deals. */
export interface ActivatedDeal { Client: bigint, AllocationId: bigint, Data: CID, Size: number }
export const activatedDealCbor: CborCodec<ActivatedDeal> = tuple('ActivatedDeal', { Client: uint64, AllocationId: uint64, Data: cid, Size: uint })

export interface SectorDealActivation { Activated: ActivatedDeal[], UnsealedCid: CID | null }
export const sectorDealActivationCbor: CborCodec<SectorDealActivation> = tuple('SectorDealActivation', {
  Activated: array(activatedDealCbor),
  UnsealedCid: nullable(cid)
})

/** builtin-actors `BatchReturn`: how many succeeded and the failures by input index. */
export interface FailCode { Idx: number, Code: number }
export interface BatchReturn { SuccessCount: number, FailCodes: FailCode[] }
export const batchReturnCbor: CborCodec<BatchReturn> = tuple('BatchReturn', {
  SuccessCount: uint,
  FailCodes: array(tuple('FailCode', { Idx: uint, Code: uint }))
})

export interface BatchActivateDealsResult { ActivationResults: BatchReturn, Activations: SectorDealActivation[] }
export const batchActivateDealsResultCbor: CborCodec<BatchActivateDealsResult> = tuple('BatchActivateDealsResult', {
  ActivationResults: batchReturnCbor,
  Activations: array(sectorDealActivationCbor)
})

export interface OnMinerSectorsTerminateParams { Epoch: ChainEpoch, Sectors: BitField }
export const onMinerSectorsTerminateParamsCbor: CborCodec<OnMinerSectorsTerminateParams> = tuple('OnMinerSectorsTerminateParams', {
  Epoch: epochCbor,
  Sectors: bitfieldCbor
})

/** The miner actor's ControlAddresses return (builtin-actors `GetControlAddressesReturn`). */
export interface GetControlAddressesReturn { Owner: Address, Worker: Address, ControlAddresses: Address[] }
export const getControlAddressesReturnCbor: CborCodec<GetControlAddressesReturn> = tuple('GetControlAddressesReturn', {
  Owner: address,
  Worker: address,
  ControlAddresses: array(address)
})
/** The miner actor's ControlAddresses method number. */
export const MinerControlAddressesMethod = 2

export const rawBytesCbor: CborCodec<Uint8Array> = bytes()
