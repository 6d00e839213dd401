import type { Address } from '../../../../core/address/index.js'
import { encodeCbor, type CborCodec } from '../../../../core/cbor/index.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { address, bigInt, int64, nullable, tokenAmount } from '../../../../core/cbor/scalars.js'
import type { TokenAmount } from '../../../../core/types.js'
import { anyCaller, callerCodeIs, callerIs, defineActor, method, type ActorDefinition } from '../../../vm/actor.js'
import { ExitCode } from '../../../vm/exitcode.js'
import { BurntFundsActorAddr, SystemActorAddr } from '../addresses.js'
import { RewardActorCode, StoragePowerActorCode } from '../codes.js'
import { ExpectedLeadersPerEpoch, filterEstimateCbor, newRewardState, rewardStateCbor, type FilterEstimate } from './state.js'

export const RewardMethods = { Constructor: 1, AwardBlockReward: 2, ThisEpochReward: 3, UpdateNetworkKPI: 4 } as const
/** The miner actor's method that takes block rewards (builtin-actors miner `ApplyRewards`). */
export const MinerApplyRewardsMethod = 14

/** builtin-actors `reward::AwardBlockRewardParams`. */
export interface AwardBlockRewardParams { Miner: Address, Penalty: TokenAmount, GasReward: TokenAmount, WinCount: bigint }
export const awardBlockRewardParamsCbor: CborCodec<AwardBlockRewardParams> = tuple('AwardBlockRewardParams', {
  Miner: address,
  Penalty: tokenAmount,
  GasReward: tokenAmount,
  WinCount: int64
})

/** builtin-actors `reward::ThisEpochRewardReturn`. */
export interface ThisEpochRewardReturn { ThisEpochRewardSmoothed: FilterEstimate, ThisEpochBaselinePower: bigint }
export const thisEpochRewardReturnCbor: CborCodec<ThisEpochRewardReturn> = tuple('ThisEpochRewardReturn', {
  ThisEpochRewardSmoothed: filterEstimateCbor,
  ThisEpochBaselinePower: bigInt
})

/** The miner actor's `ApplyRewardParams`. */
export interface ApplyRewardParams { Reward: TokenAmount, Penalty: TokenAmount }
export const applyRewardParamsCbor: CborCodec<ApplyRewardParams> = tuple('ApplyRewardParams', { Reward: tokenAmount, Penalty: tokenAmount })

const optionalPower = nullable(bigInt)

/**
 * The reward actor (state documented in state.ts). AwardBlockReward pays the block reward and
 * the block's gas tips out of its balance: to a miner actor through ApplyRewards (which also
 * takes the penalty), to an account-owned devnet block producer as a plain transfer. A payout
 * the miner refuses is burnt, as builtin-actors does.
 */
export const rewardActor: ActorDefinition = defineActor({
  name: 'reward',
  code: RewardActorCode,
  methods: {
    [RewardMethods.Constructor]: method({
      name: 'Constructor',
      params: optionalPower,
      returns: null,
      callers: callerIs(SystemActorAddr),
      handler: async (rt, power) => {
        await rt.state.create(rewardStateCbor, { ...newRewardState(), CurrRealizedPower: power ?? 0n })
      }
    }),
    [RewardMethods.AwardBlockReward]: method({
      name: 'AwardBlockReward',
      params: awardBlockRewardParamsCbor,
      returns: null,
      callers: callerIs(SystemActorAddr),
      handler: async (rt, p) => {
        if (p.Penalty < 0n) rt.abort(ExitCode.ErrIllegalArgument, `negative penalty ${p.Penalty}`)
        if (p.GasReward < 0n) rt.abort(ExitCode.ErrIllegalArgument, `negative gas reward ${p.GasReward}`)
        if (p.WinCount <= 0n) rt.abort(ExitCode.ErrIllegalArgument, `invalid win count ${p.WinCount}`)
        const miner = await rt.resolveAddress(p.Miner)
        if (miner === null) return rt.abort(ExitCode.ErrNotFound, `failed to resolve miner address ${p.Miner.toString()}`)
        const balance = await rt.currentBalance()
        if (balance < p.GasReward) rt.abort(ExitCode.ErrIllegalState, `actor balance ${balance} below gas reward ${p.GasReward}`)

        const blockReward = await rt.state.transaction(rewardStateCbor, (st) => {
          let reward = st.ThisEpochReward * p.WinCount / ExpectedLeadersPerEpoch
          if (reward + p.GasReward > balance) reward = balance - p.GasReward
          st.TotalStoragePowerReward = (st.TotalStoragePowerReward + reward) as TokenAmount
          return reward
        })
        const total = (blockReward + p.GasReward) as TokenAmount
        const code = await rt.getActorCodeCid(miner)
        const toAccount = code !== null && rt.registry.isAccount(code)
        const ret = toAccount
          ? await rt.send(miner, 0, new Uint8Array(0), total)
          : await rt.send(miner, MinerApplyRewardsMethod, encodeCbor(applyRewardParamsCbor, { Reward: total, Penalty: p.Penalty }), total)
        if (ret.exitCode !== ExitCode.Ok && total > 0n) await rt.transfer(BurntFundsActorAddr, total)
      }
    }),
    [RewardMethods.ThisEpochReward]: method({
      name: 'ThisEpochReward',
      params: null,
      returns: thisEpochRewardReturnCbor,
      callers: anyCaller,
      handler: async (rt) => {
        const st = await rt.state.read(rewardStateCbor)
        return { ThisEpochRewardSmoothed: st.ThisEpochRewardSmoothed, ThisEpochBaselinePower: st.ThisEpochBaselinePower }
      }
    }),
    [RewardMethods.UpdateNetworkKPI]: method({
      name: 'UpdateNetworkKPI',
      params: optionalPower,
      returns: null,
      callers: callerCodeIs(StoragePowerActorCode),
      handler: async (rt, power) => {
        await rt.state.transaction(rewardStateCbor, (st) => {
          st.CurrRealizedPower = power ?? 0n
          st.Epoch = rt.currentEpoch
        })
      }
    })
  }
})
