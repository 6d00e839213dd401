import type { Address } from '../../../../core/address/index.js'
import type { StateTree } from '../../../state/index.js'
import type { ActorDefinition } from '../../../vm/actor.js'
import type { CronEntry } from '../cron/actor.js'
import { powerActor } from './actor.js'
import { installPowerActor, powerCronEntry } from './genesis.js'

/** The storage singletons' definitions, to pass to `newActorRegistry` beside the miner actor. */
export const storageActors: readonly ActorDefinition[] = [powerActor]

/** Cron entries for `makeInitialState({ cronEntries })`, in Filecoin's order. */
export const storageCronEntries: CronEntry[] = [powerCronEntry]

export interface StorageGenesisOptions {
  /** The verified registry's root key (an ID address); Lotus genesis uses a multisig. */
  verifiedRegistryRootKey: Address
}

/**
 * Installs the storage singletons with their empty states in a genesis tree made by
 * `makeInitialState` (call it with `cronEntries: storageCronEntries`).
 */
export async function installStorageActors (tree: StateTree, _options: StorageGenesisOptions): Promise<void> {
  await installPowerActor(tree)
}
