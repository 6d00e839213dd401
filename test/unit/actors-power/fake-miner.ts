// A stand-in miner actor for the storage actors' tests: it is constructed by init Exec, records
// deferred cron events, answers ControlAddresses and forwards calls to other actors on request.
import type { Address } from '../../../src/core/address/index.js'
import { cborTypes, tuple, type CborCodec } from '../../../src/core/cbor/index.js'
import type { TokenAmount } from '../../../src/core/types.js'
import { StorageMinerActorCode, StoragePowerActorCode } from '../../../src/chain/actors/index.js'
import { minerConstructorParamsCbor } from '../../../src/chain/actors/builtin/power/index.js'
import { anyCaller, callerIs, defineActor, ExitCode, method, type ActorDefinition } from '../../../src/chain/vm/index.js'
import { StoragePowerActorAddr } from '../../../src/chain/actors/index.js'

export interface FakeMinerState { Owner: Address, Worker: Address, Control: Address[], CronCalls: bigint, LastPayload: Uint8Array }
export const fakeMinerStateCbor: CborCodec<FakeMinerState> = tuple('FakeMinerState', {
  Owner: cborTypes.address,
  Worker: cborTypes.address,
  Control: cborTypes.array(cborTypes.address),
  CronCalls: cborTypes.uint64,
  LastPayload: cborTypes.bytes()
})

/** Forward: send `Params` to `To` as method `Method`; return the callee's return bytes. */
export interface ForwardParams { To: Address, Method: bigint, Params: Uint8Array, Value: TokenAmount }
export const forwardParamsCbor: CborCodec<ForwardParams> = tuple('ForwardParams', {
  To: cborTypes.address,
  Method: cborTypes.uint64,
  Params: cborTypes.bytes(),
  Value: cborTypes.tokenAmount
})

export const ForwardMethod = 1000
export const SetControlMethod = 1001

export const fakeMinerActor: ActorDefinition = defineActor({
  name: 'storageminer',
  code: StorageMinerActorCode,
  execableBy: [StoragePowerActorCode],
  methods: {
    1: method({
      name: 'Constructor',
      params: minerConstructorParamsCbor,
      returns: null,
      callers: anyCaller,
      handler: async (rt, p) => {
        const owner = await rt.resolveAddress(p.OwnerAddr)
        const worker = await rt.resolveAddress(p.WorkerAddr)
        if (owner === null || worker === null) return rt.abort(ExitCode.ErrIllegalArgument, 'owner or worker unknown')
        await rt.state.create(fakeMinerStateCbor, { Owner: owner, Worker: worker, Control: [], CronCalls: 0n, LastPayload: new Uint8Array(0) })
      }
    }),
    2: method({
      name: 'ControlAddresses',
      params: null,
      returns: tuple('GetControlAddressesReturn', { Owner: cborTypes.address, Worker: cborTypes.address, ControlAddresses: cborTypes.array(cborTypes.address) }),
      callers: anyCaller,
      handler: async (rt) => {
        const st = await rt.state.read(fakeMinerStateCbor)
        return { Owner: st.Owner, Worker: st.Worker, ControlAddresses: st.Control }
      }
    }),
    12: method({
      name: 'OnDeferredCronEvent',
      params: tuple('DeferredCronEventParams', { EventPayload: cborTypes.bytes(), RewardSmoothed: cborTypes.array(cborTypes.bigInt), QualityAdjPowerSmoothed: cborTypes.array(cborTypes.bigInt) }),
      returns: null,
      callers: callerIs(StoragePowerActorAddr),
      handler: async (rt, p) => {
        if (p.EventPayload.length === 1 && p.EventPayload[0] === 0xff) rt.abort(ExitCode.ErrIllegalState, 'asked to fail')
        await rt.state.transaction(fakeMinerStateCbor, (st) => { st.CronCalls++; st.LastPayload = p.EventPayload })
      }
    }),
    [ForwardMethod]: method({
      name: 'Forward',
      params: forwardParamsCbor,
      returns: cborTypes.bytes(),
      callers: anyCaller,
      handler: async (rt, p) => {
        const ret = await rt.send(p.To, p.Method, p.Params, p.Value)
        if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, `forwarded call to ${p.To.toString()} method ${p.Method} failed`)
        return ret.return
      }
    }),
    [SetControlMethod]: method({
      name: 'SetControl',
      params: cborTypes.array(cborTypes.address),
      returns: null,
      callers: anyCaller,
      handler: async (rt, control) => { await rt.state.transaction(fakeMinerStateCbor, (st) => { st.Control = control }) }
    })
  }
})
