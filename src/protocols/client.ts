/**
 * The client side of the storage provider protocols: one CBOR request out, one CBOR answer in,
 * within the 60 s Boost gives a client to read the answer.
 */
import type { Stream } from '@libp2p/interface'
import type { Address } from '../core/address/index.js'
import { decodeCbor, encodeCbor } from '../core/cbor/index.js'
import { type SignedStorageAsk, askRequestCbor, askResponseCbor } from './ask.js'
import { readCborMessage, writeCborMessage } from './cbor-framing.js'
import {
  type DealParams, type DealResponse, type DealStatusRequest, type DealStatusResponse,
  dealParamsCbor, dealResponseCbor, dealStatusRequestCbor, dealStatusResponseCbor
} from './deals.js'

const CLIENT_READ_MS = 60_000
const MAX_MESSAGE = 1 << 20

/** What the provider at the other end of `stream` asks for `miner` (null: not its miner, or no ask). */
export async function queryAskOverStream (stream: Stream, miner: Address): Promise<SignedStorageAsk | null> {
  await writeCborMessage(stream, encodeCbor(askRequestCbor, { Miner: miner }))
  const raw = await readCborMessage(stream, { maxBytes: MAX_MESSAGE, timeoutMs: CLIENT_READ_MS, what: `AskResponse for ${miner.toString()}` })
  await stream.close()
  return decodeCbor(askResponseCbor, raw, `AskResponse for ${miner.toString()}`).Ask
}

/** Proposes a deal; the answer says whether the provider accepted it. */
export async function proposeDealOverStream (stream: Stream, params: DealParams): Promise<DealResponse> {
  await writeCborMessage(stream, encodeCbor(dealParamsCbor, params))
  const raw = await readCborMessage(stream, { maxBytes: MAX_MESSAGE, timeoutMs: CLIENT_READ_MS, what: 'DealResponse' })
  await stream.close()
  return decodeCbor(dealResponseCbor, raw, 'DealResponse')
}

/** A deal's status, asked with the client's signature over the deal UUID. */
export async function dealStatusOverStream (stream: Stream, req: DealStatusRequest): Promise<DealStatusResponse> {
  await writeCborMessage(stream, encodeCbor(dealStatusRequestCbor, req))
  const raw = await readCborMessage(stream, { maxBytes: MAX_MESSAGE, timeoutMs: CLIENT_READ_MS, what: 'DealStatusResponse' })
  await stream.close()
  return decodeCbor(dealStatusResponseCbor, raw, 'DealStatusResponse')
}
