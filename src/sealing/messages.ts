/**
 * Miner actor messages the pipeline sends, with builtin-actors' method numbers and tuple
 * params: PreCommitSectorBatch2 (28, one sector per message until batching lands),
 * ProveCommitSector (7) and TerminateSectors (9, batched: terminate-batch.ts).
 */
import { BitField } from '../core/bitfield/index.js'
import { encodeCborValue } from '../core/cbor/index.js'
import type { CID } from '../core/cid.js'
import type { Address } from '../core/address/index.js'
import type { Message } from '../core/message/index.js'
import type { MethodNum, TokenAmount } from '../core/types.js'

export const MinerMethod = {
  ProveCommitSector: 7n as MethodNum,
  TerminateSectors: 9n as MethodNum,
  PreCommitSectorBatch2: 28n as MethodNum
} as const

/** miner.SectorPreCommitInfo (v9+, with UnsealedCid). */
export interface PreCommitParams {
  SealProof: number
  SectorNumber: number
  SealedCID: CID
  SealRandEpoch: number
  DealIDs: readonly number[]
  Expiration: number
  /** CommD; null for a sector without deals (the actor takes the zero commitment). */
  UnsealedCid: CID | null
}

/** PreCommitSectorBatch2Params `{Sectors: [SectorPreCommitInfo]}`. */
export function encodePreCommitBatch2 (sectors: readonly PreCommitParams[]): Uint8Array {
  return encodeCborValue([sectors.map((s) => [
    s.SealProof, s.SectorNumber, s.SealedCID, s.SealRandEpoch, [...s.DealIDs], s.Expiration, s.UnsealedCid
  ])])
}

/** ProveCommitSectorParams `{SectorNumber, Proof}`. */
export function encodeProveCommitSector (sectorNumber: number, proof: Uint8Array): Uint8Array {
  return encodeCborValue([sectorNumber, proof])
}

/** One TerminateSectors declaration: sectors of one deadline's partition. */
export interface TerminationDeclaration { Deadline: number, Partition: number, Sectors: readonly number[] }

/** TerminateSectorsParams `{Terminations: [{Deadline, Partition, Sectors}]}`. */
export function encodeTerminateSectors (terminations: readonly TerminationDeclaration[]): Uint8Array {
  return encodeCborValue([terminations.map((t) => [t.Deadline, t.Partition, BitField.fromArray([...t.Sectors]).encode()])])
}

/** An unsigned message for MpoolPushMessage (nonce and gas filled in by the node). */
export function minerMessage (from: Address, to: Address, method: MethodNum, params: Uint8Array, value: TokenAmount): Message {
  return {
    Version: 0,
    To: to,
    From: from,
    Nonce: 0n,
    Value: value,
    GasLimit: 0n,
    GasFeeCap: 0n as TokenAmount,
    GasPremium: 0n as TokenAmount,
    Method: method,
    Params: params
  }
}
