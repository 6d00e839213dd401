import type { Address } from '../../../../core/address/index.js'
import type { CborCodec } from '../../../../core/cbor/index.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { address, bytes, cid, text } from '../../../../core/cbor/scalars.js'
import type { CID } from '../../../../core/cid.js'
import { anyCaller, callerIs, defineActor, method, type ActorDefinition } from '../../../vm/actor.js'
import { ExitCode } from '../../../vm/exitcode.js'
import { FirstNonSingletonId, SystemActorAddr } from '../addresses.js'
import { InitActorCode } from '../codes.js'
import { emptyAddressMap, initMapAddressToNewId, initStateCbor } from './state.js'

export const InitMethods = { Constructor: 1, Exec: 2 } as const

export interface InitConstructorParams { NetworkName: string }
export const initConstructorParamsCbor: CborCodec<InitConstructorParams> = tuple('InitConstructorParams', { NetworkName: text })

/** Exec's parameters (builtin-actors `init::ExecParams`). */
export interface ExecParams { CodeCID: CID, ConstructorParams: Uint8Array }
export const execParamsCbor: CborCodec<ExecParams> = tuple('ExecParams', { CodeCID: cid, ConstructorParams: bytes() })

/** Exec's result: the new actor's ID address and robust (f2) address. */
export interface ExecReturn { IDAddress: Address, RobustAddress: Address }
export const execReturnCbor: CborCodec<ExecReturn> = tuple('ExecReturn', { IDAddress: address, RobustAddress: address })

/**
 * The init actor: hands out actor IDs and creates actors. Exec checks the new actor's
 * `execableBy` rule against the caller's code (builtin-actors `can_exec`: only the power
 * actor creates miners; anyone creates multisigs and payment channels).
 */
export const initActor: ActorDefinition = defineActor({
  name: 'init',
  code: InitActorCode,
  methods: {
    [InitMethods.Constructor]: method({
      name: 'Constructor',
      params: initConstructorParamsCbor,
      returns: null,
      callers: callerIs(SystemActorAddr),
      handler: async (rt, params) => {
        await rt.state.create(initStateCbor, {
          AddressMap: await emptyAddressMap(rt.store),
          NextID: FirstNonSingletonId,
          NetworkName: params.NetworkName
        })
      }
    }),
    [InitMethods.Exec]: method({
      name: 'Exec',
      params: execParamsCbor,
      returns: execReturnCbor,
      callers: anyCaller,
      handler: async (rt, params) => {
        const target = rt.registry.get(params.CodeCID)
        if (target === undefined) return rt.abort(ExitCode.ErrIllegalArgument, `cannot exec unknown actor code ${params.CodeCID.toString()}`)
        const callerCode = await rt.getActorCodeCid(rt.caller)
        const allowed = target.execableBy === 'any' || (callerCode !== null && target.execableBy.some((c) => c.equals(callerCode)))
        if (!allowed) rt.abort(ExitCode.ErrForbidden, `caller ${rt.caller.toString()} may not create ${target.name} actors`)

        const robust = rt.newActorAddress()
        const id = await rt.state.transaction(initStateCbor, async (st) => {
          const next = await initMapAddressToNewId(rt.store, st, robust)
          Object.assign(st, next.state)
          return next.id
        })
        await rt.createActor(params.CodeCID, id)
        const ret = await rt.send(id, 1, params.ConstructorParams, rt.valueReceived)
        if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, `constructor of new ${target.name} actor failed`)
        return { IDAddress: id, RobustAddress: robust }
      }
    })
  }
})
