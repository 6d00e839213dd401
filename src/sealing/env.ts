/**
 * What every state handler gets: the sector's record (a copy), an abort signal that fires when
 * another event moves the sector on, and the environment (chain, prover, storage, config,
 * policy, the deal-input hooks). A handler returns the event to send next, or nothing.
 */
import type { Address } from '../core/address/index.js'
import type { SectorId } from '../core/sector/index.js'
import type { ActorId } from '../core/types.js'
import type { Logger } from '../log/index.js'
import type { PieceDealInfo, SectorState } from '../api/sealing.js'
import type { SealingChainApi, SealingDeps, SealingStorage } from './deps.js'
import type { SectorEvent } from './events.js'
import type { SealingPolicy } from './policy.js'
import type { SectorRecord } from './record.js'
import type { HeadWatcher } from './head-watcher.js'
import type { Prover } from '../proofs/index.js'
import type { TerminateBatcher } from './terminate-batch.js'

/** A deal piece waiting for its AddPiece handler, held in memory (its bytes cannot be persisted). */
export interface AssignedPiece {
  readonly size: number
  readonly deal: PieceDealInfo
  readonly data: AsyncIterable<Uint8Array>
  /** Settles the SectorAddPieceToAny call that brought the piece. */
  readonly resolve: (where: { sector: number, offset: number }) => void
  readonly reject: (err: Error) => void
}

/** The deal-input manager as the handlers see it. */
export interface InputHooks {
  /** Pieces matched to the sector and not yet written; the caller owns them from here. */
  takeAssigned (sector: number): AssignedPiece[]
  /** The AddPiece outcome is on record or dropped: the taken pieces no longer hold space apart from the record. */
  writeEnded (sector: number): void
  /** Resolves when the WaitDeals sector should start packing (timer, full, deal limit, operator). */
  waitStart (record: SectorRecord, signal: AbortSignal): Promise<void>
  /** A sector entered WaitDeals again: match waiting pieces to it. */
  sectorOpen (sector: number): void
}

export interface SealingEnv {
  readonly chain: SealingChainApi
  readonly prover: Prover
  readonly storage: SealingStorage
  readonly config: SealingDeps['config']
  readonly policy: SealingPolicy
  readonly miner: Address
  readonly minerId: ActorId
  readonly sectorSize: number
  readonly heads: HeadWatcher
  readonly input: InputHooks
  /** Queues terminations into batched TerminateSectors messages. */
  readonly terminations: Pick<TerminateBatcher, 'add'>
  readonly log: Logger
  sectorId (n: number): SectorId
}

export interface HandlerContext {
  readonly record: SectorRecord
  readonly signal: AbortSignal
  readonly env: SealingEnv
}

/**
 * An event plus what to do once it is persisted (`committed`) or refused because the sector
 * moved on meanwhile (`dropped`): AddPiece answers its callers only after the pieces are on record.
 */
export interface HandlerOutcome {
  event: SectorEvent
  committed: () => void
  dropped: () => void
}

/** An entry handler: does the state's work and returns the event that ends it. */
export type Handler = (ctx: HandlerContext) => Promise<SectorEvent | HandlerOutcome | undefined>

/** One entry per state; null where the state has no work (Proving, final states). */
export type HandlerTable = Readonly<Record<SectorState, Handler | null>>
