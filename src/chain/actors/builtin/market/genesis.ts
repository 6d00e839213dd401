import type { MethodNum } from '../../../../core/types.js'
import type { StateTree } from '../../../state/index.js'
import { setupGenesisActor } from '../../genesis.js'
import { StorageMarketActorAddr } from '../addresses.js'
import { StorageMarketActorCode } from '../codes.js'
import type { CronEntry } from '../cron/actor.js'
import { marketStateCbor, newMarketState } from './state.js'
import { MarketMethods } from './types.js'

/** The market actor's cron entry (after the power actor's). */
export const marketCronEntry: CronEntry = { Receiver: StorageMarketActorAddr, MethodNum: BigInt(MarketMethods.CronTick) as MethodNum }

/** Stores the market actor (f05) with its empty state in a genesis tree. */
export async function installMarketActor (tree: StateTree): Promise<void> {
  await setupGenesisActor(tree, StorageMarketActorAddr, StorageMarketActorCode, marketStateCbor, await newMarketState(tree.store))
}
