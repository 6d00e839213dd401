// The chain store: blocks and messages in a SQLite blockstore, tipsets, the head with its
// height index and head-change notifications, and execution results per tipset.
export { openChainDatabase, type SqliteDatabase, type Synchronous, type ChainDatabaseOptions } from './database.js'
export { SqliteBlockstore, type BatchBlockstore, type BlockEntry } from './sqlite-blockstore.js'
export { ChainMeta, type TipSetExecution, type HeightEntry } from './chain-meta.js'
export { WriteBatch } from './batch.js'
export { devnetWeight, winsWeightTie, type WeightFunction } from './weight.js'
export { HeadChangeHub, type HeadChangeListener, type SubscribeOptions } from './head-changes.js'
export {
  type ChainMessage, type BlockMessages, type SenderKey, putChainMessage, getChainMessage, putBlockMessages,
  getBlockMessages, messagesForTipset, chainMessageCid
} from './messages.js'
export { searchBackForMessage, type MessageLookup, type SearchOptions, type MessageSearchDeps } from './message-search.js'
export { ChainStore, NoChainHeadError, type ChainStoreOptions } from './chain-store.js'
