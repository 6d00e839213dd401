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
  /** The markets subsystem was asked for; this build runs the mining side without it (see `warnings`). */
  readonly marketsRequested: boolean
  /** Lines worth a warning at start-up. */
  readonly warnings: readonly string[]
}

const SOURCE = 'config.toml [Subsystems]'

/** Markets is not part of this build: a markets-only node cannot start; a monolith runs without it. */
export const MARKETS_NOT_BUILT = 'the markets subsystem (storage and retrieval deals over libp2p) is not part of this build yet'

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
  if (s.EnableMarkets && !s.EnableMining) {
    throw new InvalidInputError('ERR_SUBSYSTEMS_UNSUPPORTED',
      `${MARKETS_NOT_BUILT}, so a markets-only node cannot run; set EnableMarkets = false, or run a mining node (EnableMining, EnableSealing, EnableSectorStorage = true)`,
      { value: s, source: `${SOURCE} EnableMarkets` })
  }
  const warnings = s.EnableMarkets
    ? [`${SOURCE} EnableMarkets = true: ${MARKETS_NOT_BUILT}; this node runs Mining, Sealing and SectorStorage without it (set EnableMarkets = false to silence this)`]
    : []
  return { mining: s.EnableMining, sealing: s.EnableSealing, sectorStorage: s.EnableSectorStorage, marketsRequested: s.EnableMarkets, warnings }
}

/** What `RuntimeSubsystems` reports: what this process really runs, in Lotus's order. */
export function runtimeSubsystems (plan: SubsystemPlan): MinerSubsystem[] {
  const out: MinerSubsystem[] = []
  if (plan.mining) out.push('Mining')
  if (plan.sealing) out.push('Sealing')
  if (plan.sectorStorage) out.push('SectorStorage')
  return out
}
