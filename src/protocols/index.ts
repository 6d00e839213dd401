// Wire formats of the storage provider's libp2p protocols (Boost's), shared by the provider
// (src/markets) and the client (src/client): messages, their CBOR framing, the client calls.
export { ASK_PROTOCOL, type StorageAsk, type SignedStorageAsk, type AskRequest, type AskResponse, storageAskCbor, signedStorageAskCbor, askRequestCbor, askResponseCbor } from './ask.js'
export {
  DEAL_PROTOCOLS, DEAL_STATUS_PROTOCOL, type DealParams, type Transfer, type DealResponse, type DealStatus, type DealStatusRequest, type DealStatusResponse,
  dealParamsCbor, dealResponseCbor, dealStatusCbor, dealStatusRequestCbor, dealStatusResponseCbor, transferCbor, uuidCbor, uuidString, parseUuid, signedProposalCid
} from './deals.js'
export { cborItemEnd, readCborMessage, writeCborMessage, type ReadMessageOptions } from './cbor-framing.js'
export { queryAskOverStream, proposeDealOverStream, dealStatusOverStream } from './client.js'
