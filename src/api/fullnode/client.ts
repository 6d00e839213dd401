/**
 * The storage client's part of the FullNode API (Lotus v1.20 `api_full.go` Client*): import
 * data, start a deal with a provider (Boost's deal protocol over libp2p, the data pulled from
 * this node over HTTP), list the deals, query a provider's ask. JSON field names as Lotus's;
 * `ClientDealInfo` is the part of Lotus's `DealInfo` this client fills, plus the deal UUID.
 */
import * as lj from '../codecs/index.js'
import { defineContract, method } from '../contract.js'
import { StorageAsk } from '../markets.js'
import { named, ptr, slice } from './types/named.js'
import { Address, Bool, ChainEpoch, Cid, PaddedPieceSize, PeerId, Str, TokenAmount, Uint64 } from './types/scalars.js'

export const FileRef = named('FileRef', lj.struct({ Path: Str, IsCAR: Bool }))
export const ImportRes = named('ImportRes', lj.struct({ Root: Cid, ImportID: Uint64 }))

/** storagemarket.DataRef: what a deal stores. Only `graphsync`-free transfers exist here: the provider pulls over HTTP. */
export const DataRef = named('DataRef', lj.struct({
  TransferType: Str,
  Root: Cid,
  PieceCid: lj.nullable(Cid),
  PieceSize: named('UnpaddedPieceSize', lj.uint),
  RawBlockSize: Uint64
}))

export const StartDealParams = named('StartDealParams', lj.struct({
  Data: DataRef,
  Wallet: Address,
  Miner: Address,
  /** attoFIL per GiB per epoch. */
  EpochPrice: TokenAmount,
  MinBlocksDuration: Uint64,
  ProviderCollateral: TokenAmount,
  DealStartEpoch: ChainEpoch,
  FastRetrieval: Bool,
  VerifiedDeal: Bool
}))
export type StartDealParams = lj.TypeOf<typeof StartDealParams>

export const ClientDealInfo = named('DealInfo', lj.struct({
  ProposalCid: Cid,
  DealUUID: Str,
  /** storagemarket.StorageDealStatus code. */
  State: Uint64,
  Message: Str,
  Provider: Address,
  PieceCID: Cid,
  Size: PaddedPieceSize,
  PricePerEpoch: TokenAmount,
  Duration: Uint64,
  DealID: Uint64,
  CreationTime: Str,
  Verified: Bool
}))
export type ClientDealInfo = lj.TypeOf<typeof ClientDealInfo>

/** api.StorageAsk (v1): the provider's ask and the deal protocols it speaks. */
export const ClientStorageAsk = named('StorageAsk', lj.struct({ Response: ptr(StorageAsk), DealProtocols: slice(Str) }))

export const ClientContract = defineContract({
  ClientImport: method({
    name: 'Filecoin.ClientImport',
    perm: 'admin',
    summary: "Imports a file (as a UnixFS DAG) or a CAR into this node's client store for deals.",
    params: [FileRef],
    result: ImportRes
  }),
  ClientStartDeal: method({
    name: 'Filecoin.ClientStartDeal',
    perm: 'admin',
    summary: 'Proposes a storage deal to a provider; returns the signed proposal CID once the provider accepted it.',
    params: [StartDealParams],
    result: ptr(Cid)
  }),
  ClientListDeals: method({
    name: 'Filecoin.ClientListDeals',
    perm: 'write',
    summary: "This client's storage deals, with each provider's latest status.",
    params: [],
    result: slice(ClientDealInfo)
  }),
  ClientQueryAsk: method({
    name: 'Filecoin.ClientQueryAsk',
    perm: 'read',
    summary: "Asks a provider (by peer ID) for a miner's storage ask over libp2p.",
    params: [PeerId, Address],
    result: ptr(ClientStorageAsk)
  })
})
