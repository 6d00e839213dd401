// The storage client: data imports, deals proposed to providers, their status.
export { ClientDeals, type ClientChain, type ClientDealsDeps, type ClientDealsOptions } from './deals.js'
export { ClientStore, type ImportRecord, type ClientDealRecord } from './store.js'
export { TransferOffers, TRANSFER_PATH } from './transfers.js'
export { importData, type ImportedData } from './import.js'
export type { ProviderDialer } from './dialer.js'
export { StorageDealStatus, dealStatusName, statusFromCheckpoint } from './deal-state.js'
