import * as lj from '../../codecs/index.js'
import {
  type BeaconEntry as BeaconEntryValue, type BlockHeader as BlockHeaderValue, type BlockMsg as BlockMsgValue,
  type ElectionProof as ElectionProofValue, type HeadChange as HeadChangeValue, type PoStProof as PoStProofValue,
  type Ticket as TicketValue, type TipSet as TipSetValue, type TipSetKey as TipSetKeyValue,
  beaconEntryJson, blockHeaderJson, blockMsgJson, electionProofJson, headChangeJson, postProofJson, ticketJson,
  tipSetJson, tipSetKeyJson
} from '../../../chain/types/index.js'
import { type Actor as ActorValue, actorJson } from '../../../chain/state/actor.js'
import { type MessageReceipt as MessageReceiptValue, messageReceiptJson } from '../../../chain/vm/receipt.js'
import { named, slice } from './named.js'
import { Cid, Message, SignedMessage } from './scalars.js'

// Chain types the FullNode API carries. The codecs live with the types in src/chain/; here
// they get their Lotus names for the generated docs.

/**
 * types.TipSetKey as a parameter: a JSON array of block CIDs. `null` and `[]` both mean the
 * current head, as Lotus accepts them.
 */
export const TipSetKey = named<TipSetKeyValue>('TipSetKey', tipSetKeyJson)
export const TipSet = named<TipSetValue>('TipSet', tipSetJson)
export const BlockHeader = named<BlockHeaderValue>('BlockHeader', blockHeaderJson)
export const HeadChange = named<HeadChangeValue>('HeadChange', headChangeJson)
export const BlockMsg = named<BlockMsgValue>('BlockMsg', blockMsgJson)
export const BeaconEntry = named<BeaconEntryValue>('BeaconEntry', beaconEntryJson)
export const Ticket = named<TicketValue>('Ticket', ticketJson)
export const ElectionProof = named<ElectionProofValue>('ElectionProof', electionProofJson)
export const PoStProof = named<PoStProofValue>('PoStProof', postProofJson)
export const Actor = named<ActorValue>('Actor', actorJson)
export const MessageReceipt = named<MessageReceiptValue>('MessageReceipt', messageReceiptJson)

/** api.BlockMessages: a block's BLS and secp messages and all their CIDs, BLS first. */
export const BlockMessages = named('BlockMessages', lj.struct({
  BlsMessages: slice(Message),
  SecpkMessages: slice(SignedMessage),
  Cids: slice(Cid)
}))

/** api.Message: a message with its CID (ChainGetParentMessages, ChainGetMessagesInTipset). */
export const CidMessage = named('api.Message', lj.struct({ Cid, Message }))

export type BlockMessages = lj.TypeOf<typeof BlockMessages>
export type CidMessage = lj.TypeOf<typeof CidMessage>
