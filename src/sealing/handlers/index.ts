/** The entry handler of every state; null where a state has no work of its own. */
import type { HandlerTable } from '../env.js'
import { handleCommitWait, handleCommitting, handleSubmitCommit } from './commit.js'
import {
  handleAddPieceFailed, handleCommitFailed, handleCommitFinalizeFailed, handleComputeProofFailed, handleFinalizeFailed,
  handlePackingFailed, handlePreCommitFailed, handleRecoverDealIDs, handleSealPreCommit1Failed, handleSealPreCommit2Failed
} from './failed.js'
import { handleCommitFinalize, handleFinalizeSector } from './finalize.js'
import { handleAddPiece, handlePacking, handleWaitDeals } from './packing.js'
import { handlePreCommit1, handlePreCommit2 } from './precommit.js'
import { handlePreCommitWait, handlePreCommitting } from './precommit-submit.js'
import {
  handleDealsExpired, handleRemoveFailed, handleRemoving, handleTerminateFailed, handleTerminateFinality, handleTerminateWait,
  handleTerminating
} from './removal.js'
import { handleWaitSeed } from './seed.js'
import { handleGetTicket } from './ticket.js'

export const HANDLERS = {
  Empty: null,
  WaitDeals: handleWaitDeals,
  AddPiece: handleAddPiece,
  Packing: handlePacking,
  GetTicket: handleGetTicket,
  PreCommit1: handlePreCommit1,
  PreCommit2: handlePreCommit2,
  PreCommitting: handlePreCommitting,
  PreCommitWait: handlePreCommitWait,
  WaitSeed: handleWaitSeed,
  Committing: handleCommitting,
  CommitFinalize: handleCommitFinalize,
  SubmitCommit: handleSubmitCommit,
  CommitWait: handleCommitWait,
  FinalizeSector: handleFinalizeSector,
  // Proving is stable: Window PoSt (the mining subsystem) takes it from here.
  Proving: null,
  FailedUnrecoverable: null,
  AddPieceFailed: handleAddPieceFailed,
  SealPreCommit1Failed: handleSealPreCommit1Failed,
  SealPreCommit2Failed: handleSealPreCommit2Failed,
  PreCommitFailed: handlePreCommitFailed,
  ComputeProofFailed: handleComputeProofFailed,
  CommitFailed: handleCommitFailed,
  CommitFinalizeFailed: handleCommitFinalizeFailed,
  PackingFailed: handlePackingFailed,
  FinalizeFailed: handleFinalizeFailed,
  DealsExpired: handleDealsExpired,
  RecoverDealIDs: handleRecoverDealIDs,
  // Fault handling belongs to Window PoSt (mining); these states only record what it reported.
  Faulty: null,
  FaultReported: null,
  FaultedFinal: null,
  Terminating: handleTerminating,
  TerminateWait: handleTerminateWait,
  TerminateFinality: handleTerminateFinality,
  TerminateFailed: handleTerminateFailed,
  Removing: handleRemoving,
  RemoveFailed: handleRemoveFailed,
  Removed: null
} as const satisfies HandlerTable
