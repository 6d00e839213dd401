/**
 * The sealing API (Lotus v1.20 `api.StorageMiner` sector methods, api/api_storage.go) as typed
 * data: what `lotus-miner sectors ...` and the markets node call on the mining node. Wire names,
 * permissions and JSON shapes follow Lotus; `SectorInfo`, `PieceDealInfo`, `SectorOffset`,
 * `SealedRef` print as Lotus prints them.
 *
 * Reader parameters (`SectorAddPieceToAny`'s data, spec §7.6): on the wire the reader is
 * `{"Type":"null","Info":"<bytes>"}` (zeros), `{"Type":"push","Info":"<uuid>"}` (bytes POSTed to
 * `/rpc/streams/v0/push/<uuid>`) or `{"Type":"http","Info":"<url>"}` (the server fetches them).
 * In process the same parameter is a {@link PieceData}; its `stream` form carries the bytes
 * directly and is what a JSON-RPC client turns into a push: the codec hands the stream to the
 * client encoding the call (`encodeWithReaders`) and prints its uuid; outside a client it
 * refuses to print a raw stream rather than silently dropping its bytes.
 */
import type { SectorId } from '../core/sector/index.js'
import * as lj from './codecs/index.js'
import { type ApiOf, defineContract, method } from './contract.js'
import { DealProposal } from './fullnode/types/market.js'
import { named, ptr, slice, dict } from './fullnode/types/named.js'
import {
  Bool, Bytes, ChainEpoch, Cid, DealId, PaddedPieceSize, RegisteredSealProof, SectorNumber, TokenAmount, BigInteger
} from './fullnode/types/scalars.js'
import { SectorIdJson } from './sector-index.js'
import { registerReader } from './codecs/reader.js'

/** Lotus's sector states (storage/pipeline/sector_state.go); the string is the name. */
export const SECTOR_STATES = [
  'Empty', 'WaitDeals', 'AddPiece', 'Packing', 'GetTicket', 'PreCommit1', 'PreCommit2', 'PreCommitting',
  'PreCommitWait', 'WaitSeed', 'Committing', 'CommitFinalize', 'SubmitCommit', 'CommitWait', 'FinalizeSector',
  'Proving', 'FailedUnrecoverable', 'AddPieceFailed', 'SealPreCommit1Failed', 'SealPreCommit2Failed',
  'PreCommitFailed', 'ComputeProofFailed', 'CommitFailed', 'CommitFinalizeFailed', 'PackingFailed',
  'FinalizeFailed', 'DealsExpired', 'RecoverDealIDs', 'Faulty', 'FaultReported', 'FaultedFinal', 'Terminating',
  'TerminateWait', 'TerminateFinality', 'TerminateFailed', 'Removing', 'RemoveFailed', 'Removed'
] as const
export type SectorState = typeof SECTOR_STATES[number]

/** api.SectorState: a state name; unknown names are refused, naming the accepted ones. */
export const SectorStateJson = named('SectorState', lj.stringEnum('sector state', SECTOR_STATES))

/** abi.UnpaddedPieceSize as a JSON number. */
export const UnpaddedPieceSizeJson = named('UnpaddedPieceSize', lj.uint)

/** api.DealSchedule. */
export const DealSchedule = named('DealSchedule', lj.struct({ StartEpoch: ChainEpoch, EndEpoch: ChainEpoch }))

/** api.PieceDealInfo: the deal a piece belongs to, as the markets node hands it over. */
export const PieceDealInfo = named('PieceDealInfo', lj.struct({
  PublishCid: lj.nullable(Cid),
  DealID: DealId,
  DealProposal: lj.nullable(DealProposal),
  DealSchedule,
  KeepUnsealed: Bool
}))
export type PieceDealInfo = lj.TypeOf<typeof PieceDealInfo>

/** abi.PieceInfo. */
export const PieceInfoJson = named('PieceInfo', lj.struct({ Size: PaddedPieceSize, PieceCID: Cid }))
export type PieceInfoJson = lj.TypeOf<typeof PieceInfoJson>

/** api.SectorPiece: a piece in a sector; filler pieces have no deal info. */
export const SectorPiece = named('SectorPiece', lj.struct({ Piece: PieceInfoJson, DealInfo: lj.nullable(PieceDealInfo) }))
export type SectorPiece = lj.TypeOf<typeof SectorPiece>

/** api.SealTicket / api.SealSeed. */
export const SealTicket = named('SealTicket', lj.struct({ Value: lj.nullable(Bytes), Epoch: ChainEpoch }))
export type SealTicket = lj.TypeOf<typeof SealTicket>

