/**
 * The markets subsystem's methods (Lotus `api.StorageMiner`'s market part): the host's peer ID
 * and the storage ask. A markets node serves them with Common, the miner identity methods and
 * `Net*` ({@link MarketsContract} in miner.ts); a monolith serves them beside sealing.
 */
import * as lj from './codecs/index.js'
import { type ApiOf, defineContract, method } from './contract.js'
import { NetContract } from './fullnode/sync.js'
import { named, ptr } from './fullnode/types/named.js'
import { Address, ChainEpoch, PaddedPieceSize, PeerId, Signature, TokenAmount } from './fullnode/types/scalars.js'

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
  })
})
export type MarketsOnlyApi = ApiOf<typeof MarketsOnlyContract>
