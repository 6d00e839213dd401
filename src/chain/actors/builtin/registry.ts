import { ActorRegistry, type ActorDefinition } from '../../vm/actor.js'
import { accountActor } from './account/actor.js'
import { cronActor } from './cron/actor.js'
import { initActor } from './init/actor.js'
import { rewardActor } from './reward/actor.js'
import { systemActor } from './system/actor.js'

/**
 * The basic built-in actors. Burnt funds (f099) is an account actor, as in Filecoin's genesis.
 * The storage actors (power, miner, market, verified registry) are added by passing them to
 * {@link newActorRegistry}.
 */
export const basicBuiltinActors: readonly ActorDefinition[] = [systemActor, initActor, accountActor, rewardActor, cronActor]

/** A registry of the basic built-in actors plus `extra`. */
export function newActorRegistry (extra: Iterable<ActorDefinition> = []): ActorRegistry {
  return new ActorRegistry([...basicBuiltinActors, ...extra])
}