/** api.SectorLog: one entry of a sector's event log (`sectors status --log`). */
export const SectorLog = named('SectorLog', lj.struct({ Kind: lj.string, Timestamp: lj.uint, Trace: lj.string, Message: lj.string }))
export type SectorLog = lj.TypeOf<typeof SectorLog>

/** api.SectorInfo (SectorsStatus); on-chain fields are zero unless asked for. */
export const SectorInfo = named('SectorInfo', lj.struct({
  SectorID: SectorNumber,
  State: SectorStateJson,
  CommD: lj.nullable(Cid),
  CommR: lj.nullable(Cid),
  Proof: lj.nullable(Bytes),
  Deals: lj.array(DealId),
  Pieces: lj.array(SectorPiece),
  Ticket: SealTicket,
  Seed: SealTicket,
  PreCommitMsg: lj.nullable(Cid),
  CommitMsg: lj.nullable(Cid),
  Retries: lj.uint,
  ToUpgrade: Bool,
  ReplicaUpdateMessage: lj.nullable(Cid),
  LastErr: lj.string,
  Log: lj.array(SectorLog),
  SealProof: RegisteredSealProof,
  Activation: ChainEpoch,
  Expiration: ChainEpoch,
  DealWeight: BigInteger,
  VerifiedDealWeight: BigInteger,
  InitialPledge: TokenAmount,
  OnTime: ChainEpoch,
  Early: ChainEpoch
}))
export type SectorInfo = lj.TypeOf<typeof SectorInfo>

/** api.SectorOffset: where SectorAddPieceToAny put a piece (padded byte offset). */
export const SectorOffset = named('SectorOffset', lj.struct({ Sector: SectorNumber, Offset: PaddedPieceSize }))
export type SectorOffset = lj.TypeOf<typeof SectorOffset>

/** api.SealedRef: a deal's place in a sector (SectorsRefs). */
export const SealedRef = named('SealedRef', lj.struct({ SectorID: SectorNumber, Offset: PaddedPieceSize, Size: UnpaddedPieceSizeJson }))
export type SealedRef = lj.TypeOf<typeof SealedRef>

/** storiface.SectorRef. */
export const SectorRef = named('SectorRef', lj.struct({ ID: named<SectorId>('SectorID', SectorIdJson), ProofType: RegisteredSealProof }))
export type SectorRef = lj.TypeOf<typeof SectorRef>

/** Piece bytes handed to SectorAddPieceToAny: the wire reader forms, or a stream in process. */
export type PieceData =
  | { readonly kind: 'null', readonly size: number }
  | { readonly kind: 'push', readonly uuid: string }
  | { readonly kind: 'http', readonly url: string }
  | { readonly kind: 'stream', readonly stream: AsyncIterable<Uint8Array> }

/**
 * Piece bytes from a stream or Node Readable: in process the stream itself, through a JSON-RPC
 * client a push to the server's `/rpc/streams/v0/push/<uuid>`.
 * `api.SectorAddPieceToAny(1016, pieceDataFromStream(createReadStream(file)), deal)`.
 */
export function pieceDataFromStream (stream: AsyncIterable<Uint8Array>): PieceData {
  return { kind: 'stream', stream }
}

