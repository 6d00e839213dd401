import { RegisteredPoStProof, RegisteredSealProof } from '../../core/sector/index.js'

/**
 * Every network parameter the miner, power and market actors read: builtin-actors'
 * `runtime::Policy` (plus the few miner constants Lotus exposes through its `policy`
 * package), with Lotus's Go spelling (`wpost_proving_period` → `WPoStProvingPeriod`).
 * Epoch counts are plain numbers; powers and token fractions are bigints.
 *
 * A network picks one in its genesis template; {@link mainnetPolicy} holds builtin-actors'
 * values, {@link devnetPolicy} a devnet a person can watch (one-hour proving period at 4 s blocks).
 */
export interface NetworkPolicy {
  /** Epochs of finality (`chain_finality`). */
  readonly ChainFinality: number
  /** Epochs in a "day" for day-denominated bounds: builtin-actors use 30-second epochs on every network. */
  readonly EpochsInDay: number

  // --- Window PoSt and deadlines ---
  /** Epochs between successive proofs of each deadline (`wpost_proving_period`). */
  readonly WPoStProvingPeriod: number
  /** Epochs a deadline's challenge window is open (`wpost_challenge_window`). */
  readonly WPoStChallengeWindow: number
  /** Deadlines per proving period (`wpost_period_deadlines`). */
  readonly WPoStPeriodDeadlines: number
  /** How far before a deadline opens its challenge randomness is drawn (`wpost_challenge_lookback`). */
  readonly WPoStChallengeLookback: number
  /** Oldest chain commit a Window PoSt may name, in epochs (`wpost_max_chain_commit_age`). */
  readonly WPoStMaxChainCommitAge: number
  /** Epochs an optimistically accepted PoSt stays disputable (`wpost_dispute_window`). */
  readonly WPoStDisputeWindow: number
  /** Epochs before a deadline opens after which faults/recoveries for it are refused (`fault_declaration_cutoff`). */
  readonly FaultDeclarationCutoff: number
  /** Epochs a sector may stay faulty before it is terminated (`fault_max_age`). */
  readonly FaultMaxAge: number
  /** Most partitions in one deadline (`max_partitions_per_deadline`). */
  readonly MaxPartitionsPerDeadline: number
  /** Most partitions one SubmitWindowedPoSt may prove (`posted_partitions_max`). */
  readonly PostedPartitionsMax: number
  /** Most partitions one declaration/termination may address (`addressed_partitions_max`). */
  readonly AddressedPartitionsMax: number
  /** Most sectors one declaration/termination may address (`addressed_sectors_max`). */
  readonly AddressedSectorsMax: number
  /** Most declarations in one DeclareFaults/DeclareFaultsRecovered/TerminateSectors (`declarations_max`). */
  readonly DeclarationsMax: number

  // --- sectors, pre-commit and prove-commit ---
  /** Most sectors a miner may have (`sectors_max`). */
  readonly SectorsMax: number
  /** Most sectors in one PreCommitSectorBatch (`pre_commit_sector_batch_max_size`). */
  readonly PreCommitSectorBatchMaxSize: number
  /** Epochs between pre-commit and the interactive seal seed (`pre_commit_challenge_delay`). */
  readonly PreCommitChallengeDelay: number
  /** Oldest seal randomness a pre-commit may use (`max_pre_commit_randomness_lookback`). */
  readonly MaxPreCommitRandomnessLookback: number
  /** Epochs after pre-commit within which the sector must be proven (`max_prove_commit_duration`, V1_1 types). */
  readonly MaxProveCommitDuration: number
  /** Epochs after a pre-commit expires before its deposit is burnt by cron (`expired_pre_commit_clean_up_delay`). */
  readonly ExpiredPreCommitCleanUpDelay: number
  /** Shortest sector lifetime (`min_sector_expiration`). */
  readonly MinSectorExpiration: number
  /** Longest expiration ahead of the current epoch (`max_sector_expiration_extension`). */
  readonly MaxSectorExpirationExtension: number
  /** Longest total sector lifetime for V1_1 seal proofs (`seal_proof_sector_maximum_lifetime`). */
  readonly SectorMaximumLifetime: number
  /** Seal proof types PreCommitSector accepts (`valid_pre_commit_proof_type`). */
  readonly ValidPreCommitProofTypes: readonly RegisteredSealProof[]
  /** Window PoSt proof types a miner may be created with (`valid_post_proof_type`). */
  readonly ValidPoStProofTypes: readonly RegisteredPoStProof[]

