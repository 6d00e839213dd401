import * as lj from '../../codecs/index.js'
import { named, ptr } from './named.js'
import { zeroIfAbsent } from './go.js'
import { Address, AllocationId, BigInteger, Bool, ChainEpoch, Cid, PaddedPieceSize, Signature, TokenAmount } from './scalars.js'

// Market and verified-registry state as the FullNode API prints it (go-state-types v0.10.0
// builtin/v9 market, as Lotus v1.20 uses it).

/**
 * market.DealLabel in JSON: the label string. A label holding bytes prints as "" (Lotus does
 * the same); CBOR keeps the distinction.
 */
export const DealLabel = named('DealLabel', lj.string)

/** market.DealProposal: the deal terms a client signs. */
export const DealProposal = named('DealProposal', lj.struct({
  PieceCID: Cid,
  PieceSize: PaddedPieceSize,
  VerifiedDeal: Bool,
  Client: Address,
  Provider: Address,
  Label: DealLabel,
  StartEpoch: ChainEpoch,
  EndEpoch: ChainEpoch,
  StoragePricePerEpoch: TokenAmount,
  ProviderCollateral: TokenAmount,
  ClientCollateral: TokenAmount
}))

/** market.ClientDealProposal: a proposal with the client's signature over its CBOR. */
export const ClientDealProposal = named('ClientDealProposal', lj.struct({
  Proposal: DealProposal,
  ClientSignature: Signature
}))

/**
 * market.DealState (actors v9/v10): -1 epochs mean "not yet". `VerifiedClaim` is the
 * verified-registry allocation (0 for none); read as 0 when absent.
 */
export const DealState = named('DealState', lj.struct({
  SectorStartEpoch: ChainEpoch,
  LastUpdatedEpoch: ChainEpoch,
  SlashEpoch: ChainEpoch,
  VerifiedClaim: zeroIfAbsent(AllocationId, 0)
}))

/** api.MarketDeal: a published deal's proposal and state (StateMarketStorageDeal). */
export const MarketDeal = named('MarketDeal', lj.struct({
  Proposal: DealProposal,
  State: DealState
}))

/** api.MarketBalance: an address's escrow and the part of it locked by deals. */
export const MarketBalance = named('MarketBalance', lj.struct({ Escrow: BigInteger, Locked: BigInteger }))

/** api.DealCollateralBounds: the provider collateral range a deal of a given size may use. */
export const DealCollateralBounds = named('DealCollateralBounds', lj.struct({ Min: TokenAmount, Max: TokenAmount }))

/** A verified client's remaining DataCap (`*abi.StoragePower`); null when not a verified client. */
export const DataCap = ptr(named('DataCap', BigInteger))

export type DealProposal = lj.TypeOf<typeof DealProposal>
export type ClientDealProposal = lj.TypeOf<typeof ClientDealProposal>
export type DealState = lj.TypeOf<typeof DealState>
export type MarketDeal = lj.TypeOf<typeof MarketDeal>
export type MarketBalance = lj.TypeOf<typeof MarketBalance>
export type DealCollateralBounds = lj.TypeOf<typeof DealCollateralBounds>
