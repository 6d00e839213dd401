// The markets subsystem (provider side): the storage ask and storage deals, over the libp2p
// protocols whose wire formats live in src/protocols/.
export { MarketsProvider, type MarketsProviderApi, type MarketsProviderDeps, type ProtocolHost } from './provider.js'
export { DealProvider } from './deals/provider.js'
export type { DealSealer } from './deals/executor.js'
export { StoredAsk, DefaultAsk, STORED_ASK_KEY, type AskTerms } from './ask/stored-ask.js'
export { askStreamHandler } from './network/ask-protocol.js'
export { dealProposalHandler, dealStatusHandler } from './network/deal-protocols.js'
export { PieceServer, PIECE_PATH } from './retrieval/piece-server.js'
