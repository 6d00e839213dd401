// Chain types: block headers, messages metadata, tipsets and head changes, with the CBOR and
// Lotus JSON forms Lotus uses for each.
export { InvalidTipSetError, InvalidTipSetKeyError } from './errors.js'
export {
  type Ticket, type ElectionProof, ticketCbor, electionProofCbor, ticketJson, electionProofJson, ticketDigest, compareTickets
} from './ticket.js'
export { type BeaconEntry, beaconEntryCbor, beaconEntryJson } from './beacon.js'
export { type PoStProof, postProofCbor, postProofJson } from './post-proof.js'
export {
  type BlockHeader, blockHeaderCbor, serializeBlockHeader, decodeBlockHeader, blockHeaderCid, blockHeaderSigningBytes
} from './block-header.js'
export { blockHeaderJson } from './block-header-json.js'
export {
  type MsgMeta, msgMetaCbor, msgMetaJson, serializeMsgMeta, decodeMsgMeta, msgMetaCid, computeMsgMeta, readMsgMeta
} from './msg-meta.js'
export { putAmt0, readAmt0, readAmt0Cids } from './amt0.js'
export {
  type BlockMsg, type FullBlock, blockMsgCbor, serializeBlockMsg, decodeBlockMsg, blockMsgCid, blockMsgJson, fullBlockJson
} from './block-msg.js'
export { TipSetKey, tipSetKeyCbor, tipSetKeyJson } from './tipset-key.js'
export { TipSet } from './tipset.js'
export { tipSetCbor, tipSetJson } from './tipset-codecs.js'
export { type HeadChange, type HeadChangeType, headChangeJson } from './head-change.js'
