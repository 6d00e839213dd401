/**
 * Sector events: what each carries and how it changes the record (Lotus fsm_events.go
 * `apply`). The state change itself comes from the transition table; this is the data.
 */
import type { CID } from '../core/cid.js'
import type { ChainEpoch, TokenAmount } from '../core/types.js'
import type { PieceInfoJson, SectorPiece, SectorState } from '../api/sealing.js'
import type { SectorRecord } from './record.js'
import type { SectorEventType } from './states.js'

/** Events that report a failed step; `error` goes to the record's LastErr and the log. */
export type FailureEventType =
  | 'SectorAddPieceFailed' | 'SectorPackingFailed' | 'SectorSealPreCommit1Failed' | 'SectorSealPreCommit2Failed'
  | 'SectorChainPreCommitFailed' | 'SectorComputeProofFailed' | 'SectorFinalizeFailed' | 'SectorCommitFailed'
  | 'SectorTerminateFailed' | 'SectorRemoveFailed' | 'SectorDealsExpired' | 'SectorInvalidDealIDs' | 'SectorTicketExpired'
  | 'SectorFatalError'

export type SectorEvent =
  | { type: 'SectorStart' | 'SectorStartCC', sealProof: number }
  | { type: 'SectorPieceAdded', newPieces: SectorPiece[] }
  | { type: 'SectorPacked', fillerPieces: PieceInfoJson[] }
  | { type: 'SectorTicket', ticketValue: Uint8Array, ticketEpoch: ChainEpoch }
  | { type: 'SectorPreCommit1', preCommit1Out: Uint8Array }
  | { type: 'SectorPreCommit2', unsealed: CID, sealed: CID }
  | { type: 'SectorPreCommitted', message: CID, preCommitDeposit: TokenAmount, expiration: ChainEpoch }
  | { type: 'SectorPreCommitLanded', expiration: ChainEpoch }
  | { type: 'SectorSeedReady', seedValue: Uint8Array, seedEpoch: ChainEpoch }
  | { type: 'SectorCommitted' | 'SectorProofReady', proof: Uint8Array }
  | { type: 'SectorCommitSubmitted', message: CID }
  | { type: 'SectorTerminating', message: CID | null }
  | { type: 'SectorTerminated', terminatedAt: ChainEpoch }
  | { type: 'SectorForceState', state: SectorState }
  | { type: FailureEventType, error: string }
  | { type: Exclude<SectorEventType, FailureEventType | PayloadEventType> }

type PayloadEventType =
  | 'SectorStart' | 'SectorStartCC' | 'SectorPieceAdded' | 'SectorPacked' | 'SectorTicket' | 'SectorPreCommit1'
  | 'SectorPreCommit2' | 'SectorPreCommitted' | 'SectorPreCommitLanded' | 'SectorSeedReady' | 'SectorCommitted'
  | 'SectorProofReady' | 'SectorCommitSubmitted' | 'SectorTerminating' | 'SectorTerminated' | 'SectorForceState'

/** The error an event reports, if it is a failure. */
export function eventError (e: SectorEvent): string | undefined {
  return 'error' in e ? e.error : undefined
}

/** Applies an event's data to the record (in place); `from` is the state it arrived in. */
export function applyEvent (r: SectorRecord, e: SectorEvent, from: SectorState): void {
  const error = eventError(e)
  if (error !== undefined) {
    r.LastErr = error
    if (e.type !== 'SectorFatalError') r.Retries++
    if (e.type === 'SectorSealPreCommit2Failed') r.PreCommit2Fails++
    // RecoverDealIDs returns to where the bad deal was noticed.
    if (e.type === 'SectorInvalidDealIDs') r.ReturnState = from
    return
  }
  switch (e.type) {
    case 'SectorStart':
    case 'SectorStartCC':
      r.SectorType = e.sealProof
      break
    case 'SectorPieceAdded':
      r.Pieces.push(...e.newPieces)
      // The WaitDealsDelay clock starts with the first deal.
      if (r.CreationTime === 0 && e.newPieces.some((p) => p.DealInfo !== null)) r.CreationTime = Math.floor(Date.now() / 1000)
      break
    case 'SectorPacked':
      for (const p of e.fillerPieces) r.Pieces.push({ Piece: p, DealInfo: null })
      break
    case 'SectorTicket':
      r.TicketValue = e.ticketValue
      r.TicketEpoch = e.ticketEpoch
      break
    case 'SectorOldTicket':
      r.TicketValue = null
      break
    case 'SectorPreCommit1':
      r.PreCommit1Out = e.preCommit1Out
      r.PreCommit2Fails = 0
      break
    case 'SectorPreCommit2':
      r.CommD = e.unsealed
      r.CommR = e.sealed
      break
    case 'SectorPreCommitted':
      r.PreCommitMessage = e.message
      r.PreCommitDeposit = e.preCommitDeposit
      r.Expiration = e.expiration
      break
    case 'SectorPreCommitLanded':
      if (e.expiration !== 0) r.Expiration = e.expiration
      break
    case 'SectorSeedReady':
      r.SeedValue = e.seedValue
      r.SeedEpoch = e.seedEpoch
      break
    case 'SectorCommitted':
    case 'SectorProofReady':
      r.Proof = e.proof
      break
    case 'SectorCommitSubmitted':
      r.CommitMessage = e.message
      break
    case 'SectorRetryPreCommit':
      // A fresh PreCommit message will be sent; counting the attempt gives it a new MsgUuid.
      r.PreCommitMessage = null
      r.ReturnState = null
      r.Retries++
      break
    case 'SectorRetrySubmitCommit':
      r.CommitMessage = null
      r.ReturnState = null
      r.Retries++
      break
    case 'SectorRetrySealPreCommit1':
    case 'SectorRetrySealPreCommit2':
      r.ReturnState = null
      break
    case 'SectorTerminating':
      r.TerminateMessage = e.message
      break
    case 'SectorTerminated':
      r.TerminatedAt = e.terminatedAt
      break
    case 'SectorProving':
      r.LastErr = ''
      break
    default:
      break
  }
}

/** The log message of an event: its data, with byte strings shortened. */
export function describeEvent (e: SectorEvent): string {
  const error = eventError(e)
  if (error !== undefined) return error
  const data: Record<string, unknown> = {}
  for (const [k, v] of Object.entries(e)) {
    if (k === 'type') continue
    if (v instanceof Uint8Array) data[k] = `<${v.length} bytes>`
    else if (typeof v === 'bigint') data[k] = v.toString()
    else if (typeof (v as { toString?: unknown } | null)?.toString === 'function' && (v as { '/'?: unknown })['/'] !== undefined) data[k] = String(v)
    else data[k] = v
  }
  return JSON.stringify(data, (_k, v: unknown) => typeof v === 'bigint' ? v.toString() : v)
}
