/**
 * The actors' {@link NetworkPolicy} a chain runs under, from the network parameters its genesis
 * template chose. Lotus fixes the policy per build (`make 2k` shortens proving periods); our
 * devnet takes it from the template, so a test chain with a 48-epoch proving period has miner
 * actors that prove every 48 epochs.
 *
 * What the template does not name comes from `base` (default {@link devnetPolicy}). The
 * Window PoSt values that only make sense relative to the challenge window (the challenge
 * lookback, the fault declaration cutoff, the oldest chain commit a proof may name) are
 * shortened with it, as builtin-actors derive them, so {@link policyProblems} finds nothing.
 */
import { sealProofForSectorSize, sealProofSectorSize, windowPoStProofForSeal, type SectorSize } from '../../core/sector/index.js'
import { devnetPolicy, policyProblems, type NetworkPolicy } from '../actors/policy.js'
import { GenesisInputError, jsonPath } from './errors.js'
import { validateNetworkParams, type NetworkParams } from './network-params.js'

/** Where the parameters come from when the caller does not say: the genesis template's section. */
const DEFAULT_SOURCE = 'genesis template NetworkParams'

/**
 * Maps the template's `NetworkParams` onto `base`. `source` names where the parameters came
 * from (a template file, or the genesis state); an inconsistent result throws a
 * {@link GenesisInputError} naming the template field at fault.
 */
export function policyFromNetworkParams (params: NetworkParams, base: NetworkPolicy = devnetPolicy, source = DEFAULT_SOURCE): NetworkPolicy {
  validateNetworkParams(params, source)
  const window = params.WPoStChallengeWindow
  const shortened = window < base.WPoStChallengeWindow
  // builtin-actors: the lookback sits well inside a window (20 of 60 on mainnet, 10 of 20 on the
  // devnet) and the fault cutoff at or after it; keep both when the window is not shortened.
  const lookback = shortened ? Math.min(base.WPoStChallengeLookback, Math.floor(window / 2)) : base.WPoStChallengeLookback
  const cutoff = shortened ? Math.max(lookback, Math.min(base.FaultDeclarationCutoff, window)) : base.FaultDeclarationCutoff
  const sealProofs = params.SupportedSectorSizes.map((size, i) =>
    sealProofForSectorSize(size, `${jsonPath(source, 'SupportedSectorSizes')}[${i}]`))

  const policy: NetworkPolicy = Object.freeze({
    ...base,
    WPoStProvingPeriod: params.WPoStProvingPeriod,
    WPoStPeriodDeadlines: params.WPoStPeriodDeadlines,
    WPoStChallengeWindow: window,
    WPoStChallengeLookback: lookback,
    FaultDeclarationCutoff: cutoff,
    // builtin-actors: wpost_max_chain_commit_age = wpost_challenge_window.
    WPoStMaxChainCommitAge: window,
    PreCommitChallengeDelay: params.PreCommitChallengeDelay,
    // builtin-actors: max_prove_commit_duration = 30 days + pre_commit_challenge_delay.
    MaxProveCommitDuration: base.MaxProveCommitDuration - base.PreCommitChallengeDelay + params.PreCommitChallengeDelay,
    MinimumConsensusPower: params.ConsensusMinerMinPower,
    // The template's deal bounds: a devnet takes deals far shorter than mainnet's 180 days.
    DealMinDuration: params.MinDealDuration,
    DealMaxDuration: params.MaxDealDuration,
    ValidPreCommitProofTypes: Object.freeze(sealProofs),
    ValidPoStProofTypes: Object.freeze(sealProofs.map((p) => windowPoStProofForSeal(p)))
  })
  checkPolicy(policy, params, source)
  return policy
}

/** The template field each of {@link policyProblems}'s rules depends on. */
function fieldOf (problem: string): keyof NetworkParams {
  if (problem.startsWith('WPoStPeriodDeadlines')) return 'WPoStPeriodDeadlines'
  if (problem.startsWith('WPoStProvingPeriod')) return 'WPoStProvingPeriod'
  if (problem.startsWith('PreCommitChallengeDelay')) return 'PreCommitChallengeDelay'
  return 'WPoStChallengeWindow'
}

function checkPolicy (policy: NetworkPolicy, params: NetworkParams, source: string): void {
  const problems = policyProblems(policy)
  if (problems.length > 0) {
    const field = fieldOf(problems[0]!)
    throw new GenesisInputError(`${field} (${String(params[field])}) gives an inconsistent actor policy: ${problems.join('; ')}`,
      { value: params[field], source: jsonPath(source, field) })
  }
  if (params.MaxDealDuration > policy.SectorMaximumLifetime) {
    throw new GenesisInputError(
      `MaxDealDuration (${params.MaxDealDuration}) is longer than any sector may live (SectorMaximumLifetime ${policy.SectorMaximumLifetime})`,
      { value: params.MaxDealDuration, source: jsonPath(source, 'MaxDealDuration') })
  }
}

/** The sector sizes a policy lets miners seal (what `SupportedSectorSizes` became). */
export function policySectorSizes (policy: NetworkPolicy): SectorSize[] {
  return [...new Set(policy.ValidPreCommitProofTypes.map((p) => sealProofSectorSize(p)))]
}
