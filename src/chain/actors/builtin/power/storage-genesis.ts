import type { Address } from '../../../../core/address/index.js'
import type { StateTree } from '../../../state/index.js'
import type { ActorDefinition } from '../../../vm/actor.js'
import type { CronEntry } from '../cron/actor.js'
import { marketActor } from '../market/actor.js'
import { installMarketActor, marketCronEntry } from '../market/genesis.js'
import { verifregActor } from '../verifreg/actor.js'
import { installVerifregActor } from '../verifreg/genesis.js'
import { powerActor } from './actor.js'
import { installPowerActor, powerCronEntry } from './genesis.js'

/** The storage singletons' definitions, to pass to `newActorRegistry` beside the miner actor. */
export const storageActors: readonly ActorDefinition[] = [powerActor, marketActor, verifregActor]

/** Cron entries for `makeInitialState({ cronEntries })`, in Filecoin's order: power, then market. */
export const storageCronEntries: CronEntry[] = [powerCronEntry, marketCronEntry]

export interface StorageGenesisOptions {
  /** The verified registry's root key (resolved to an ID address if it has one); Lotus genesis uses a multisig. */
  verifiedRegistryRootKey: Address
}

/**
 * Installs the storage singletons (power f04, market f05, verified registry f06) with their
 * empty states in a genesis tree made by `makeInitialState` (call it with
 * `cronEntries: storageCronEntries` and a registry holding {@link storageActors}).
 */
export async function installStorageActors (tree: StateTree, options: StorageGenesisOptions): Promise<void> {
  await installPowerActor(tree)
  await installMarketActor(tree)
  await installVerifregActor(tree, options.verifiedRegistryRootKey)
}
