import type { Address } from '../../core/address/index.js'
import { decodeCborValue } from '../../core/cbor/index.js'
import type { CID } from '../../core/cid.js'
import { InvalidInputError } from '../../core/errors.js'
import { getBlock, putBlock, type Blockstore } from '../../core/ipld/index.js'
import {
  decodeMessage, decodeSignedMessage, messageCid, serializeMessage, serializeSignedMessage, signedMessageCid,
  type Message, type SignedMessage
} from '../../core/message/index.js'
import { SigType } from '../../core/crypto/index.js'
import { computeMsgMeta, readMsgMeta, type BlockHeader, type TipSet } from '../types/index.js'

/** A message as the chain holds it: BLS messages unsigned (`signed` null), others signed. */
export interface ChainMessage {
  cid: CID
  message: Message
  signed: SignedMessage | null
}

/** One block's messages in block order (what ChainGetBlockMessages returns). */
export interface BlockMessages {
  bls: Message[]
  secpk: SignedMessage[]
  blsCids: CID[]
  secpkCids: CID[]
}

/**
 * Stores a message under the CID the chain knows it by: a BLS-signed message as its unsigned
 * message (the signature lives in the block's aggregate), anything else signed as-is.
 */
export async function putChainMessage (store: Blockstore, msg: Message | SignedMessage): Promise<CID> {
  if ('Signature' in msg) {
    if (msg.Signature.type === SigType.BLS) return await putBlock(store, serializeMessage(msg.Message))
    return await putBlock(store, serializeSignedMessage(msg))
  }
  return await putBlock(store, serializeMessage(msg))
}

/** Reads a message by CID: an unsigned message (10-tuple) or a signed one (2-tuple). */
export async function getChainMessage (store: Blockstore, cid: CID): Promise<ChainMessage> {
  const where = `message ${cid.toString()}`
  const bytes = await getBlock(store, cid, where)
  const value = decodeCborValue(bytes, where)
  if (Array.isArray(value) && value.length === 2) {
    const signed = decodeSignedMessage(bytes, where)
    return { cid, message: signed.Message, signed }
  }
  return { cid, message: decodeMessage(bytes, where), signed: null }
}

/**
 * Stores a block's messages and its MsgMeta; returns the MsgMeta CID for the header's
 * `Messages`. `bls` may be given signed; only the unsigned messages are kept.
 */
export async function putBlockMessages (store: Blockstore, bls: ReadonlyArray<Message | SignedMessage>, secpk: readonly SignedMessage[]): Promise<CID> {
  const blsCids: CID[] = []
  for (const m of bls) blsCids.push(await putBlock(store, serializeMessage('Signature' in m ? m.Message : m)))
  const secpkCids: CID[] = []
  for (const m of secpk) secpkCids.push(await putChainMessage(store, m))
  return await computeMsgMeta(store, blsCids, secpkCids)
}

/** Loads the messages a header's MsgMeta lists. */
export async function getBlockMessages (store: Blockstore, header: BlockHeader): Promise<BlockMessages> {
  const { bls: blsCids, secpk: secpkCids } = await readMsgMeta(store, header.Messages)
  const bls: Message[] = []
  for (const c of blsCids) bls.push(decodeMessage(await getBlock(store, c, `BLS message ${c.toString()}`), `BLS message ${c.toString()}`))
  const secpk: SignedMessage[] = []
  for (const c of secpkCids) secpk.push(decodeSignedMessage(await getBlock(store, c, `secp message ${c.toString()}`), `secp message ${c.toString()}`))
  return { bls, secpk, blsCids, secpkCids }
}

/** Turns a sender address into the key nonces are tracked under (an ID address resolver). */
export type SenderKey = (from: Address) => string | Promise<string>

/**
 * The messages a tipset executes, in order (Lotus `MessagesForTipset`): for each block in
 * tipset order, its BLS then its secp messages, keeping a message only if its nonce is the next
 * one for its sender. That drops duplicates included by several blocks. `senderKey` should
 * resolve robust addresses to IDs (as Lotus does after Hyperdrive); by default the address
 * string is the key.
 */
export async function messagesForTipset (store: Blockstore, ts: TipSet, senderKey: SenderKey = (a) => a.toString()): Promise<ChainMessage[]> {
  const next = new Map<string, bigint>()
  const out: ChainMessage[] = []
  const select = async (m: ChainMessage): Promise<void> => {
    const sender = await senderKey(m.message.From)
    const expected = next.get(sender) ?? m.message.Nonce
    if (m.message.Nonce !== expected) return
    next.set(sender, expected + 1n)
    out.push(m)
  }
  for (const header of ts.blocks) {
    const bm = await getBlockMessages(store, header)
    for (let i = 0; i < bm.bls.length; i++) await select({ cid: bm.blsCids[i]!, message: bm.bls[i]!, signed: null })
    for (let i = 0; i < bm.secpk.length; i++) await select({ cid: bm.secpkCids[i]!, message: bm.secpk[i]!.Message, signed: bm.secpk[i]! })
  }
  return out
}

/** Checks that a full block's messages produce the MsgMeta its header names. */
export function checkMsgMeta (header: BlockHeader, computed: CID): void {
  if (header.Messages.toString() !== computed.toString()) {
    throw new InvalidInputError('ERR_MSGMETA_MISMATCH', `block's messages give MsgMeta ${computed.toString()} but its header says ${header.Messages.toString()}`, { value: computed, source: 'FullBlock.Messages' })
  }
}

/** The CID a message has on chain (BLS-signed ones are known by their unsigned message). */
export function chainMessageCid (msg: Message | SignedMessage): CID {
  return 'Signature' in msg ? signedMessageCid(msg) : messageCid(msg)
}
