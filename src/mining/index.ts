/**
 * The mining subsystem (`[Subsystems] EnableMining`): block production with Winning PoSt and
 * the Window PoSt scheduler. It depends only on a slice of the FullNode API, a prover and
 * where sector files are, never on the markets subsystem.
 *
 * @example
 * ```ts
 * const mining = new MiningSubsystem(
 *   { full, prover: new DevProver(), sectors: localSectorFiles(local), config: () => lr.config(), log: logger('miner') },
 *   { miner, blockDelayMs: 4000, propagationDelayMs: 1000 })
 * await mining.start()
 * ```
 */
export {
  BlockProducer, walletSigner, type BlockProducerChainApi, type BlockProducerDeps, type BlockProducerOptions, type MiningStatus,
  type RoundOutcome, type RoundResult, type WorkerSigner
} from './block-producer.js'
export { checkProvable, type ProvableCheckDeps } from './check-provable.js'
export { HeadFollower, type HeadChangeHandler, type HeadFollowerOptions } from './head-follower.js'
export {
  blockProductionMetrics, windowPoStMetrics, counterValue, type BlockProductionMetrics, type WindowPoStMetrics
} from './metrics.js'
export {
  localSectorFiles, sectorDirFiles, privateSectorInfo, type SectorFiles, type SectorFileSource, type LocalSectorLookup, type ChainSectorInfo
} from './sector-files.js'
export { selectMessages, BLOCK_GAS_LIMIT, BLOCK_MESSAGE_LIMIT, type SelectLimits } from './select-messages.js'
export {
  MiningSubsystem, type MiningChainApi, type MiningSubsystemDeps, type MiningSubsystemOptions, type MiningSubsystemStatus
} from './subsystem.js'
export { selectPoStAddress, type PoStAddressChainApi } from './wdpost/address.js'
export { PoStMethod, type WindowPoStChainApi, type WindowPoStConfig, type WindowPoStDeps } from './wdpost/context.js'
export { deadlineAfter, nextDeadline, periodStarted, type DeadlineInfo } from './wdpost/deadlines.js'
export { batchPartitions, sectorsToProve, type DeadlinePoSt } from './wdpost/prove.js'
export { chainCommitEpoch } from './wdpost/submit.js'
export { provingSettings, POSTED_PARTITIONS_MAX, type ProvingSettings } from './wdpost/settings.js'
export { WindowPoStScheduler, type WindowPoStEvent, type WindowPoStOptions, type WindowStatus } from './wdpost/scheduler.js'
