/**
 * The storage market actor (f05): escrow, deal publication with every builtin-actors check,
 * activation at prove-commit, termination, per-epoch payments and slashing in cron, and pure
 * readers for StateMarketBalance / StateMarketDeals / StateMarketStorageDeal.
 */
export { marketActor } from './actor.js'
export * from './types.js'
export { bitfieldCbor } from './bitfield-cbor.js'
export { type MarketState, marketStateCbor, newMarketState, MarketCollections } from './state.js'
export { BalanceTable } from './balance-table.js'
export {
  DealMaxLabelSize, TotalFilecoin, dealDurationBounds, dealPricePerEpochBounds, dealClientCollateralBounds,
  dealProviderCollateralBounds, isPieceCid, isValidPaddedPieceSize, nextUpdateEpoch
} from './policy.js'
export { dealProposalCid } from './publish.js'
export {
  type MarketBalance, type MarketDeal, EmptyDealState, readMarketState, readMarketBalance, readMarketDeal, readMarketDeals,
  readMarketParticipants
} from './readers.js'
export { marketCronEntry, installMarketActor } from './genesis.js'
