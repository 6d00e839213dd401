/**
 * Chain policy numbers the pipeline uses (go-state-types builtin/v9 miner policy and Lotus's
 * `build` constants), with the 2k devnet's values as defaults. Tests shrink them.
 */
export interface SealingPolicy {
  /** Ticket epoch = head - this (Lotus `policy.SealRandomnessLookback` = ChainFinality). */
  sealRandomnessLookback: number
  /** A ticket older than this many epochs can no longer be pre-committed. */
  maxPreCommitRandomnessLookback: number
  /** Seed epoch = PreCommit epoch + this. */
  preCommitChallengeDelay: number
  /** Epochs past the seed epoch before the seed is drawn (Lotus `InteractivePoRepConfidence`). */
  interactivePoRepConfidence: number
  /** Confidence epochs for StateWaitMsg (Lotus `build.MessageConfidence`). */
  messageConfidence: number
  maxProveCommitDuration: number
  minSectorExpiration: number
  maxSectorExpirationExtension: number
  wpostProvingPeriod: number
  /** Epoch length, to turn deal start epochs into wall-clock deadlines. */
  blockDelaySecs: number
  /** First wait after a failure; doubles per retry up to `maxRetryDelayMs` (Lotus `MinRetryTime` is 1 min). */
  minRetryDelayMs: number
  maxRetryDelayMs: number
  /** PreCommit2 failures before PreCommit1 runs again. */
  maxPreCommit2Fails: number
  /** Deals per sector (256 below 64 GiB sectors). */
  maxDealsPerSector: number
}

import type { NetworkPolicy } from '../chain/actors/policy.js'

const EPOCHS_IN_DAY = 2880

export const DEFAULT_SEALING_POLICY: SealingPolicy = {
  sealRandomnessLookback: 900,
  maxPreCommitRandomnessLookback: EPOCHS_IN_DAY + 900,
  preCommitChallengeDelay: 10,
  interactivePoRepConfidence: 6,
  messageConfidence: 5,
  maxProveCommitDuration: EPOCHS_IN_DAY * 30 + 10,
  minSectorExpiration: 180 * EPOCHS_IN_DAY,
  maxSectorExpirationExtension: 540 * EPOCHS_IN_DAY,
  wpostProvingPeriod: EPOCHS_IN_DAY,
  blockDelaySecs: 4,
  minRetryDelayMs: 60_000,
  maxRetryDelayMs: 30 * 60_000,
  maxPreCommit2Fails: 3,
  maxDealsPerSector: 256
}

/** The sealing policy of a network (its actors' policy and block delay); retry timing stays at the defaults. */
export function sealingPolicyFrom (network: NetworkPolicy, blockDelaySecs: number): SealingPolicy {
  return {
    ...DEFAULT_SEALING_POLICY,
    sealRandomnessLookback: network.ChainFinality,
    maxPreCommitRandomnessLookback: network.MaxPreCommitRandomnessLookback,
    preCommitChallengeDelay: network.PreCommitChallengeDelay,
    maxProveCommitDuration: network.MaxProveCommitDuration,
    minSectorExpiration: network.MinSectorExpiration,
    maxSectorExpirationExtension: network.MaxSectorExpirationExtension,
    wpostProvingPeriod: network.WPoStProvingPeriod,
    blockDelaySecs
  }
}

/** Backoff before retry number `retries` (1-based): min * 2^(retries-1), capped. */
export function retryDelayMs (policy: SealingPolicy, retries: number): number {
  return Math.min(policy.maxRetryDelayMs, policy.minRetryDelayMs * 2 ** Math.max(0, Math.min(30, retries - 1)))
}

/**
 * PreCommit expiration (Lotus precommit_policy.go): the latest deal end, or head + the CC
 * lifetime for a sector without deals; at least the minimum sector lifetime; raised so it
 * outlives the prove-commit window; capped at the maximum extension past the head (the actor
 * checks it against the epoch the message lands in, which is later).
 */
export function preCommitExpiration (policy: SealingPolicy, head: number, ticketEpoch: number, dealEnds: readonly number[], ccLifetimeEpochs: number): number {
  let exp = dealEnds.length > 0 ? Math.max(...dealEnds) : head + ccLifetimeEpochs
  exp = Math.max(exp, head + policy.minSectorExpiration + policy.wpostProvingPeriod)
  exp = Math.max(exp, ticketEpoch + policy.maxPreCommitRandomnessLookback + policy.maxProveCommitDuration + policy.minSectorExpiration)
  return Math.min(exp, head + policy.maxSectorExpirationExtension)
}
