/**
 * The sector state machine as data (Lotus storage/pipeline/fsm.go): for each state, which event
 * leads where. Handlers (one file per phase under `handlers/`) decide which event to send; this
 * table alone decides whether it is allowed and what state follows. The Mermaid diagram in
 * docs/sealing-states.md is generated from it.
 */
import type { SectorState } from '../api/sealing.js'

export { SECTOR_STATES, type SectorState } from '../api/sealing.js'

/** Every event name a sector can receive (the `type` of a {@link SectorEvent}). */
export const SECTOR_EVENT_TYPES = [
  'SectorStart', 'SectorStartCC', 'SectorAddPiece', 'SectorPieceAdded', 'SectorAddPieceFailed', 'SectorStartPacking',
  'SectorPacked', 'SectorPackingFailed', 'SectorTicket', 'SectorOldTicket', 'SectorPreCommit1',
  'SectorSealPreCommit1Failed', 'SectorPreCommit2', 'SectorSealPreCommit2Failed', 'SectorPreCommitted',
  'SectorChainPreCommitFailed', 'SectorPreCommitLanded', 'SectorSeedReady', 'SectorCommitted', 'SectorProofReady',
  'SectorComputeProofFailed', 'SectorFinalized', 'SectorFinalizeFailed', 'SectorCommitSubmitted', 'SectorCommitFailed',
  'SectorProving', 'SectorRetryWaitDeals', 'SectorRetryPacking', 'SectorRetrySealPreCommit1', 'SectorRetrySealPreCommit2',
  'SectorRetryPreCommit', 'SectorRetryPreCommitWait', 'SectorRetryWaitSeed', 'SectorRetryComputeProof',
  'SectorRetrySubmitCommit', 'SectorRetryCommitWait', 'SectorRetryFinalize', 'SectorTicketExpired', 'SectorDealsExpired',
  'SectorInvalidDealIDs', 'SectorFaulty', 'SectorFaultReported', 'SectorFaultedFinal', 'SectorTerminate',
  'SectorTerminating', 'SectorTerminated', 'SectorTerminateFailed', 'SectorRemove', 'SectorRemoved',
  'SectorRemoveFailed', 'SectorRestart', 'SectorFatalError', 'SectorForceState'
] as const
export type SectorEventType = typeof SECTOR_EVENT_TYPES[number]

/** Events any non-final state accepts; handled by the machine, not the table (Lotus fsm.go `planOne` globals). */
export const GLOBAL_EVENTS = ['SectorRestart', 'SectorFatalError', 'SectorForceState', 'SectorRemove', 'SectorTerminate'] as const
export type GlobalEventType = typeof GLOBAL_EVENTS[number]

/** Where the global events lead (Restart and FatalError keep the state; ForceState goes where it says). */
export const GLOBAL_TARGETS: Readonly<Partial<Record<GlobalEventType, SectorState>>> = {
  SectorRemove: 'Removing',
  SectorTerminate: 'Terminating'
}

type Edges = Readonly<Partial<Record<SectorEventType, SectorState>>>

