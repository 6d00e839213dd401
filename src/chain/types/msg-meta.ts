import { decodeCbor, encodeCbor, tuple, type CborCodec } from '../../core/cbor/index.js'
import { cid } from '../../core/cbor/scalars.js'
import { cborCid, type CID } from '../../core/cid.js'
import { getBlock, putBlock, type Blockstore } from '../../core/ipld/index.js'
import { fieldPath, isJsonObject, jsonTypeError, type LotusJsonCodec } from '../../core/lotus-json/codec.js'
import { cidJson } from '../../core/lotus-json/index.js'
import { putAmt0, readAmt0Cids } from './amt0.js'

/** A block's messages (lotus chain/types.MsgMeta): roots of two v0 AMTs of message CIDs. */
export interface MsgMeta {
  BlsMessages: CID
  SecpkMessages: CID
}

export const msgMetaCbor: CborCodec<MsgMeta> = tuple('MsgMeta', { BlsMessages: cid, SecpkMessages: cid })

export const msgMetaJson: LotusJsonCodec<MsgMeta> = {
  toJson: (m) => ({ BlsMessages: cidJson.toJson(m.BlsMessages), SecpkMessages: cidJson.toJson(m.SecpkMessages) }),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw jsonTypeError('a MsgMeta object', json, path)
    return {
      BlsMessages: cidJson.fromJson(json.BlsMessages, fieldPath(path, 'BlsMessages')),
      SecpkMessages: cidJson.fromJson(json.SecpkMessages, fieldPath(path, 'SecpkMessages'))
    }
  }
}

export function serializeMsgMeta (meta: MsgMeta): Uint8Array {
  return encodeCbor(msgMetaCbor, meta)
}

export function decodeMsgMeta (bytes: Uint8Array, source?: string): MsgMeta {
  return decodeCbor(msgMetaCbor, bytes, source ?? 'MsgMeta')
}

export function msgMetaCid (meta: MsgMeta): CID {
  return cborCid(serializeMsgMeta(meta))
}

/**
 * Builds a block's MsgMeta from its BLS message CIDs (unsigned messages) and secp256k1 ones
 * (signed messages), stores both AMTs and the MsgMeta in `store`, and returns the MsgMeta CID
 * a header's `Messages` field must carry (Lotus `computeMsgMeta`).
 */
export async function computeMsgMeta (store: Blockstore, blsMessages: readonly CID[], secpkMessages: readonly CID[]): Promise<CID> {
  const meta: MsgMeta = {
    BlsMessages: await putAmt0(store, blsMessages),
    SecpkMessages: await putAmt0(store, secpkMessages)
  }
  return await putBlock(store, serializeMsgMeta(meta))
}

/** The BLS and secp256k1 message CIDs a MsgMeta lists, in block order. */
export async function readMsgMeta (store: Blockstore, root: CID): Promise<{ bls: CID[], secpk: CID[] }> {
  const where = `MsgMeta ${root.toString()}`
  const meta = decodeMsgMeta(await getBlock(store, root, where), where)
  return {
    bls: await readAmt0Cids(store, meta.BlsMessages, `${where}.BlsMessages`),
    secpk: await readAmt0Cids(store, meta.SecpkMessages, `${where}.SecpkMessages`)
  }
}
