/**
 * A chain's actor policy from its genesis network parameters: the devnet policy
 * (`policy.ts`), with the proving period, deadlines, challenge window, interactive seal delay,
 * consensus minimum power and accepted proof types the template chose. The VM context of a
 * chain made from a template should carry `policyFromNetworkParams(params)` (genesis VM
 * included), so actors and the node agree on deadlines.
 */
import { sealProofForSectorSize, windowPoStProofForSeal, type RegisteredPoStProof, type RegisteredSealProof } from '../../core/sector/index.js'
import { devnetPolicy, mainnetPolicy, policyProblems, type NetworkPolicy } from './policy.js'

export { devnetPolicy, mainnetPolicy, policyProblems, type NetworkPolicy }

/** The network parameters a policy follows (the genesis template's `NetworkParams` fits). */
export interface PolicyNetworkParams {
  readonly SupportedSectorSizes: readonly number[]
  readonly WPoStProvingPeriod: number
  readonly WPoStPeriodDeadlines: number
  readonly WPoStChallengeWindow: number
  readonly PreCommitChallengeDelay: number
  readonly ConsensusMinerMinPower: bigint
}

/** Thrown when network parameters cannot make a consistent policy (see {@link policyProblems}). */
export class NetworkPolicyError extends RangeError {
  constructor (readonly problems: readonly string[]) {
    super(`inconsistent network policy: ${problems.join('; ')}`)
    this.name = 'NetworkPolicyError'
  }
}

/**
 * The policy of a chain made with `params`, on top of `base` (default the devnet's). The
 * challenge lookback and fault cutoff shrink to fit a short challenge window; the longest
 * prove-commit wait follows the interactive delay as builtin-actors' does (30 days + delay).
 * Throws {@link NetworkPolicyError} when the numbers do not fit together.
 */
export function policyFromNetworkParams (params: PolicyNetworkParams, base: NetworkPolicy = devnetPolicy): NetworkPolicy {
  const seal: RegisteredSealProof[] = params.SupportedSectorSizes.map((s) => sealProofForSectorSize(s, 'SupportedSectorSizes'))
  const post: RegisteredPoStProof[] = seal.map((p) => windowPoStProofForSeal(p))
  const lookback = Math.min(base.WPoStChallengeLookback, params.WPoStChallengeWindow)
  const cutoff = Math.max(lookback, Math.min(base.FaultDeclarationCutoff, params.WPoStChallengeWindow))
  const policy: NetworkPolicy = Object.freeze({
    ...base,
    WPoStProvingPeriod: params.WPoStProvingPeriod,
    WPoStPeriodDeadlines: params.WPoStPeriodDeadlines,
    WPoStChallengeWindow: params.WPoStChallengeWindow,
    WPoStChallengeLookback: lookback,
    WPoStMaxChainCommitAge: Math.min(base.WPoStMaxChainCommitAge, params.WPoStChallengeWindow),
    FaultDeclarationCutoff: cutoff,
    PreCommitChallengeDelay: params.PreCommitChallengeDelay,
    MaxProveCommitDuration: 30 * base.EpochsInDay + params.PreCommitChallengeDelay,
    MinimumConsensusPower: params.ConsensusMinerMinPower,
    ValidPreCommitProofTypes: Object.freeze(seal),
    ValidPoStProofTypes: Object.freeze(post)
  })
  const problems = policyProblems(policy)
  if (problems.length > 0) throw new NetworkPolicyError(problems)
  return policy
}