/** lib/rpcenc ReaderStream: `{"Type": "null"|"push"|"http", "Info": "..."}`. */
export const PieceDataJson = named<PieceData>('ReaderStream', {
  toJson: (v) => {
    switch (v.kind) {
      case 'null': return { Type: 'null', Info: String(v.size) }
      case 'push': return { Type: 'push', Info: v.uuid }
      case 'http': return { Type: 'http', Info: v.url }
      case 'stream': return { Type: 'push', Info: registerReader(v.stream, 'data') }
    }
  },
  fromJson: (json, path) => {
    if (!lj.isJsonObject(json) || typeof json.Type !== 'string' || typeof json.Info !== 'string') {
      throw new lj.LotusJsonError('a reader {"Type": "null"|"push"|"http", "Info": "..."}', json, path)
    }
    const info = lj.fieldPath(path, 'Info')
    switch (json.Type) {
      case 'null': {
        if (!/^\d+$/.test(json.Info)) throw new lj.LotusJsonError('a decimal byte count', json.Info, info)
        return { kind: 'null', size: Number(json.Info) }
      }
      case 'push': return { kind: 'push', uuid: lj.uuid.fromJson(json.Info, info) }
      case 'http': {
        if (!/^https?:\/\//.test(json.Info)) throw new lj.LotusJsonError('an http(s) URL', json.Info, info)
        return { kind: 'http', url: json.Info }
      }
      default: throw new lj.LotusJsonError('a reader type "null", "push" or "http"', json.Type, lj.fieldPath(path, 'Type'))
    }
  }
})

const SectorNumbers = slice(SectorNumber)

/** The sector methods of Lotus's StorageMiner API. */
export const SealingContract = defineContract({
  PledgeSector: method({
    name: 'Filecoin.PledgeSector',
    perm: 'write',
    summary: 'Creates a committed-capacity sector and starts sealing it.',
    params: [],
    result: named<SectorId>('SectorID', SectorIdJson)
  }),
  SectorsStatus: method({
    name: 'Filecoin.SectorsStatus',
    perm: 'read',
    summary: "Returns a sector's sealing state, pieces, commitments and log; with on-chain info when asked.",
    params: [SectorNumber, Bool],
    result: SectorInfo
  }),
  SectorsList: method({
    name: 'Filecoin.SectorsList',
    perm: 'read',
    summary: 'Lists the numbers of all sectors the sealing pipeline knows.',
    params: [],
    result: SectorNumbers
  }),
  SectorsListInStates: method({
    name: 'Filecoin.SectorsListInStates',
    perm: 'read',
    summary: 'Lists the numbers of the sectors in the given states.',
    params: [slice(SectorStateJson)],
    result: SectorNumbers
  }),
  SectorsSummary: method({
    name: 'Filecoin.SectorsSummary',
    perm: 'read',
    summary: 'Counts sectors per state.',
    params: [],
    result: dict(named('int', lj.uint))
  }),
  SectorsRefs: method({
    name: 'Filecoin.SectorsRefs',
    perm: 'read',
    summary: 'Returns, per deal ID, where its piece sits in sealed sectors.',
    params: [],
    result: dict(slice(SealedRef))
  }),
  SectorStartSealing: method({
    name: 'Filecoin.SectorStartSealing',
    perm: 'write',
    summary: 'Starts sealing a sector that is waiting for deals, without waiting for more.',
    params: [SectorNumber],
    result: lj.none
  }),
  SectorSetSealDelay: method({
    name: 'Filecoin.SectorSetSealDelay',
    perm: 'write',
    summary: 'Sets how long a deal sector waits for more deals before sealing (WaitDealsDelay).',
    params: [named('time.Duration', lj.duration)],
    result: lj.none
  }),
  SectorGetSealDelay: method({
    name: 'Filecoin.SectorGetSealDelay',
    perm: 'read',
    summary: 'Returns how long a deal sector waits for more deals before sealing.',
    params: [],
    result: named('time.Duration', lj.duration)
  }),
  SectorsUpdate: method({
    name: 'Filecoin.SectorsUpdate',
    perm: 'admin',
    summary: "Forces a sector into a state (`sectors update-state`); the state's handler runs again.",
    params: [SectorNumber, SectorStateJson],
    result: lj.none
  }),
  SectorRemove: method({
    name: 'Filecoin.SectorRemove',
    perm: 'admin',
    summary: "Removes a sector's files and forgets it; a sector on chain must be terminated instead.",
    params: [SectorNumber],
    result: lj.none
  }),
  SectorTerminate: method({
    name: 'Filecoin.SectorTerminate',
    perm: 'admin',
    summary: 'Terminates a sector on chain (TerminateSectors), then removes it.',
    params: [SectorNumber],
    result: lj.none
  }),
  SectorTerminateFlush: method({
    name: 'Filecoin.SectorTerminateFlush',
    perm: 'admin',
    summary: 'Sends the queued terminations now; null when none is queued.',
    params: [],
    result: ptr(Cid)
  }),
  SectorTerminatePending: method({
    name: 'Filecoin.SectorTerminatePending',
    perm: 'admin',
    summary: 'Lists the sectors waiting for their TerminateSectors message.',
    params: [],
    result: slice(named<SectorId>('SectorID', SectorIdJson))
  }),
  SectorAddPieceToAny: method({
    name: 'Filecoin.SectorAddPieceToAny',
    perm: 'admin',
    summary: 'Adds a deal piece to an open deal sector (creating one when needed) and returns where it landed.',
    params: [UnpaddedPieceSizeJson, PieceDataJson, PieceDealInfo],
    result: SectorOffset
  }),
  SectorsUnsealPiece: method({
    name: 'Filecoin.SectorsUnsealPiece',
    perm: 'admin',
    summary: "Unseals a byte range of a sector into its unsealed file, so the piece can be read.",
    params: [SectorRef, named('UnpaddedByteIndex', lj.uint), UnpaddedPieceSizeJson, Bytes, ptr(Cid)],
    result: lj.none
  }),
  SectorMatchPendingPiecesToOpenSectors: method({
    name: 'Filecoin.SectorMatchPendingPiecesToOpenSectors',
    perm: 'admin',
    summary: 'Assigns waiting deal pieces to open sectors now, creating sectors as the limits allow.',
    params: [],
    result: lj.none
  })
})

export type SealingApi = ApiOf<typeof SealingContract>
