import type { Address } from '../../core/address/index.js'
import { decodeCbor, encodeCbor, tuple, type CborCodec } from '../../core/cbor/index.js'
import { address, array, bigInt, cid, int, nullable, tokenAmount, uint } from '../../core/cbor/scalars.js'
import { cborCid, type CID } from '../../core/cid.js'
import type { Signature } from '../../core/crypto/index.js'
import { signatureCbor } from '../../core/message/index.js'
import type { ChainEpoch, TokenAmount } from '../../core/types.js'
import { beaconEntryCbor, type BeaconEntry } from './beacon.js'
import { postProofCbor, type PoStProof } from './post-proof.js'
import { electionProofCbor, ticketCbor, type ElectionProof, type Ticket } from './ticket.js'

/** cbor-gen's limit on the header's slices (`cbg.MaxLength`). */
const MaxSliceLength = 8192

/**
 * A block header (lotus chain/types.BlockHeader), field names and order as Lotus. Fields
 * marked "tipset" are identical for all blocks of one tipset.
 */
export interface BlockHeader {
  Miner: Address
  Ticket: Ticket | null
  ElectionProof: ElectionProof | null
  /** tipset */
  BeaconEntries: BeaconEntry[]
  WinPoStProof: PoStProof[]
  /** tipset: the parent tipset's block CIDs, in its key order */
  Parents: CID[]
  /** tipset: the parent tipset's weight */
  ParentWeight: bigint
  /** tipset */
  Height: ChainEpoch
  /** tipset: state after executing the parent tipset */
  ParentStateRoot: CID
  /** tipset: AMT of the receipts of the parent tipset's messages */
  ParentMessageReceipts: CID
  /** this block's MsgMeta */
  Messages: CID
  /** Aggregate of the BLS messages' signatures */
  BLSAggregate: Signature | null
  /** tipset: Unix seconds (uint64) */
  Timestamp: number
  BlockSig: Signature | null
  /** uint64, unused by the protocol */
  ForkSignaling: number
  /** tipset: base fee after executing the parent tipset */
  ParentBaseFee: TokenAmount
}

const chainEpoch = int as unknown as CborCodec<ChainEpoch>

/** The header as a 16-field CBOR tuple, exactly as cbor-gen writes and reads it. */
export const blockHeaderCbor: CborCodec<BlockHeader> = tuple('BlockHeader', {
  Miner: address,
  Ticket: nullable(ticketCbor),
  ElectionProof: nullable(electionProofCbor),
  BeaconEntries: array(beaconEntryCbor, MaxSliceLength),
  WinPoStProof: array(postProofCbor, MaxSliceLength),
  Parents: array(cid, MaxSliceLength),
  ParentWeight: bigInt,
  Height: chainEpoch,
  ParentStateRoot: cid,
  ParentMessageReceipts: cid,
  Messages: cid,
  BLSAggregate: nullable(signatureCbor),
  Timestamp: uint,
  BlockSig: nullable(signatureCbor),
  ForkSignaling: uint,
  ParentBaseFee: tokenAmount
})

/** The header's CBOR bytes (Lotus `BlockHeader.Serialize`). */
export function serializeBlockHeader (header: BlockHeader): Uint8Array {
  return encodeCbor(blockHeaderCbor, header)
}

/** Reads a header's CBOR bytes (Lotus `types.DecodeBlock`); trailing bytes are rejected. */
export function decodeBlockHeader (bytes: Uint8Array, source?: string): BlockHeader {
  return decodeCbor(blockHeaderCbor, bytes, source ?? 'BlockHeader')
}

/** The header's CID: CIDv1 dag-cbor blake2b-256 of its CBOR bytes (Lotus `BlockHeader.Cid`). */
export function blockHeaderCid (header: BlockHeader): CID {
  return cborCid(serializeBlockHeader(header))
}

/** What the miner signs: the header serialized with BlockSig nil (Lotus `SigningBytes`). */
export function blockHeaderSigningBytes (header: BlockHeader): Uint8Array {
  return serializeBlockHeader({ ...header, BlockSig: null })
}
