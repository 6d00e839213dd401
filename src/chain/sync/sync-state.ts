import type { TipSet } from '../types/index.js'
import { SyncStateStage } from '../consensus/index.js'

/** One sync worker's progress (Lotus `api.ActiveSync`). */
export interface ActiveSync {
  WorkerID: number
  Base: TipSet | null
  Target: TipSet | null
  Stage: SyncStateStage
  Height: number
  Start: Date | null
  End: Date | null
  Message: string
}

/** Lotus `api.SyncState`: the local chain has one worker, which takes each submitted block. */
export interface SyncState {
  ActiveSyncs: ActiveSync[]
  VMApplied: number
}

/** Tracks what SyncState reports: the last head move and how many messages the VM applied. */
export class SyncTracker {
  private current: ActiveSync = {
    WorkerID: 0, Base: null, Target: null, Stage: SyncStateStage.StageIdle, Height: 0, Start: null, End: null, Message: ''
  }

  private applied = 0

  started (base: TipSet | null, target: TipSet, now: Date): void {
    this.current = { WorkerID: 0, Base: base, Target: target, Stage: SyncStateStage.StageMessages, Height: target.height, Start: now, End: null, Message: '' }
  }

  completed (now: Date): void {
    this.current = { ...this.current, Stage: SyncStateStage.StageSyncComplete, End: now }
  }

  errored (now: Date, message: string): void {
    this.current = { ...this.current, Stage: SyncStateStage.StageSyncErrored, End: now, Message: message }
  }

  messageApplied (): void {
    this.applied++
  }

  state (): SyncState {
    return { ActiveSyncs: [{ ...this.current }], VMApplied: this.applied }
  }
}