  // --- addresses and info ---
  /** Epochs a worker key change waits before it takes effect (`worker_key_change_delay`). */
  readonly WorkerKeyChangeDelay: number
  /** Most control addresses (`max_control_addresses`). */
  readonly MaxControlAddresses: number
  /** Longest peer ID in bytes (`max_peer_id_length`). */
  readonly MaxPeerIDLength: number
  /** Total multiaddr bytes (`max_multiaddr_data`). */
  readonly MaxMultiaddrData: number
  /** Epochs a miner is ineligible after a consensus fault (`consensus_fault_ineligibility_duration`). */
  readonly ConsensusFaultIneligibilityDuration: number

  // --- power, market, verified registry ---
  /** Raw-byte power a miner needs to take part in consensus (`minimum_consensus_power`). */
  readonly MinimumConsensusPower: bigint
  /** Epochs between a deal's payment updates in cron (`deal_updates_interval`). */
  readonly DealUpdatesInterval: number
  /** Share of normalised circulating supply provider collateral must cover (`prov_collateral_percent_supply_num/denom`). */
  readonly ProvCollateralPercentSupplyNum: bigint
  readonly ProvCollateralPercentSupplyDenom: bigint
  /** Smallest verified deal / datacap grant, in bytes (`minimum_verified_allocation_size`). */
  readonly MinimumVerifiedAllocationSize: bigint
  /** Inclusive bounds on a deal's duration in epochs (builtin-actors `deal_duration_bounds`: 180 to 1278 days). */
  readonly DealMinDuration: number
  readonly DealMaxDuration: number
  /** Term bounds of verified allocations (`minimum/maximum_verified_allocation_term`). */
  readonly MinimumVerifiedAllocationTerm: number
  readonly MaximumVerifiedAllocationTerm: number
  /** Longest wait for an allocation to be claimed (`maximum_verified_allocation_expiration`). */
  readonly MaximumVerifiedAllocationExpiration: number
}

const MainnetEpochsInDay = 2880
const MainnetFinality = 900

/** builtin-actors' default (mainnet) policy. */
export const mainnetPolicy: NetworkPolicy = Object.freeze({
  ChainFinality: MainnetFinality,
  EpochsInDay: MainnetEpochsInDay,
  WPoStProvingPeriod: MainnetEpochsInDay,
  WPoStChallengeWindow: 60,
  WPoStPeriodDeadlines: 48,
  WPoStChallengeLookback: 20,
  WPoStMaxChainCommitAge: 60,
  WPoStDisputeWindow: 2 * MainnetFinality,
  FaultDeclarationCutoff: 20 + 50,
  FaultMaxAge: 42 * MainnetEpochsInDay,
  MaxPartitionsPerDeadline: 3000,
  PostedPartitionsMax: 3,
  AddressedPartitionsMax: 25,
  AddressedSectorsMax: 25_000,
  DeclarationsMax: 3000,
  SectorsMax: 32 << 20,
  PreCommitSectorBatchMaxSize: 256,
  PreCommitChallengeDelay: 150,
  MaxPreCommitRandomnessLookback: MainnetEpochsInDay + MainnetFinality,
  MaxProveCommitDuration: 30 * MainnetEpochsInDay + 150,
  ExpiredPreCommitCleanUpDelay: 8 * 120,
  MinSectorExpiration: 180 * MainnetEpochsInDay,
  MaxSectorExpirationExtension: 1278 * MainnetEpochsInDay,
  SectorMaximumLifetime: 5 * 365 * MainnetEpochsInDay,
  ValidPreCommitProofTypes: Object.freeze([RegisteredSealProof.StackedDrg32GiBV1_1, RegisteredSealProof.StackedDrg64GiBV1_1]),
  ValidPoStProofTypes: Object.freeze([RegisteredPoStProof.StackedDrgWindow32GiBV1_1, RegisteredPoStProof.StackedDrgWindow64GiBV1_1]),
  WorkerKeyChangeDelay: MainnetFinality,
  MaxControlAddresses: 10,
  MaxPeerIDLength: 128,
  MaxMultiaddrData: 1024,
  ConsensusFaultIneligibilityDuration: MainnetFinality,
  MinimumConsensusPower: 10n << 40n,
  DealUpdatesInterval: 30 * MainnetEpochsInDay,
  DealMinDuration: 180 * MainnetEpochsInDay,
  DealMaxDuration: 1278 * MainnetEpochsInDay,
  ProvCollateralPercentSupplyNum: 1n,
  ProvCollateralPercentSupplyDenom: 100n,
  MinimumVerifiedAllocationSize: 1n << 20n,
  MinimumVerifiedAllocationTerm: 180 * MainnetEpochsInDay,
  MaximumVerifiedAllocationTerm: 5 * 365 * MainnetEpochsInDay,
  MaximumVerifiedAllocationExpiration: 60 * MainnetEpochsInDay
})

