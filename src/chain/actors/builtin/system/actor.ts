import type { CborCodec } from '../../../../core/cbor/index.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { cid } from '../../../../core/cbor/scalars.js'
import type { CID } from '../../../../core/cid.js'
import { callerIs, defineActor, method, type ActorDefinition } from '../../../vm/actor.js'
import { EmptyObjectCid } from '../../../vm/context.js'
import { SystemActorAddr } from '../addresses.js'
import { SystemActorCode } from '../codes.js'

/**
 * The system actor's state (builtin-actors `system::State`): the CID of the built-in actors
 * manifest, a CBOR list of `[name, code CID]` pairs (see `builtinManifest`).
 */
export interface SystemState {
  BuiltinActors: CID
}

export const systemStateCbor: CborCodec<SystemState> = tuple('SystemState', { BuiltinActors: cid })

export const SystemMethods = { Constructor: 1 } as const

export const systemActor: ActorDefinition = defineActor({
  name: 'system',
  code: SystemActorCode,
  methods: {
    [SystemMethods.Constructor]: method({
      name: 'Constructor',
      params: null,
      returns: null,
      callers: callerIs(SystemActorAddr),
      handler: async (rt) => {
        // An empty manifest, as builtin-actors' constructor writes; genesis writes the real one.
        await rt.state.create(systemStateCbor, { BuiltinActors: EmptyObjectCid })
      }
    })
  }
})
