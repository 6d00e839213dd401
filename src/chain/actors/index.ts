/**
 * Built-in actors: system, init, account, reward, cron (burnt funds f099 is an account actor),
 * and the genesis state they start from.
 *
 * Storage actors plug in without touching the VM: put each in `builtin/<name>/` as a
 * `defineActor({ name, code: builtinActorCode('storagepower'), methods })`, build the registry
 * with `newActorRegistry([powerActor, minerActor, …])`, store the singletons' first state at
 * genesis with `setupGenesisActor(tree, StoragePowerActorAddr, …)`, and list the cron entries
 * (power OnEpochTickEnd = 5, market CronTick = 9) in `makeInitialState({ cronEntries })`.
 * Set `execableBy: [StoragePowerActorCode]` on the miner so only power can create miners.
 */
export * from './builtin/addresses.js'
export { ActorsVersion, type BuiltinActorName, builtinActorCode, builtinActorCodeName } from './builtin/codes.js'
export {
  SystemActorCode, InitActorCode, CronActorCode, AccountActorCode, RewardActorCode, StoragePowerActorCode,
  StorageMinerActorCode, StorageMarketActorCode, VerifiedRegistryActorCode
} from './builtin/codes.js'
export { basicBuiltinActors, newActorRegistry } from './builtin/registry.js'
export { systemActor, SystemMethods, type SystemState, systemStateCbor } from './builtin/system/actor.js'
export {
  initActor, InitMethods, type ExecParams, execParamsCbor, type ExecReturn, execReturnCbor, type InitConstructorParams,
  initConstructorParamsCbor
} from './builtin/init/actor.js'
export { type InitState, initStateCbor, initResolveAddress, initMapAddressToNewId } from './builtin/init/state.js'
export { accountActor, AccountMethods, type AuthenticateMessageParams, authenticateMessageParamsCbor } from './builtin/account/actor.js'
export { type AccountState, accountStateCbor } from './builtin/account/state.js'
export { cronActor, CronMethods, type CronEntry, cronEntryCbor, type CronState, cronStateCbor } from './builtin/cron/actor.js'
export {
  rewardActor, RewardMethods, MinerApplyRewardsMethod, type AwardBlockRewardParams, awardBlockRewardParamsCbor,
  type ThisEpochRewardReturn, thisEpochRewardReturnCbor, type ApplyRewardParams, applyRewardParamsCbor
} from './builtin/reward/actor.js'
export {
  type RewardState, rewardStateCbor, type FilterEstimate, filterEstimateCbor, constantEstimate, estimateValue,
  ExpectedLeadersPerEpoch, DefaultEpochReward, DefaultBaselinePower, newRewardState
} from './builtin/reward/state.js'
export {
  type GenesisAccount, type InitialStateOptions, type InitialState, makeInitialState, putActorState, setupGenesisActor
} from './genesis.js'
