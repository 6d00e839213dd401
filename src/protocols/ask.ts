/**
 * The storage ask: a provider's price list for storage deals (go-fil-markets / Boost
 * `StorageAsk`, `SignedStorageAsk`), and the `/fil/storage/ask/1.1.0` request and response.
 * Every struct here is cbor-gen map-encoded; keys go out in canonical order (length, then
 * bytes), which is also the exact byte string the worker key signs.
 */
import type { Address } from '../core/address/index.js'
import { type CborCodec, cborTypes as c, map } from '../core/cbor/index.js'
import type { Signature } from '../core/crypto/index.js'
import { signatureCbor } from '../core/message/index.js'
import type { PaddedPieceSize } from '../core/piece/index.js'
import type { ChainEpoch, TokenAmount } from '../core/types.js'

export interface StorageAsk {
  /** attoFIL per GiB per epoch, for unverified deals. */
  Price: TokenAmount
  /** attoFIL per GiB per epoch, for verified deals. */
  VerifiedPrice: TokenAmount
  MinPieceSize: PaddedPieceSize
  MaxPieceSize: PaddedPieceSize
  Miner: Address
  /** The chain height when the ask was set. */
  Timestamp: ChainEpoch
  /** The last epoch the ask is good for. */
  Expiry: ChainEpoch
  /** Bumped by one at every change, so clients can tell a new ask from a replayed one. */
  SeqNo: number
}

export interface SignedStorageAsk {
  Ask: StorageAsk
  /** The miner worker key's signature over `storageAskCbor` of `Ask`. */
  Signature: Signature
}

export const ASK_PROTOCOL = '/fil/storage/ask/1.1.0'

const epoch = c.int as unknown as CborCodec<ChainEpoch>
const pieceSize = c.uint as unknown as CborCodec<PaddedPieceSize>

export const storageAskCbor: CborCodec<StorageAsk> = map('StorageAsk', {
  Price: c.tokenAmount,
  VerifiedPrice: c.tokenAmount,
  MinPieceSize: pieceSize,
  MaxPieceSize: pieceSize,
  Miner: c.address,
  Timestamp: epoch,
  Expiry: epoch,
  SeqNo: c.uint
})

export const signedStorageAskCbor: CborCodec<SignedStorageAsk> = map('SignedStorageAsk', {
  Ask: storageAskCbor,
  Signature: signatureCbor
})

/** What a client sends on `/fil/storage/ask/1.1.0`. */
export interface AskRequest { Miner: Address }
export const askRequestCbor: CborCodec<AskRequest> = map('AskRequest', { Miner: c.address })

/** The provider's answer: null when it is not the miner asked about (or has no ask). */
export interface AskResponse { Ask: SignedStorageAsk | null }
export const askResponseCbor: CborCodec<AskResponse> = map('AskResponse', { Ask: c.nullable(signedStorageAskCbor) })
