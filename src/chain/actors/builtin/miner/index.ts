/**
 * The storage miner actor (builtin-actors `miner`): info and control addresses, pre-commit and
 * prove-commit with dev PoRep, deadlines and partitions, Window PoSt, faults, recoveries,
 * terminations and expiry through the power actor's cron, and pure readers for the API.
 */
export { minerActor } from './actor.js'
export * from './types.js'
export * from './state.js'
export {
  type DeadlineInfo, newDeadlineInfo, deadlineInfoFromOffsetAndEpoch, nextNotElapsed, assignProvingPeriodOffset,
  currentProvingPeriodStart, currentDeadlineIndex, deadlineIsMutable, deadlineIsOpen, deadlineHasElapsed, faultCutoffPassed,
  periodStarted, quantizeDown, quantizeUp
} from './dline.js'
export {
  type RewardInputs, qaPowerForWeight, powerForSector, expectedRewardForPower, preCommitDepositForPower, initialPledgeForPower,
  faultPenaltyForPower, terminationFee, InitialPledgeMaxPerByte
} from './monies.js'
export { policyOf, availableBalance } from './context.js'
export { devProofVerifier } from './proof-verifier.js'
export * from './readers.js'
