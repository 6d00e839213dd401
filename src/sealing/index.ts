/**
 * The sealing pipeline: sector state machines with Lotus's states and events, persisted in the
 * metadata datastore before every step, resumed at start-up, serving the StorageMiner sector
 * methods (`SealingContract`).
 *
 * ```ts
 * const sealing = new SealingService({ chain, prover, storage, datastore, config }, { miner, sealProof: 5 })
 * await sealing.start()
 * const { Sector, Offset } = await sealing.SectorAddPieceToAny(size, { kind: 'stream', stream }, dealInfo)
 * ```
 */
export { SealingService, TooManySectorsSealingError } from './service.js'
export type { SealingChainApi, SealingDeps, SealingOptions, SealingStorage, SectorPaths } from './deps.js'
export { DEFAULT_SEALING_POLICY, type SealingPolicy, preCommitExpiration, retryDelayMs, sealingPolicyFrom } from './policy.js'
export { selectSealingAddress, type AddrUse, type AddressChainApi } from './address.js'
export {
  TRANSITIONS, FINAL_STATES, GLOBAL_EVENTS, SEALING_STATES, STAGING_STATES, SECTOR_EVENT_TYPES, SECTOR_STATES,
  nextState, type SectorEventType, type SectorState
} from './states.js'
export type { SectorEvent, FailureEventType } from './events.js'
export type { SectorRecord, SectorLogEntry } from './record.js'
export { SectorStore } from './store.js'
export { InvalidSectorEventError } from './fsm.js'
export { sealingStatesDoc, sealingStatesMermaid } from './diagram.js'
export { MinerMethod, encodePreCommitBatch2, encodeProveCommitSector, encodeTerminateSectors } from './messages.js'
