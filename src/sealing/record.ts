/**
 * The sector record (Lotus pipeline `SectorInfo`): everything the pipeline knows about one
 * sector, persisted under `/sectors/<n>` as DAG-CBOR of its Lotus-JSON form (CIDs as `{"/": …}`,
 * bytes as base64, amounts as decimal strings), so a dump of the datastore reads without code.
 */
import { decodeCborValue, encodeCborValue } from '../core/cbor/index.js'
import type { CID } from '../core/cid.js'
import type { SectorNumber, TokenAmount, ChainEpoch } from '../core/types.js'
import * as lj from '../api/codecs/index.js'
import { SectorPiece, SectorStateJson, type SectorState } from '../api/sealing.js'
import { Bytes, ChainEpoch as EpochJson, Cid, RegisteredSealProof, SectorNumber as SectorNumberJson, TokenAmount as AmountJson } from '../api/fullnode/types/scalars.js'

export interface SectorRecord {
  SectorNumber: SectorNumber
  State: SectorState
  SectorType: number
  /** Unix seconds when the first deal piece was assigned (starts the WaitDealsDelay clock); 0 before. */
  CreationTime: number
  /** Pieces in sector order: alignment pads and fillers have DealInfo null. */
  Pieces: SectorPiece[]
  TicketValue: Uint8Array | null
  TicketEpoch: ChainEpoch
  PreCommit1Out: Uint8Array | null
  CommD: CID | null
  CommR: CID | null
  PreCommitMessage: CID | null
  PreCommitDeposit: TokenAmount
  /** Expiration declared in the PreCommit (kept so a resend declares the same). */
  Expiration: ChainEpoch
  SeedValue: Uint8Array | null
  SeedEpoch: ChainEpoch
  Proof: Uint8Array | null
  CommitMessage: CID | null
  PreCommit2Fails: number
  Retries: number
  LastErr: string
  /** The state a RecoverDealIDs detour returns to. */
  ReturnState: SectorState | null
  TerminateMessage: CID | null
  TerminatedAt: ChainEpoch
  /** Index of the next event-log row. */
  LogNext: number
}

const Json = lj.struct({
  SectorNumber: SectorNumberJson,
  State: SectorStateJson,
  SectorType: RegisteredSealProof,
  CreationTime: lj.int,
  Pieces: lj.array(SectorPiece),
  TicketValue: lj.nullable(Bytes),
  TicketEpoch: EpochJson,
  PreCommit1Out: lj.nullable(Bytes),
  CommD: lj.nullable(Cid),
  CommR: lj.nullable(Cid),
  PreCommitMessage: lj.nullable(Cid),
  PreCommitDeposit: AmountJson,
  Expiration: EpochJson,
  SeedValue: lj.nullable(Bytes),
  SeedEpoch: EpochJson,
  Proof: lj.nullable(Bytes),
  CommitMessage: lj.nullable(Cid),
  PreCommit2Fails: lj.uint,
  Retries: lj.uint,
  LastErr: lj.string,
  ReturnState: lj.nullable(SectorStateJson),
  TerminateMessage: lj.nullable(Cid),
  TerminatedAt: EpochJson,
  LogNext: lj.uint
})

/** A fresh record in the `Empty` state; the start event moves it on. */
export function newSectorRecord (n: SectorNumber, sealProof: number): SectorRecord {
  return {
    SectorNumber: n,
    State: 'Empty',
    SectorType: sealProof,
    CreationTime: 0,
    Pieces: [],
    TicketValue: null,
    TicketEpoch: 0 as ChainEpoch,
    PreCommit1Out: null,
    CommD: null,
    CommR: null,
    PreCommitMessage: null,
    PreCommitDeposit: 0n as TokenAmount,
    Expiration: 0 as ChainEpoch,
    SeedValue: null,
    SeedEpoch: 0 as ChainEpoch,
    Proof: null,
    CommitMessage: null,
    PreCommit2Fails: 0,
    Retries: 0,
    LastErr: '',
    ReturnState: null,
    TerminateMessage: null,
    TerminatedAt: 0 as ChainEpoch,
    LogNext: 0
  }
}

export function encodeSectorRecord (r: SectorRecord): Uint8Array {
  return encodeCborValue(Json.toJson(r))
}

export function decodeSectorRecord (bytes: Uint8Array, source: string): SectorRecord {
  return Json.fromJson(decodeCborValue(bytes, source), source)
}

/** One row of a sector's event log, as `sectors status --log` prints it. */
export interface SectorLogEntry {
  Kind: string
  /** Unix seconds. */
  Timestamp: number
  Trace: string
  Message: string
}

const LogJson = lj.struct({ Kind: lj.string, Timestamp: lj.uint, Trace: lj.string, Message: lj.string })

export function encodeLogEntry (e: SectorLogEntry): Uint8Array {
  return encodeCborValue(LogJson.toJson(e))
}

export function decodeLogEntry (bytes: Uint8Array, source: string): SectorLogEntry {
  return LogJson.fromJson(decodeCborValue(bytes, source), source)
}

/** Deal IDs of the sector's deal pieces, in piece order (the order PreCommit must declare). */
export function dealIds (r: SectorRecord): number[] {
  return r.Pieces.flatMap((p) => p.DealInfo === null ? [] : [p.DealInfo.DealID])
}

/** Sum of the padded sizes of the pieces so far. */
export function usedPaddedBytes (r: SectorRecord): number {
  return r.Pieces.reduce((sum, p) => sum + p.Piece.Size, 0)
}
