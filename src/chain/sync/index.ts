// The chain service: block submission and validation, tipset formation and head choice, tipset
// execution, and the miner-facing MinerGetBaseInfo / MinerCreateBlock.
export { ChainService, NoGenesisError, type ChainServiceDeps, type ChainServiceOptions } from './chain-service.js'
export { TipSetExecutor, type TipSetExecutorDeps, type ExecutorChain, type VmSettings } from './executor.js'
export { SyncTracker, type SyncState, type ActiveSync } from './sync-state.js'
