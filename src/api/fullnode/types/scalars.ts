import * as lj from '../../codecs/index.js'
import type { Codec } from '../../codecs/index.js'
import type { Address as AddressValue } from '../../../core/address/index.js'
import { BitField as BitFieldValue } from '../../../core/bitfield/index.js'
import type { CID as CidValue } from '../../../core/cid.js'
import { type KeyInfo as KeyInfoValue, type Signature as SignatureValue, keyInfoFromLotusJson, keyInfoToLotusJson } from '../../../core/crypto/index.js'
import {
  addressJson, bigIntJson, cidJson, messageJson, signatureJson, signedMessageJson, tokenAmountJson
} from '../../../core/lotus-json/index.js'
import type { Message as MessageValue, SignedMessage as SignedMessageValue } from '../../../core/message/index.js'
import type { PaddedPieceSize as PaddedPieceSizeValue } from '../../../core/piece/index.js'
import type { ChainEpoch as Epoch, DealId as DealIdValue, SectorNumber as SectorNumberValue, TokenAmount as Amount } from '../../../core/types.js'
import { named } from './named.js'

// The scalar and core Filecoin types of the FullNode API, each named as Lotus names it.

function brandedInt<T extends number> (base: Codec<number>): Codec<T> {
  return base as Codec<unknown> as Codec<T>
}

export const Str = named('string', lj.string)
export const Bool = named('bool', lj.bool)
/** A uint64 that stays within 2^53 (counts, indexes, confidence). */
export const Uint64 = named('uint64', lj.uint)
/** An int64 that stays within 2^53. */
export const Int64 = named('int64', lj.int)
/** Go `[]byte` as padded base64 (ChainReadObj, randomness). */
export const Bytes = named('[]byte', lj.bytes)
/** Go `interface{}` / decoded actor state: passed through as JSON. */
export const RawJson = named('interface{}', lj.raw)
export const Nothing = named('error', lj.none)

export const Address = named<AddressValue>('Address', addressJson)
/** An address that may be Go's `address.Undef`, printed `"<empty>"` (MinerInfo.NewWorker with no change pending). */
export const UndefAddress = named<AddressValue | null>('Address', {
  toJson: (a) => a === null ? '<empty>' : addressJson.toJson(a),
  fromJson: (json, path) => json === '<empty>' ? null : addressJson.fromJson(json, path)
})
export const Cid = named<CidValue>('Cid', cidJson)
export const TokenAmount = named<Amount>('TokenAmount', tokenAmountJson)
/** big.Int: storage power, deal weight. */
export const BigInteger = named<bigint>('BigInt', bigIntJson)

export const ChainEpoch = named<Epoch>('ChainEpoch', brandedInt<Epoch>(lj.int))
export const SectorNumber = named<SectorNumberValue>('SectorNumber', brandedInt<SectorNumberValue>(lj.uint))
export const DealId = named<DealIdValue>('DealID', brandedInt<DealIdValue>(lj.uint))
/** abi.PaddedPieceSize as a JSON number; decoded as Lotus does, without checking it is a power of two. */
export const PaddedPieceSize = named<PaddedPieceSizeValue>('PaddedPieceSize', brandedInt<PaddedPieceSizeValue>(lj.uint))
/** abi.SectorSize in bytes (2048 … 68719476736). */
export const SectorSize = named('SectorSize', lj.uint)
/** abi.RegisteredSealProof number. */
export const RegisteredSealProof = named('RegisteredSealProof', lj.int)
/** abi.RegisteredPoStProof number. */
export const RegisteredPoStProof = named('RegisteredPoStProof', lj.int)
/** network.Version. */
export const NetworkVersion = named('NetworkVersion', lj.uint)
/** crypto.DomainSeparationTag (int64). */
export const DomainSeparationTag = named('DomainSeparationTag', lj.int)
/** verifreg.AllocationId (uint64). */
export const AllocationId = named('AllocationId', lj.uint)
/** peer.ID in its base58 / CID text form (`12D3KooW…`). */
export const PeerId = named('peer.ID', lj.string)
/** A multiaddr in text form (`/ip4/127.0.0.1/tcp/1234`), as peer.AddrInfo prints it. */
export const Multiaddr = named('Multiaddr', lj.string)
/** abi.Multiaddrs: a multiaddr's binary form as base64, as MinerInfo stores it. */
export const MultiaddrBytes = named('Multiaddrs', lj.bytes)

export const BitField = named<BitFieldValue>('BitField', {
  toJson: (b) => b.toJson(),
  fromJson: (json, path) => BitFieldValue.fromJson(json, path)
})

export const Message = named<MessageValue>('Message', messageJson)
export const SignedMessage = named<SignedMessageValue>('SignedMessage', signedMessageJson)
export const Signature = named<SignatureValue>('Signature', signatureJson)

/** types.KeyType: the wallet key types Nelumbo makes. */
export const KeyType = named('KeyType', lj.stringEnum('key type', ['secp256k1', 'bls'] as const))

export const KeyInfo = named<KeyInfoValue>('KeyInfo', {
  toJson: (ki) => keyInfoToLotusJson(ki),
  fromJson: (json, path) => keyInfoFromLotusJson(json, path)
})
