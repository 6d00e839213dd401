import { decodeCbor, encodeCbor, tuple, type CborCodec } from '../../core/cbor/index.js'
import { array, cid, nullable } from '../../core/cbor/scalars.js'
import type { CID } from '../../core/cid.js'
import { fieldPath, isJsonObject, jsonTypeError, type LotusJsonCodec } from '../../core/lotus-json/codec.js'
import { cidJson, messageJson, signedMessageJson } from '../../core/lotus-json/index.js'
import type { Message, SignedMessage } from '../../core/message/index.js'
import { blockHeaderCbor, blockHeaderCid, type BlockHeader } from './block-header.js'
import { blockHeaderJson } from './block-header-json.js'
import { pointerJson, sliceJson } from './json.js'

/** A block as gossiped and submitted (lotus chain/types.BlockMsg): header plus message CIDs. */
export interface BlockMsg {
  /** Go's `*BlockHeader`; null only in malformed input. */
  Header: BlockHeader | null
  BlsMessages: CID[]
  SecpkMessages: CID[]
}

/** A header with its messages themselves (lotus chain/types.FullBlock). */
export interface FullBlock {
  Header: BlockHeader
  BlsMessages: Message[]
  SecpkMessages: SignedMessage[]
}

export const blockMsgCbor: CborCodec<BlockMsg> = tuple('BlockMsg', {
  Header: nullable(blockHeaderCbor),
  BlsMessages: array(cid, 8192),
  SecpkMessages: array(cid, 8192)
})

export function serializeBlockMsg (bm: BlockMsg): Uint8Array {
  return encodeCbor(blockMsgCbor, bm)
}

/** Reads a BlockMsg (Lotus `DecodeBlockMsg`): extraneous trailing bytes are rejected. */
export function decodeBlockMsg (bytes: Uint8Array, source?: string): BlockMsg {
  return decodeCbor(blockMsgCbor, bytes, source ?? 'BlockMsg')
}

/** A BlockMsg's CID is its header's. */
export function blockMsgCid (bm: BlockMsg & { Header: BlockHeader }): CID {
  return blockHeaderCid(bm.Header)
}

const cids = sliceJson(cidJson)

export const blockMsgJson: LotusJsonCodec<BlockMsg> = {
  toJson: (bm) => ({
    Header: pointerJson(blockHeaderJson).toJson(bm.Header),
    BlsMessages: cids.toJson(bm.BlsMessages),
    SecpkMessages: cids.toJson(bm.SecpkMessages)
  }),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw jsonTypeError('a block message object {"Header", "BlsMessages", "SecpkMessages"}', json, path)
    return {
      Header: blockHeaderJson.fromJson(json.Header, fieldPath(path, 'Header')),
      BlsMessages: cids.fromJson(json.BlsMessages, fieldPath(path, 'BlsMessages')),
      SecpkMessages: cids.fromJson(json.SecpkMessages, fieldPath(path, 'SecpkMessages'))
    }
  }
}

const blsMessages = sliceJson(messageJson)
const secpkMessages = sliceJson(signedMessageJson)

export const fullBlockJson: LotusJsonCodec<FullBlock> = {
  toJson: (fb) => ({
    Header: blockHeaderJson.toJson(fb.Header),
    BlsMessages: blsMessages.toJson(fb.BlsMessages),
    SecpkMessages: secpkMessages.toJson(fb.SecpkMessages)
  }),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw jsonTypeError('a full block object {"Header", "BlsMessages", "SecpkMessages"}', json, path)
    return {
      Header: blockHeaderJson.fromJson(json.Header, fieldPath(path, 'Header')),
      BlsMessages: blsMessages.fromJson(json.BlsMessages, fieldPath(path, 'BlsMessages')),
      SecpkMessages: secpkMessages.fromJson(json.SecpkMessages, fieldPath(path, 'SecpkMessages'))
    }
  }
}
