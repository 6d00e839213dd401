// Built-in actors: system, init, account, reward, cron (burnt funds is an account), and genesis state.
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
