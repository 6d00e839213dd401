// The markets subsystem: storage asks now; storage deals and retrieval build on the same provider.
export { MarketsProvider, type MarketsProviderApi, type MarketsProviderDeps, type ProtocolHost } from './provider.js'
export { StoredAsk, DefaultAsk, STORED_ASK_KEY, type AskTerms } from './ask/stored-ask.js'
export { type StorageAsk, type SignedStorageAsk, storageAskCbor, signedStorageAskCbor } from './ask/types.js'
export { ASK_PROTOCOL, askStreamHandler, queryAskOverStream } from './network/ask-protocol.js'
export { cborItemEnd } from './network/cbor-framing.js'
