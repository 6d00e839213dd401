import { blake2b } from '@noble/hashes/blake2.js'
import { tuple, type CborCodec } from '../../core/cbor/index.js'
import { bytes, int } from '../../core/cbor/scalars.js'
import { fieldPath, isJsonObject, jsonTypeError, type LotusJsonCodec } from '../../core/lotus-json/codec.js'
import { bytesJson } from '../../core/lotus-json/index.js'
import { intJson } from './json.js'

/** cbor-gen's limit on VRF proof byte strings (2 MiB, `cbg.ByteArrayMaxLen`). */
const MaxVrfProofLength = 2 << 20

/** A block's ticket (lotus chain/types.Ticket): the VRF output that seeds the next epoch. */
export interface Ticket {
  VRFProof: Uint8Array
}

/** Proof that a miner won the election at an epoch (lotus chain/types.ElectionProof). */
export interface ElectionProof {
  /** Number of wins in this epoch (int64; small in practice). */
  WinCount: number
  VRFProof: Uint8Array
}

export const ticketCbor: CborCodec<Ticket> = tuple('Ticket', { VRFProof: bytes(MaxVrfProofLength) })

export const electionProofCbor: CborCodec<ElectionProof> = tuple('ElectionProof', {
  WinCount: int,
  VRFProof: bytes(MaxVrfProofLength)
})

export const ticketJson: LotusJsonCodec<Ticket> = {
  toJson: (t) => ({ VRFProof: bytesJson.toJson(t.VRFProof) }),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw jsonTypeError('a ticket object {"VRFProof": "<base64>"}', json, path)
    return { VRFProof: bytesJson.fromJson(json.VRFProof ?? null, fieldPath(path, 'VRFProof')) }
  }
}

export const electionProofJson: LotusJsonCodec<ElectionProof> = {
  toJson: (e) => ({ WinCount: e.WinCount, VRFProof: bytesJson.toJson(e.VRFProof) }),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw jsonTypeError('an election proof object {"WinCount": n, "VRFProof": "<base64>"}', json, path)
    return {
      WinCount: intJson.fromJson(json.WinCount ?? 0, fieldPath(path, 'WinCount')),
      VRFProof: bytesJson.fromJson(json.VRFProof ?? null, fieldPath(path, 'VRFProof'))
    }
  }
}

/** blake2b-256 of the VRF proof: what tipsets order their blocks by (Lotus `Ticket.Less`). */
export function ticketDigest (ticket: Ticket): Uint8Array {
  return blake2b(ticket.VRFProof, { dkLen: 32 })
}

/** Negative when `a` sorts before `b` as Lotus `Ticket.Less` orders them, zero when equal. */
export function compareTickets (a: Ticket, b: Ticket): number {
  return Buffer.compare(ticketDigest(a), ticketDigest(b))
}
