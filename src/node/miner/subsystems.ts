/**
 * `[Subsystems]` as `lotus-miner run` reads it (Lotus `node/builder_miner.go`,
 * ConfigStorageMiner): the combinations Lotus refuses, with Lotus's error texts plus the config
 * key at fault, and the list `RuntimeSubsystems` reports (always in the order Mining, Sealing,
 * SectorStorage, Markets).
 */
import { InvalidInputError } from '../../core/errors.js'
import type { MinerSubsystem } from '../../api/miner.js'
import type { MinerConfig } from '../../repo/index.js'

/** What this process will build, after the checks. */
export interface SubsystemPlan {
  readonly mining: boolean
  readonly sealing: boolean
  readonly sectorStorage: boolean
  /** Markets runs in this process (a markets node, or a monolith beside mining). */
  readonly marketsRequested: boolean
  /** A markets node (`init service --type=markets`): Markets alone, the sealer reached over RPC. */
  readonly marketsOnly: boolean
}

const SOURCE = 'config.toml [Subsystems]'

export function planSubsystems (config: Pick<MinerConfig, 'Subsystems' | 'Dealmaking'>): SubsystemPlan {
  const s = config.Subsystems
  if (!s.EnableMining && (s.EnableSealing || s.EnableSectorStorage)) {
    throw new InvalidInputError('ERR_SUBSYSTEMS', 'sealing can only be enabled on a mining node',
      { value: s, source: `${SOURCE} ${s.EnableSealing ? 'EnableSealing' : 'EnableSectorStorage'}` })
  }
  if (s.EnableMining && (!s.EnableSealing || !s.EnableSectorStorage)) {
    throw new InvalidInputError('ERR_SUBSYSTEMS', "sealing can't be disabled on a mining node yet",
      { value: s, source: `${SOURCE} ${!s.EnableSealing ? 'EnableSealing' : 'EnableSectorStorage'}` })
  }
  const pricing = config.Dealmaking.RetrievalPricing
  if (pricing.Strategy !== 'default' && pricing.Strategy !== 'external') {
    throw new InvalidInputError('ERR_RETRIEVAL_PRICING', `retrieval pricing policy must be either default or external, got ${JSON.stringify(pricing.Strategy)}`,
      { value: pricing.Strategy, source: 'config.toml [Dealmaking.RetrievalPricing] Strategy' })
  }
  if (pricing.Strategy === 'external' && pricing.External.Path === '') {
    throw new InvalidInputError('ERR_RETRIEVAL_PRICING', 'retrieval pricing policy has been to set to external but external policy config is nil',
      { source: 'config.toml [Dealmaking.RetrievalPricing.External] Path' })
  }
  const marketsOnly = s.EnableMarkets && !s.EnableMining
  if (marketsOnly && s.SealerApiInfo.trim() === '') {
    throw new InvalidInputError('ERR_SUBSYSTEMS', 'a markets node needs SealerApiInfo: TOKEN:MULTIADDR of the mining node (lotus-miner auth api-info --perm admin)',
      { source: `${SOURCE} SealerApiInfo` })
  }
  if (marketsOnly && s.SectorIndexApiInfo.trim() === '') {
    throw new InvalidInputError('ERR_SUBSYSTEMS', 'a markets node needs SectorIndexApiInfo: TOKEN:MULTIADDR of the node holding the sector index',
      { source: `${SOURCE} SectorIndexApiInfo` })
  }
  return { mining: s.EnableMining, sealing: s.EnableSealing, sectorStorage: s.EnableSectorStorage, marketsRequested: s.EnableMarkets, marketsOnly }
}

/** What `RuntimeSubsystems` reports: what this process really runs, in Lotus's order. */
export function runtimeSubsystems (plan: SubsystemPlan): MinerSubsystem[] {
  const out: MinerSubsystem[] = []
  if (plan.mining) out.push('Mining')
  if (plan.sealing) out.push('Sealing')
  if (plan.sectorStorage) out.push('SectorStorage')
  if (plan.marketsRequested) out.push('Markets')
  return out
}
