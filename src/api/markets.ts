/**
 * The markets subsystem's methods (Lotus `api.StorageMiner`'s market part): the host's peer ID
 * and the storage ask. A markets node serves them with Common, the miner identity methods and
 * `Net*` ({@link MarketsContract} in miner.ts); a monolith serves them beside sealing.
 */
import * as lj from './codecs/index.js'
import { type ApiOf, defineContract, method } from './contract.js'
import { NetContract } from './fullnode/sync.js'
import { named, ptr, slice } from './fullnode/types/named.js'
import { Address, Bool, ChainEpoch, Cid, PaddedPieceSize, PeerId, Signature, Str, TokenAmount, Uint64 } from './fullnode/types/scalars.js'

/** storagemarket.StorageAsk, fields in Go declaration order. */
export const StorageAsk = named('StorageAsk', lj.struct({
  Price: TokenAmount,
  VerifiedPrice: TokenAmount,
  MinPieceSize: PaddedPieceSize,
  MaxPieceSize: PaddedPieceSize,
  Miner: Address,
  Timestamp: ChainEpoch,
  Expiry: ChainEpoch,
  SeqNo: named('uint64', lj.uint)
}))

/** storagemarket.SignedStorageAsk: the ask and the worker key's signature over its CBOR. */
export const SignedStorageAsk = named('SignedStorageAsk', lj.struct({
  Ask: StorageAsk,
  Signature
}))
export type SignedStorageAsk = lj.TypeOf<typeof SignedStorageAsk>

/** A storage deal as this provider tracks it (Nelumbo's listing; Boost shows the same over GraphQL). */
export const ProviderDealInfo = named('ProviderDealInfo', lj.struct({
  DealUUID: Str,
  SignedProposalCid: Cid,
  CreatedAt: Str,
  Checkpoint: Str,
  Error: Str,
  IsOffline: Bool,
  PieceCID: Cid,
  PieceSize: PaddedPieceSize,
  VerifiedDeal: Bool,
  Client: Address,
  StartEpoch: ChainEpoch,
  EndEpoch: ChainEpoch,
  StoragePricePerEpoch: TokenAmount,
  TransferSize: Uint64,
  PublishCid: lj.nullable(Cid),
  ChainDealID: Uint64,
  SectorNumber: Uint64
}))
export type ProviderDealInfo = lj.TypeOf<typeof ProviderDealInfo>

export const MarketsOnlyContract = defineContract({
  ...NetContract,
  ID: method({
    name: 'Filecoin.ID',
    perm: 'read',
    summary: "The libp2p peer ID of this node's host.",
    params: [],
    result: PeerId
  }),
  MarketGetAsk: method({
    name: 'Filecoin.MarketGetAsk',
    perm: 'read',
    summary: 'The current signed storage ask (null before one is made).',
    params: [],
    result: ptr(SignedStorageAsk)
  }),
  MarketSetAsk: method({
    name: 'Filecoin.MarketSetAsk',
    perm: 'admin',
    summary: 'Replaces the storage ask: price, verified price (attoFIL/GiB/epoch), duration in epochs, min and max padded piece size.',
    params: [TokenAmount, TokenAmount, ChainEpoch, PaddedPieceSize, PaddedPieceSize],
    result: lj.none
  }),
  MarketImportDealData: method({
    name: 'Filecoin.MarketImportDealData',
    perm: 'write',
    summary: "Gives an accepted offline deal its data: the file at a path on the markets node's machine, found by the deal's signed proposal CID.",
    params: [Cid, Str],
    result: lj.none
  }),
  MarketListProviderDeals: method({
    name: 'Filecoin.MarketListProviderDeals',
    perm: 'read',
    summary: 'Every storage deal this provider has taken, oldest first, with its checkpoint.',
    params: [],
    result: slice(ProviderDealInfo)
  })
})
export type MarketsOnlyApi = ApiOf<typeof MarketsOnlyContract>
