import type { Address } from '../../core/address/index.js'
import type { ChainEpoch } from '../../core/types.js'
import { winningPoStRandomness } from '../../proofs/election.js'
import { beaconEntriesForBlock, latestBeaconEntry } from '../beacon/index.js'
import type { TipSetKey } from '../types/index.js'
import type { ConsensusDeps, ResolvedConsensusOptions } from './context.js'
import { InvalidBlockError } from './errors.js'
import { lookbackForRound, minerEligibleToMine, resolveKeyAddress, sectorsForWinningPoSt } from './miner-state.js'
import type { MiningBaseInfo } from './types.js'

/**
 * What `miner` needs to try for a block at `round` on the tipset `tsk` (Lotus
 * `MinerGetBaseInfo`): power at the lookback state, the Winning PoSt sectors, the worker key,
 * the beacon entries the block must carry and whether the miner may mine. Undefined when the
 * miner has no actor at the lookback state (Lotus returns nil).
 */
export async function minerGetBaseInfo (
  deps: ConsensusDeps, opts: ResolvedConsensusOptions, miner: Address, round: ChainEpoch, tsk: TipSetKey
): Promise<MiningBaseInfo | undefined> {
  const ts = await deps.chain.loadTipSet(tsk)
  const prev = await latestBeaconEntry(async (k) => await deps.chain.loadTipSet(k), ts)
  if (prev === undefined) throw new InvalidBlockError('BadBeaconEntries', 'failed to get latest beacon entry: found NO beacon entries in the 20 latest tipsets')
  const entries = await beaconEntriesForBlock(deps.beacon, round, prev)
  const rbase = entries.length > 0 ? entries[entries.length - 1]! : prev
  const lookback = await lookbackForRound(deps, opts, ts, round)
  const info = await deps.power.minerInfo(lookback.stateRoot, miner)
  if (info === undefined) return undefined
  const prand = winningPoStRandomness(rbase.Data, round, miner)
  const sectors = await sectorsForWinningPoSt(deps, lookback.stateRoot, miner, prand)
  const power = await deps.power.minerPower(lookback.stateRoot, miner)
  return {
    MinerPower: power?.miner.QualityAdjPower ?? 0n,
    NetworkPower: power?.network.QualityAdjPower ?? 0n,
    Sectors: sectors,
    WorkerKey: await resolveKeyAddress(deps, lookback.stateRoot, info.worker),
    SectorSize: info.sectorSize,
    PrevBeaconEntry: prev,
    BeaconEntries: entries,
    EligibleForMining: await minerEligibleToMine(deps, miner, ts, lookback.stateRoot)
  }
}