/**
 * The devnet: every sector size (2 KiB up), a 960-epoch proving period (64 minutes at 4 s
 * blocks) of 48 deadlines of 20 epochs, a 10-epoch challenge lookback, a 10-epoch interactive
 * seal delay (Lotus's 2k build), a one-hour worker key change delay, 2 KiB minimum power,
 * 256-byte verified deals and deal payments every 20 epochs. Day-denominated bounds (sector and
 * deal lifetimes) stay as on mainnet, in 30-second epochs, so deal and sector terms agree.
 */
export const devnetPolicy: NetworkPolicy = Object.freeze({
  ...mainnetPolicy,
  WPoStProvingPeriod: 960,
  WPoStChallengeWindow: 20,
  WPoStChallengeLookback: 10,
  WPoStMaxChainCommitAge: 20,
  FaultDeclarationCutoff: 20,
  PreCommitChallengeDelay: 10,
  MaxProveCommitDuration: 30 * MainnetEpochsInDay + 10,
  ExpiredPreCommitCleanUpDelay: 120,
  ValidPreCommitProofTypes: Object.freeze([
    RegisteredSealProof.StackedDrg2KiBV1_1, RegisteredSealProof.StackedDrg8MiBV1_1, RegisteredSealProof.StackedDrg512MiBV1_1,
    RegisteredSealProof.StackedDrg32GiBV1_1, RegisteredSealProof.StackedDrg64GiBV1_1
  ]),
  ValidPoStProofTypes: Object.freeze([
    RegisteredPoStProof.StackedDrgWindow2KiBV1_1, RegisteredPoStProof.StackedDrgWindow8MiBV1_1,
    RegisteredPoStProof.StackedDrgWindow512MiBV1_1, RegisteredPoStProof.StackedDrgWindow32GiBV1_1,
    RegisteredPoStProof.StackedDrgWindow64GiBV1_1
  ]),
  MinimumConsensusPower: 2048n,
  DealUpdatesInterval: 20,
  // As the default genesis template (DEFAULT_NETWORK_PARAMS): deals from two minutes to 540 days of 30 s epochs.
  DealMinDuration: 120,
  DealMaxDuration: 1_555_200,
  MinimumVerifiedAllocationSize: 256n
})

/**
 * Checks the shape rules the actors rely on: the proving period splits into whole challenge
 * windows, the lookback and fault cutoff fit before a deadline opens. Returns the problems found.
 */
export function policyProblems (p: NetworkPolicy): string[] {
  const out: string[] = []
  if (p.WPoStPeriodDeadlines <= 0 || p.WPoStChallengeWindow <= 0) out.push('WPoStPeriodDeadlines and WPoStChallengeWindow must be positive')
  if (p.WPoStPeriodDeadlines * p.WPoStChallengeWindow !== p.WPoStProvingPeriod) {
    out.push(`WPoStProvingPeriod ${p.WPoStProvingPeriod} must equal WPoStPeriodDeadlines ${p.WPoStPeriodDeadlines} × WPoStChallengeWindow ${p.WPoStChallengeWindow}`)
  }
  if (p.WPoStChallengeLookback < 0 || p.WPoStChallengeLookback > p.FaultDeclarationCutoff) {
    out.push(`WPoStChallengeLookback ${p.WPoStChallengeLookback} must be between 0 and FaultDeclarationCutoff ${p.FaultDeclarationCutoff}`)
  }
  if (p.PreCommitChallengeDelay <= 0) out.push('PreCommitChallengeDelay must be positive')
  return out
}
