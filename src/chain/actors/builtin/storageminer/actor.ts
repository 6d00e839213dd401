/**
 * The storage miner actor as the chain registers it: the miner actor of `../miner/` with
 * builtin-actors' genesis-only method 17 (`InternalSectorSetupForPreseal`, system actor only)
 * added, so a genesis can activate pre-sealed sectors. Only the power actor may create miners.
 */
import { callerIs, method, type ActorDefinition, type MethodEntry } from '../../../vm/actor.js'
import { SystemActorAddr } from '../addresses.js'
import { minerActor } from '../miner/actor.js'
import { internalSectorSetupForPreseal, internalSectorSetupForPresealParamsCbor, InternalSectorSetupForPresealMethod } from './preseal.js'

const presealEntry: MethodEntry = method({
  name: 'InternalSectorSetupForPreseal',
  params: internalSectorSetupForPresealParamsCbor,
  returns: null,
  callers: callerIs(SystemActorAddr),
  handler: internalSectorSetupForPreseal
})

export const storageMinerActor: ActorDefinition = Object.freeze({
  ...minerActor,
  methods: new Map<bigint, MethodEntry>([
    ...minerActor.methods,
    [BigInt(InternalSectorSetupForPresealMethod), presealEntry]
  ])
})
