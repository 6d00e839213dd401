import type { Address } from '../../../../core/address/index.js'
import type { CborCodec } from '../../../../core/cbor/index.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { address, array, bigInt, bool, cid, int, uint, uint64 } from '../../../../core/cbor/scalars.js'
import type { CID } from '../../../../core/cid.js'
import type { ChainEpoch } from '../../../../core/types.js'

/**
 * Method numbers: Constructor to RestoreBytes as builtin-actors v8 (`verifreg::Method`),
 * ClaimAllocations as v9+ (the miner calls it at activation).
 */
export const VerifregMethods = {
  Constructor: 1,
  AddVerifier: 2,
  RemoveVerifier: 3,
  AddVerifiedClient: 4,
  UseBytes: 5,
  RestoreBytes: 6,
  ClaimAllocations: 9
} as const

/** AddVerifier and AddVerifiedClient: an address and its allowance in bytes (`VerifierParams`). */
export interface VerifierParams { Address: Address, Allowance: bigint }
export const verifierParamsCbor: CborCodec<VerifierParams> = tuple('VerifierParams', { Address: address, Allowance: bigInt })
export const addVerifiedClientParamsCbor = verifierParamsCbor

/** UseBytes and RestoreBytes (v8 `BytesParams`): the client and the deal's padded size. */
export interface BytesParams { Address: Address, DealSize: bigint }
export const bytesParamsCbor: CborCodec<BytesParams> = tuple('BytesParams', { Address: address, DealSize: bigInt })

/** One verified piece the miner claims for a sector (builtin-actors `AllocationClaim`). */
export interface AllocationClaim { Client: bigint, AllocationId: bigint, Data: CID, Size: number }
export const allocationClaimCbor: CborCodec<AllocationClaim> = tuple('AllocationClaim', { Client: uint64, AllocationId: uint64, Data: cid, Size: uint })

export interface SectorAllocationClaims { Sector: number, SectorExpiry: ChainEpoch, Claims: AllocationClaim[] }
export const sectorAllocationClaimsCbor: CborCodec<SectorAllocationClaims> = tuple('SectorAllocationClaims', {
  Sector: uint,
  SectorExpiry: int as unknown as CborCodec<ChainEpoch>,
  Claims: array(allocationClaimCbor)
})

export interface ClaimAllocationsParams { Sectors: SectorAllocationClaims[], AllOrNothing: boolean }
export const claimAllocationsParamsCbor: CborCodec<ClaimAllocationsParams> = tuple('ClaimAllocationsParams', {
  Sectors: array(sectorAllocationClaimsCbor),
  AllOrNothing: bool
})

export interface SectorClaimSummary { ClaimedSpace: bigint }
export interface ClaimAllocationsReturn {
  SectorResults: { SuccessCount: number, FailCodes: Array<{ Idx: number, Code: number }> }
  SectorClaims: SectorClaimSummary[]
}
export const claimAllocationsReturnCbor: CborCodec<ClaimAllocationsReturn> = tuple('ClaimAllocationsReturn', {
  SectorResults: tuple('BatchReturn', { SuccessCount: uint, FailCodes: array(tuple('FailCode', { Idx: uint, Code: uint })) }),
  SectorClaims: array(tuple('SectorClaimSummary', { ClaimedSpace: bigInt }))
})
