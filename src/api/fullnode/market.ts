import { defineContract, method } from '../contract.js'
import { TipSetKey } from './types/chain.js'
import { DataCap, DealCollateralBounds, MarketBalance, MarketDeal } from './types/market.js'
import { dict, ptr } from './types/named.js'
import { Address, Bool, Cid, DealId, Nothing, PaddedPieceSize, TokenAmount } from './types/scalars.js'

/** Lotus's `StateMarket*`, deal and verified-registry reads (v1.20). */
export const StateMarketContract = defineContract({
  StateMarketBalance: method({
    name: 'Filecoin.StateMarketBalance',
    perm: 'read',
    summary: "Returns an address's escrow and locked balance in the market actor.",
    params: [Address, TipSetKey],
    result: MarketBalance
  }),
  StateMarketParticipants: method({
    name: 'Filecoin.StateMarketParticipants',
    perm: 'read',
    summary: 'Returns the market balance of every address that has one, keyed by ID address.',
    params: [TipSetKey],
    result: dict(MarketBalance)
  }),
  StateMarketDeals: method({
    name: 'Filecoin.StateMarketDeals',
    perm: 'read',
    summary: 'Returns every published deal, keyed by deal ID.',
    params: [TipSetKey],
    result: dict(MarketDeal)
  }),
  StateMarketStorageDeal: method({
    name: 'Filecoin.StateMarketStorageDeal',
    perm: 'read',
    summary: 'Returns a published deal by ID.',
    params: [DealId, TipSetKey],
    result: MarketDeal
  }),
  StateDealProviderCollateralBounds: method({
    name: 'Filecoin.StateDealProviderCollateralBounds',
    perm: 'read',
    summary: 'Returns the provider collateral bounds for a deal of a piece size, verified or not.',
    params: [PaddedPieceSize, Bool, TipSetKey],
    result: DealCollateralBounds
  }),
  StateVerifiedClientStatus: method({
    name: 'Filecoin.StateVerifiedClientStatus',
    perm: 'read',
    summary: "Returns a verified client's remaining DataCap; null if the address is not a verified client.",
    params: [Address, TipSetKey],
    result: DataCap
  }),
  StateVerifierStatus: method({
    name: 'Filecoin.StateVerifierStatus',
    perm: 'read',
    summary: "Returns a verifier's remaining allowance; null if the address is not a verifier.",
    params: [Address, TipSetKey],
    result: DataCap
  })
})

/** Lotus's `Market*` methods: market escrow through the node's funds manager (v1.20). */
export const MarketContract = defineContract({
  MarketAddBalance: method({
    name: 'Filecoin.MarketAddBalance',
    perm: 'sign',
    summary: "Sends a message from the wallet adding funds to an address's market escrow; returns its CID.",
    params: [Address, Address, TokenAmount],
    result: Cid
  }),
  MarketGetReserved: method({
    name: 'Filecoin.MarketGetReserved',
    perm: 'sign',
    summary: 'Returns the escrow funds reserved for an address.',
    params: [Address],
    result: TokenAmount
  }),
  MarketReserveFunds: method({
    name: 'Filecoin.MarketReserveFunds',
    perm: 'sign',
    summary: 'Reserves escrow funds for an address, adding to escrow from the wallet if needed; returns that message CID or null.',
    params: [Address, Address, TokenAmount],
    result: ptr(Cid)
  }),
  MarketReleaseFunds: method({
    name: 'Filecoin.MarketReleaseFunds',
    perm: 'sign',
    summary: 'Releases funds reserved by MarketReserveFunds.',
    params: [Address, TokenAmount],
    result: Nothing
  }),
  MarketWithdraw: method({
    name: 'Filecoin.MarketWithdraw',
    perm: 'sign',
    summary: "Sends a message withdrawing funds from an address's market escrow to the wallet; returns its CID.",
    params: [Address, Address, TokenAmount],
    result: Cid
  })
})
