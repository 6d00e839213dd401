/**
 * What the `lotus-miner actor` commands that move money or keys share: a message to the miner
 * actor for the full node's MpoolPushMessage, waiting for it as Lotus does (StateWaitMsg with
 * `build.MessageConfidence`), and FIL amounts parsed with the argument named on error.
 */
import type { Address } from '../../core/address/index.js'
import type { CID } from '../../core/cid.js'
import { NelumboError } from '../../core/errors.js'
import type { Message } from '../../core/message/index.js'
import { parseFil } from '../../core/token/index.js'
import { type ChainEpoch, methodNum, type TokenAmount } from '../../core/types.js'
import type { MsgLookup } from '../../api/fullnode/types/api.js'
import type { FullNodeApi } from '../lotus/full-api.js'

/** Lotus `build.MessageConfidence`. */
export const MessageConfidence = 5
const LookbackNoLimit = -1 as ChainEpoch

/** A message to the miner actor; the node fills in nonce and gas. */
export function actorMessage (from: Address, to: Address, method: number, params: Uint8Array, value = 0n as TokenAmount): Message {
  return {
    Version: 0,
    To: to,
    From: from,
    Nonce: 0n,
    Value: value,
    GasLimit: 0n,
    GasFeeCap: 0n as TokenAmount,
    GasPremium: 0n as TokenAmount,
    Method: methodNum(method),
    Params: params
  }
}

/** StateWaitMsg with no lookback limit; a message the node cannot find is an error. */
export async function waitMsg (full: Pick<FullNodeApi, 'StateWaitMsg'>, cid: CID, confidence = MessageConfidence): Promise<MsgLookup> {
  const lookup = await full.StateWaitMsg(cid, confidence, LookbackNoLimit, true)
  if (lookup === null) throw new NelumboError('ERR_NOT_FOUND', `message ${cid.toString()} was not found on chain`)
  return lookup
}

/** Lotus `types.ParseFIL` of the `amount` argument. */
export function amountArg (text: string): TokenAmount {
  try {
    return parseFil(text, 'amount')
  } catch (err) {
    throw new NelumboError('ERR_INVALID_ARGS', `parsing 'amount' argument: ${(err as Error).message}`, { cause: err })
  }
}
