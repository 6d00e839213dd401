import type { Runtime } from '../../../vm/runtime.js'

/**
 * The policy values the power, market and verified registry actors read (builtin-actors
 * `runtime::Policy`, the fields these actors use), read from the network policy the VM carries.
 */
export interface StorageActorsPolicy {
  /** Raw-byte power a miner needs to take part in consensus (`minimum_consensus_power`). */
  minimumConsensusPower: bigint
  /** Epochs between a deal's payment updates in cron (`deal_updates_interval`). */
  dealUpdatesInterval: number
  /** Share of normalised circulating supply provider collateral must cover, as num/denom. */
  provCollateralPercentSupplyNum: bigint
  provCollateralPercentSupplyDenom: bigint
  /** Smallest verified deal / datacap grant, in bytes (`minimum_verified_allocation_size`). */
  minimumVerifiedAllocationSize: bigint
}

/** Filecoin mainnet values (builtin-actors default features). */
export const mainnetStorageActorsPolicy: StorageActorsPolicy = {
  minimumConsensusPower: 10n << 40n,
  dealUpdatesInterval: 30 * 2880,
  provCollateralPercentSupplyNum: 1n,
  provCollateralPercentSupplyDenom: 100n,
  minimumVerifiedAllocationSize: 1n << 20n
}

/**
 * Devnet values: the actor bundle's `min-power-2k` and `small-deals` features (2 KiB minimum
 * power, 256-byte verified deals), and deal payments settled every 20 epochs instead of every
 * 30 days so a devnet shows them within minutes.
 */
export const devnetStorageActorsPolicy: StorageActorsPolicy = {
  ...mainnetStorageActorsPolicy,
  minimumConsensusPower: 2048n,
  dealUpdatesInterval: 20,
  minimumVerifiedAllocationSize: 256n
}

/** The policy in force for this call: the network's, as the VM carries it. */
export function policyOf (rt: Runtime): StorageActorsPolicy {
  const p = rt.policy
  return {
    minimumConsensusPower: p.MinimumConsensusPower,
    dealUpdatesInterval: p.DealUpdatesInterval,
    provCollateralPercentSupplyNum: p.ProvCollateralPercentSupplyNum,
    provCollateralPercentSupplyDenom: p.ProvCollateralPercentSupplyDenom,
    minimumVerifiedAllocationSize: p.MinimumVerifiedAllocationSize
  }
}
