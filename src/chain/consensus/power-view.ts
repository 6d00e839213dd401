import type { Address } from '../../core/address/index.js'
import type { CID } from '../../core/cid.js'
import type { ChainEpoch, SectorNumber } from '../../core/types.js'

/** A power claim (power actor `Claim`): raw-byte and quality-adjusted power in bytes. */
export interface PowerClaim {
  RawBytePower: bigint
  QualityAdjPower: bigint
}

/** A miner's power and the network's, at one state (Lotus `GetPowerRaw`). */
export interface MinerPowerView {
  miner: PowerClaim
  network: PowerClaim
  /** Whether the miner meets the consensus minimum power (power actor `MinerNominalPowerMeetsConsensusMinimum`). */
  hasMinPower: boolean
}

/** What the election needs of a miner's info (miner actor `MinerInfo`). */
export interface MinerElectionInfo {
  /** The worker address as the miner actor holds it (usually an ID address). */
  worker: Address
  /** Sector size in bytes. */
  sectorSize: number
}

/** A sector a Winning PoSt may be challenged on (Lotus `builtin.ExtendedSectorInfo`). */
export interface ProvingSector {
  SealProof: number
  SectorNumber: SectorNumber
  SectorKey: CID | null
  SealedCID: CID
}

/**
 * What consensus reads of the storage actors' state, given a state root. The power and miner
 * actors implement it when they land; tests pass a fake. Every method answers for the state
 * `stateRoot` names, so consensus picks which state (lookback or parent) each rule uses.
 */
export interface PowerView {
  /** The miner's claim and the network totals; undefined when the miner has no claim. */
  minerPower: (stateRoot: CID, miner: Address) => Promise<MinerPowerView | undefined>
  /** The miner's worker and sector size; undefined when no such miner actor exists. */
  minerInfo: (stateRoot: CID, miner: Address) => Promise<MinerElectionInfo | undefined>
  /**
   * Lotus `MinerEligibleToMine` past network version 3, at the base tipset's parent state: a
   * positive power claim, no fee debt and no consensus fault in effect at `baseEpoch`.
   */
  eligibleForElection: (stateRoot: CID, miner: Address, baseEpoch: ChainEpoch) => Promise<boolean>
  /** The miner's active sectors (its proving set), sorted by sector number. */
  provingSectors: (stateRoot: CID, miner: Address) => Promise<ProvingSector[]>
}
