/**
 * The `[Proving]` settings the scheduler reads at each cycle (so `config.toml` edits apply on
 * restart without code paths of their own), in milliseconds and plain numbers.
 */
import { goDurationToMs, type MinerConfig } from '../../repo/config/index.js'

/** builtin-actors `POSTED_PARTITIONS_MAX`: most partitions one SubmitWindowedPoSt may name. */
export const POSTED_PARTITIONS_MAX = 3

export interface ProvingSettings {
  /** Sector checks in flight at once; 0 = no limit. */
  readonly parallelCheckLimit: number
  readonly singleCheckTimeoutMs: number
  readonly partitionCheckTimeoutMs: number
  readonly disableBuiltinWindowPoSt: boolean
  readonly disableWDPoStPreChecks: boolean
  /** Most partitions per SubmitWindowedPoSt; never above the network limit. */
  readonly maxPartitionsPerPoStMessage: number
  /** Most partitions per DeclareFaultsRecovered / DeclareFaults; 0 = no limit. */
  readonly maxPartitionsPerRecoveryMessage: number
  readonly singleRecoveringPartitionPerPostMessage: boolean
}

export function provingSettings (cfg: MinerConfig['Proving'], networkMax: number = POSTED_PARTITIONS_MAX): ProvingSettings {
  const configured = cfg.MaxPartitionsPerPoStMessage
  return {
    parallelCheckLimit: cfg.ParallelCheckLimit,
    singleCheckTimeoutMs: goDurationToMs(cfg.SingleCheckTimeout),
    partitionCheckTimeoutMs: goDurationToMs(cfg.PartitionCheckTimeout),
    disableBuiltinWindowPoSt: cfg.DisableBuiltinWindowPoSt,
    disableWDPoStPreChecks: cfg.DisableWDPoStPreChecks,
    maxPartitionsPerPoStMessage: configured > 0 && configured < networkMax ? configured : networkMax,
    maxPartitionsPerRecoveryMessage: cfg.MaxPartitionsPerRecoveryMessage,
    singleRecoveringPartitionPerPostMessage: cfg.SingleRecoveringPartitionPerPostMessage
  }
}
