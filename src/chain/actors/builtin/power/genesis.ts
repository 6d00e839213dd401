import type { MethodNum } from '../../../../core/types.js'
import type { StateTree } from '../../../state/index.js'
import { setupGenesisActor } from '../../genesis.js'
import { StoragePowerActorAddr } from '../addresses.js'
import { StoragePowerActorCode } from '../codes.js'
import type { CronEntry } from '../cron/actor.js'
import { newPowerState, powerStateCbor } from './state.js'
import { PowerMethods } from './types.js'

/** The power actor's cron entry (Filecoin genesis lists power first, then the market). */
export const powerCronEntry: CronEntry = { Receiver: StoragePowerActorAddr, MethodNum: BigInt(PowerMethods.OnEpochTickEnd) as MethodNum }

/** Stores the power actor (f04) with its empty state in a genesis tree. */
export async function installPowerActor (tree: StateTree): Promise<void> {
  await setupGenesisActor(tree, StoragePowerActorAddr, StoragePowerActorCode, powerStateCbor, await newPowerState(tree.store))
}
