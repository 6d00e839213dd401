// Expected consensus for the local devnet chain: the clock, the power view the election reads,
// block validation (Lotus ValidateBlock), block assembly (MinerCreateBlock) and the mining base
// (MinerGetBaseInfo).
export { ChainClock, type ChainClockOptions } from './clock.js'
export { InvalidBlockError, isTemporalError, type BlockInvalidKind } from './errors.js'
export {
  type PowerView, type PowerClaim, type MinerPowerView, type MinerElectionInfo, type ProvingSector
} from './power-view.js'
export { type MiningBaseInfo, type BlockTemplate, SyncStateStage } from './types.js'
export {
  type ConsensusChain, type ConsensusDeps, type ConsensusOptions, type ResolvedConsensusOptions, resolveConsensusOptions
} from './context.js'
export { computeBaseFee } from './base-fee.js'
export {
  lookbackForRound, resolveKeyAddress, minerWorkerKey, minerEligibleToMine, sectorsForWinningPoSt, winningPoStProofFor
} from './miner-state.js'
export { blockMessagesProblem } from './messages-check.js'
export { validateBlock } from './validate.js'
export { minerGetBaseInfo } from './base-info.js'
export { createBlock, type BlockSigner, type CreateBlockDeps } from './create-block.js'
