import type { Address } from '../../../../core/address/index.js'
import { decodeCbor, encodeCbor } from '../../../../core/cbor/index.js'
import { bigInt } from '../../../../core/cbor/scalars.js'
import type { ChainEpoch, TokenAmount } from '../../../../core/types.js'
import { anyCaller, callerCodeIs, callerIs, defineActor, method, type ActorDefinition } from '../../../vm/actor.js'
import { ExitCode } from '../../../vm/exitcode.js'
import type { Runtime } from '../../../vm/runtime.js'
import { CronActorAddr, InitActorAddr, RewardActorAddr, SystemActorAddr } from '../addresses.js'
import { StorageMinerActorCode, StoragePowerActorCode } from '../codes.js'
import { execParamsCbor, execReturnCbor, InitMethods } from '../init/actor.js'
import { RewardMethods, thisEpochRewardReturnCbor, type ThisEpochRewardReturn } from '../reward/actor.js'
import { addToClaim, deleteClaim } from './claims.js'
import { policyOf } from './policy.js'
import { nextEstimate } from './smoothing.js'
import { currentTotalPower, epochKey, loadClaims, loadCronQueue, newPowerState, powerStateCbor, type CronEvent } from './state.js'
import {
  createMinerParamsCbor, createMinerReturnCbor, currentTotalPowerReturnCbor, deferredCronEventParamsCbor,
  enrollCronEventParamsCbor, minerConstructorParamsCbor, MinerMethodsForPower, PowerMethods,
  updateClaimedPowerParamsCbor, updatePledgeTotalParamsCbor
} from './types.js'

const zero = 0n as TokenAmount
const minersOnly = callerCodeIs(StorageMinerActorCode)

async function thisEpochReward (rt: Runtime): Promise<ThisEpochRewardReturn> {
  const ret = await rt.send(RewardActorAddr, RewardMethods.ThisEpochReward, new Uint8Array(0), zero)
  if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, 'failed to check epoch baseline power')
  return decodeCbor(thisEpochRewardReturnCbor, ret.return, 'ThisEpochReward return')
}

/** Takes the due cron events off the queue (miners without a claim dropped) and calls each miner. */
async function processDeferredCronEvents (rt: Runtime, reward: ThisEpochRewardReturn): Promise<void> {
  const epoch = rt.currentEpoch
  const due: CronEvent[] = []
  const qaSmoothed = (await rt.state.read(powerStateCbor)).ThisEpochQAPowerSmoothed
  await rt.state.transaction(powerStateCbor, async (st) => {
    const queue = await loadCronQueue(rt.store, st)
    const claims = await loadClaims(rt.store, st)
    for (let e = st.FirstCronEpoch; e <= epoch; e++) {
      const events = await queue.get(epochKey(e))
      if (events.length === 0) continue
      for (const evt of events) if (await claims.has(evt.MinerAddr.bytes)) due.push(evt)
      await queue.removeAll(epochKey(e))
    }
    st.FirstCronEpoch = (epoch + 1) as ChainEpoch
    st.CronEventQueue = await queue.flush()
  })

  const failed: Address[] = []
  for (const evt of due) {
    const params = encodeCbor(deferredCronEventParamsCbor, {
      EventPayload: evt.CallbackPayload,
      RewardSmoothed: reward.ThisEpochRewardSmoothed,
      QualityAdjPowerSmoothed: qaSmoothed
    })
    const ret = await rt.send(evt.MinerAddr, MinerMethodsForPower.OnDeferredCronEvent, params, zero)
    if (ret.exitCode !== ExitCode.Ok) failed.push(evt.MinerAddr)
  }
  if (failed.length === 0) return
  // A miner whose callback fails loses its power and is left frozen, as builtin-actors does.
  const minimum = policyOf(rt).minimumConsensusPower
  await rt.state.transaction(powerStateCbor, async (st) => {
    const claims = await loadClaims(rt.store, st)
    for (const miner of failed) {
      if (!await claims.has(miner.bytes)) continue
      await deleteClaim(st, claims, miner, minimum)
      st.MinerCount--
    }
    st.Claims = await claims.flush()
  })
}

/**
 * The storage power actor (builtin-actors `power`): creates miners, tracks each miner's
 * claimed power and the network totals, and runs miners' deferred cron events at the end of
 * every epoch. State layout in state.ts; claim arithmetic in claims.ts.
 */
