import { fieldPath, isJsonObject, jsonTypeError, type LotusJsonCodec } from '../../core/lotus-json/codec.js'
import { addressJson, bigIntJson, cidJson, signatureJson, tokenAmountJson } from '../../core/lotus-json/index.js'
import type { ChainEpoch } from '../../core/types.js'
import { beaconEntryJson } from './beacon.js'
import type { BlockHeader } from './block-header.js'
import { intJson, pointerJson, sliceJson, uintJson } from './json.js'
import { postProofJson } from './post-proof.js'
import { electionProofJson, ticketJson } from './ticket.js'

const ticket = pointerJson(ticketJson)
const electionProof = pointerJson(electionProofJson)
const signature = pointerJson(signatureJson)
const beaconEntries = sliceJson(beaconEntryJson)
const postProofs = sliceJson(postProofJson)
const cids = sliceJson(cidJson)

/**
 * A block header as Lotus's JSON API prints it (ChainGetBlock, the Blocks of a TipSet).
 * Absent optional fields read as Go's zero values; the CIDs and Miner must be present.
 */
export const blockHeaderJson: LotusJsonCodec<BlockHeader> = {
  toJson: (h) => ({
    Miner: addressJson.toJson(h.Miner),
    Ticket: ticket.toJson(h.Ticket),
    ElectionProof: electionProof.toJson(h.ElectionProof),
    BeaconEntries: beaconEntries.toJson(h.BeaconEntries),
    WinPoStProof: postProofs.toJson(h.WinPoStProof),
    Parents: cids.toJson(h.Parents),
    ParentWeight: bigIntJson.toJson(h.ParentWeight),
    Height: h.Height,
    ParentStateRoot: cidJson.toJson(h.ParentStateRoot),
    ParentMessageReceipts: cidJson.toJson(h.ParentMessageReceipts),
    Messages: cidJson.toJson(h.Messages),
    BLSAggregate: signature.toJson(h.BLSAggregate),
    Timestamp: h.Timestamp,
    BlockSig: signature.toJson(h.BlockSig),
    ForkSignaling: h.ForkSignaling,
    ParentBaseFee: tokenAmountJson.toJson(h.ParentBaseFee)
  }),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw jsonTypeError('a block header object', json, path)
    const field = <T>(key: string, codec: LotusJsonCodec<T>, zero: unknown): T => {
      const v = json[key]
      return codec.fromJson(v === undefined ? zero : v, fieldPath(path, key))
    }
    return {
      Miner: field('Miner', addressJson, undefined),
      Ticket: field('Ticket', ticket, null),
      ElectionProof: field('ElectionProof', electionProof, null),
      BeaconEntries: field('BeaconEntries', beaconEntries, null),
      WinPoStProof: field('WinPoStProof', postProofs, null),
      Parents: field('Parents', cids, null),
      ParentWeight: field('ParentWeight', bigIntJson, '0'),
      Height: field('Height', intJson, 0) as ChainEpoch,
      ParentStateRoot: field('ParentStateRoot', cidJson, undefined),
      ParentMessageReceipts: field('ParentMessageReceipts', cidJson, undefined),
      Messages: field('Messages', cidJson, undefined),
      BLSAggregate: field('BLSAggregate', signature, null),
      Timestamp: field('Timestamp', uintJson, 0),
      BlockSig: field('BlockSig', signature, null),
      ForkSignaling: field('ForkSignaling', uintJson, 0),
      ParentBaseFee: field('ParentBaseFee', tokenAmountJson, '0')
    }
  }
}