/** State × event → next state. A state missing here is a compile error. */
export const TRANSITIONS = {
  Empty: { SectorStart: 'WaitDeals', SectorStartCC: 'Packing' },
  WaitDeals: { SectorAddPiece: 'AddPiece', SectorStartPacking: 'Packing' },
  AddPiece: { SectorPieceAdded: 'WaitDeals', SectorAddPieceFailed: 'AddPieceFailed' },
  Packing: { SectorPacked: 'GetTicket', SectorPackingFailed: 'PackingFailed' },
  GetTicket: { SectorTicket: 'PreCommit1', SectorSealPreCommit1Failed: 'SealPreCommit1Failed' },
  PreCommit1: {
    SectorPreCommit1: 'PreCommit2', SectorOldTicket: 'GetTicket', SectorSealPreCommit1Failed: 'SealPreCommit1Failed',
    SectorDealsExpired: 'DealsExpired', SectorInvalidDealIDs: 'RecoverDealIDs'
  },
  PreCommit2: { SectorPreCommit2: 'PreCommitting', SectorSealPreCommit2Failed: 'SealPreCommit2Failed' },
  PreCommitting: {
    SectorPreCommitted: 'PreCommitWait', SectorPreCommitLanded: 'WaitSeed', SectorChainPreCommitFailed: 'PreCommitFailed',
    SectorSealPreCommit1Failed: 'SealPreCommit1Failed', SectorDealsExpired: 'DealsExpired', SectorInvalidDealIDs: 'RecoverDealIDs'
  },
  PreCommitWait: {
    SectorPreCommitLanded: 'WaitSeed', SectorChainPreCommitFailed: 'PreCommitFailed', SectorRetryPreCommit: 'PreCommitting'
  },
  WaitSeed: { SectorSeedReady: 'Committing', SectorChainPreCommitFailed: 'PreCommitFailed' },
  Committing: {
    SectorCommitted: 'SubmitCommit', SectorProofReady: 'CommitFinalize', SectorComputeProofFailed: 'ComputeProofFailed',
    SectorSealPreCommit1Failed: 'SealPreCommit1Failed', SectorChainPreCommitFailed: 'PreCommitFailed'
  },
  CommitFinalize: { SectorFinalized: 'SubmitCommit', SectorFinalizeFailed: 'CommitFinalizeFailed' },
  SubmitCommit: { SectorCommitSubmitted: 'CommitWait', SectorProving: 'FinalizeSector', SectorCommitFailed: 'CommitFailed' },
  CommitWait: { SectorProving: 'FinalizeSector', SectorCommitFailed: 'CommitFailed', SectorRetrySubmitCommit: 'SubmitCommit' },
  FinalizeSector: { SectorFinalized: 'Proving', SectorFinalizeFailed: 'FinalizeFailed' },
  Proving: { SectorFaulty: 'Faulty', SectorFaultReported: 'FaultReported' },

  FailedUnrecoverable: {},
  AddPieceFailed: { SectorRetryWaitDeals: 'WaitDeals' },
  SealPreCommit1Failed: { SectorRetrySealPreCommit1: 'PreCommit1' },
  SealPreCommit2Failed: { SectorRetrySealPreCommit1: 'PreCommit1', SectorRetrySealPreCommit2: 'PreCommit2' },
  PreCommitFailed: {
    SectorRetryPreCommit: 'PreCommitting', SectorRetryPreCommitWait: 'PreCommitWait', SectorRetryWaitSeed: 'WaitSeed',
    SectorRetrySealPreCommit1: 'PreCommit1', SectorDealsExpired: 'DealsExpired', SectorInvalidDealIDs: 'RecoverDealIDs'
  },
  ComputeProofFailed: { SectorRetryComputeProof: 'Committing', SectorSealPreCommit1Failed: 'SealPreCommit1Failed' },
  CommitFailed: {
    SectorRetrySealPreCommit1: 'PreCommit1', SectorRetryWaitSeed: 'WaitSeed', SectorRetryComputeProof: 'Committing',
    SectorRetryPreCommitWait: 'PreCommitWait', SectorRetryPreCommit: 'PreCommitting', SectorRetryCommitWait: 'CommitWait',
    SectorRetrySubmitCommit: 'SubmitCommit', SectorChainPreCommitFailed: 'PreCommitFailed', SectorDealsExpired: 'DealsExpired',
    SectorInvalidDealIDs: 'RecoverDealIDs', SectorTicketExpired: 'Removing'
  },
  CommitFinalizeFailed: { SectorRetryFinalize: 'CommitFinalize' },
  PackingFailed: { SectorRetryPacking: 'Packing', SectorDealsExpired: 'DealsExpired' },
  FinalizeFailed: { SectorRetryFinalize: 'FinalizeSector' },
  DealsExpired: {},
  RecoverDealIDs: {
    SectorRetrySealPreCommit1: 'PreCommit1', SectorRetryPreCommit: 'PreCommitting', SectorRetrySubmitCommit: 'SubmitCommit',
    SectorDealsExpired: 'DealsExpired'
  },
  Faulty: { SectorFaultReported: 'FaultReported' },
  FaultReported: { SectorFaultedFinal: 'FaultedFinal' },
  FaultedFinal: {},
  Terminating: { SectorTerminating: 'TerminateWait', SectorTerminateFailed: 'TerminateFailed' },
  TerminateWait: { SectorTerminated: 'TerminateFinality', SectorTerminateFailed: 'TerminateFailed' },
  TerminateFinality: { SectorTerminateFailed: 'TerminateFailed' },
  TerminateFailed: {},
  Removing: { SectorRemoved: 'Removed', SectorRemoveFailed: 'RemoveFailed' },
  RemoveFailed: {},
  Removed: {}
} as const satisfies Record<SectorState, Edges>

/** States whose work is done: nothing resumes them at start-up and only ForceState moves them. */
export const FINAL_STATES: ReadonlySet<SectorState> = new Set<SectorState>(['Removed', 'FaultedFinal', 'FailedUnrecoverable'])

/** States counted as "sealing" for MaxSealingSectors (Lotus `sealing` minus the staging ones). */
export const SEALING_STATES: ReadonlySet<SectorState> = new Set<SectorState>([
  'Packing', 'GetTicket', 'PreCommit1', 'PreCommit2', 'PreCommitting', 'PreCommitWait', 'WaitSeed', 'Committing',
  'CommitFinalize', 'SubmitCommit', 'CommitWait', 'FinalizeSector', 'SealPreCommit1Failed', 'SealPreCommit2Failed',
  'PreCommitFailed', 'ComputeProofFailed', 'CommitFailed', 'CommitFinalizeFailed', 'PackingFailed', 'FinalizeFailed',
  'RecoverDealIDs'
])

/** Deal sectors still taking pieces (Lotus's "staging" states for MaxWaitDealsSectors). */
export const STAGING_STATES: ReadonlySet<SectorState> = new Set<SectorState>(['WaitDeals', 'AddPiece', 'AddPieceFailed'])

/** The next state for `event` in `state`, or undefined when the table does not allow it. */
export function nextState (state: SectorState, event: SectorEventType): SectorState | undefined {
  const edges: Edges = TRANSITIONS[state]
  return edges[event]
}