export const powerActor: ActorDefinition = defineActor({
  name: 'storagepower',
  code: StoragePowerActorCode,
  methods: {
    [PowerMethods.Constructor]: method({
      name: 'Constructor',
      params: null,
      returns: null,
      callers: callerIs(SystemActorAddr),
      handler: async (rt) => { await rt.state.create(powerStateCbor, await newPowerState(rt.store)) }
    }),
    [PowerMethods.CreateMiner]: method({
      name: 'CreateMiner',
      params: createMinerParamsCbor,
      returns: createMinerReturnCbor,
      callers: anyCaller,
      handler: async (rt, p) => {
        const ctor = encodeCbor(minerConstructorParamsCbor, {
          OwnerAddr: p.Owner,
          WorkerAddr: p.Worker,
          ControlAddrs: [],
          WindowPoStProofType: p.WindowPoStProofType,
          PeerId: p.Peer,
          Multiaddrs: p.Multiaddrs
        })
        const exec = encodeCbor(execParamsCbor, { CodeCID: StorageMinerActorCode, ConstructorParams: ctor })
        const ret = await rt.send(InitActorAddr, InitMethods.Exec, exec, rt.valueReceived)
        if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, 'failed to create the miner actor through init Exec')
        const created = decodeCbor(execReturnCbor, ret.return, 'Exec return')
        const minimum = policyOf(rt).minimumConsensusPower
        await rt.state.transaction(powerStateCbor, async (st) => {
          const claims = await loadClaims(rt.store, st)
          await claims.set(created.IDAddress.bytes, { WindowPoStProofType: p.WindowPoStProofType, RawBytePower: 0n, QualityAdjPower: 0n })
          st.MinerCount++
          if (minimum <= 0n) st.MinerAboveMinPowerCount++
          st.Claims = await claims.flush()
        })
        return created
      }
    }),
    [PowerMethods.UpdateClaimedPower]: method({
      name: 'UpdateClaimedPower',
      params: updateClaimedPowerParamsCbor,
      returns: null,
      callers: minersOnly,
      handler: async (rt, p) => {
        const minimum = policyOf(rt).minimumConsensusPower
        await rt.state.transaction(powerStateCbor, async (st) => {
          const claims = await loadClaims(rt.store, st)
          await addToClaim(st, claims, rt.caller, p.RawByteDelta, p.QualityAdjustedDelta, minimum)
          st.Claims = await claims.flush()
        })
      }
    }),
    [PowerMethods.EnrollCronEvent]: method({
      name: 'EnrollCronEvent',
      params: enrollCronEventParamsCbor,
      returns: null,
      callers: minersOnly,
      handler: async (rt, p) => {
        if (p.EventEpoch < 0) rt.abort(ExitCode.ErrIllegalArgument, `cron event epoch ${p.EventEpoch} cannot be less than zero`)
        await rt.state.transaction(powerStateCbor, async (st) => {
          const queue = await loadCronQueue(rt.store, st)
          if (p.EventEpoch < st.FirstCronEpoch) st.FirstCronEpoch = p.EventEpoch
          await queue.add(epochKey(p.EventEpoch), { MinerAddr: rt.caller, CallbackPayload: p.Payload })
          st.CronEventQueue = await queue.flush()
        })
      }
    }),
    [PowerMethods.OnEpochTickEnd]: method({
      name: 'OnEpochTickEnd',
      params: null,
      returns: null,
      callers: callerIs(CronActorAddr),
      handler: async (rt) => {
        const reward = await thisEpochReward(rt)
        await processDeferredCronEvents(rt, reward)
        const raw = await rt.state.transaction(powerStateCbor, (st) => {
          const total = currentTotalPower(st)
          st.ThisEpochPledgeCollateral = st.TotalPledgeCollateral
          st.ThisEpochQualityAdjPower = total.qa
          st.ThisEpochRawBytePower = total.raw
          st.ThisEpochQAPowerSmoothed = nextEstimate(st.ThisEpochQAPowerSmoothed, st.ThisEpochQualityAdjPower, 1)
          return st.ThisEpochRawBytePower
        })
        const ret = await rt.send(RewardActorAddr, RewardMethods.UpdateNetworkKPI, encodeCbor(bigInt, raw), zero)
        if (ret.exitCode !== ExitCode.Ok) rt.abort(ret.exitCode, 'failed to update network KPI with reward actor')
      }
    }),
    [PowerMethods.UpdatePledgeTotal]: method({
      name: 'UpdatePledgeTotal',
      params: updatePledgeTotalParamsCbor,
      returns: null,
      callers: minersOnly,
      handler: async (rt, delta) => {
        await rt.state.transaction(powerStateCbor, async (st) => {
          const claims = await loadClaims(rt.store, st)
          if (!await claims.has(rt.caller.bytes)) {
            rt.abort(ExitCode.ErrForbidden, `unknown miner ${rt.caller.toString()} forbidden to interact with power actor`)
          }
          st.TotalPledgeCollateral = (st.TotalPledgeCollateral + delta) as TokenAmount
          if (st.TotalPledgeCollateral < 0n) rt.abort(ExitCode.ErrIllegalState, `negative total pledge collateral ${st.TotalPledgeCollateral}`)
        })
      }
    }),
    [PowerMethods.CurrentTotalPower]: method({
      name: 'CurrentTotalPower',
      params: null,
      returns: currentTotalPowerReturnCbor,
      callers: anyCaller,
      handler: async (rt) => {
        const st = await rt.state.read(powerStateCbor)
        return {
          RawBytePower: st.ThisEpochRawBytePower,
          QualityAdjPower: st.ThisEpochQualityAdjPower,
          PledgeCollateral: st.ThisEpochPledgeCollateral,
          QualityAdjPowerSmoothed: st.ThisEpochQAPowerSmoothed,
          RampStartEpoch: st.RampStartEpoch,
          RampDurationEpochs: st.RampDurationEpochs
        }
      }
    })
  }
})
