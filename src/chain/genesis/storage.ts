/**
 * The storage actors' part of genesis, from what the actors export: their singletons
 * (`installStorageActors`: power, market, verified registry) and cron entries, and the genesis
 * miners (`genesis-miners.ts`), which need a miner actor in the registry.
 */
import { newActorRegistry, StorageMinerActorCode } from '../actors/index.js'
import { installStorageActors, storageActors, storageCronEntries } from '../actors/builtin/power/storage-genesis.js'
import { activateGenesisSectors, storageMinerActor } from '../actors/builtin/storageminer/index.js'
import type { ActorDefinition } from '../vm/index.js'
import { GenesisInputError } from './errors.js'
import type { StorageGenesis } from './genesis-state.js'
import { setupGenesisMiners, type ActivateGenesisSectors } from './genesis-miners.js'

export interface StorageGenesisParts {
  /** Every storage actor, the miner actor included once it exists; default the singletons. */
  actors?: readonly ActorDefinition[]
  /** The miner actor's genesis activation of pre-sealed sectors. */
  activateSectors?: ActivateGenesisSectors
}

/** A {@link StorageGenesis} from the storage actors' exports. */
export function storageGenesis (parts: StorageGenesisParts = {}): StorageGenesis {
  const actors = parts.actors ?? storageActors
  return {
    actors,
    cronEntries: storageCronEntries,
    setupSingletons: async (tree, ctx) => { await installStorageActors(tree, { verifiedRegistryRootKey: ctx.verifregRoot }) },
    setupMiners: async (tree, ctx) => {
      const registry = newActorRegistry(actors)
      if (registry.get(StorageMinerActorCode) === undefined) {
        throw new GenesisInputError(`the template has ${ctx.miners.length} genesis miner(s), but this build has no storage miner actor to create them`,
          { source: `${ctx.source}: Miners` })
      }
      await setupGenesisMiners(tree, { ...ctx, registry, activateSectors: parts.activateSectors })
    }
  }
}

/** The storage actors as this build has them: power, market, verified registry and the storage miner. */
export const builtinStorageGenesis: StorageGenesis = storageGenesis({
  actors: [...storageActors, storageMinerActor],
  activateSectors: activateGenesisSectors
})
