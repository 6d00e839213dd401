/**
 * The storage power actor (f04): miners' claims, network totals, consensus minimum power and
 * miners' deferred cron events, with pure readers for the chain and the API.
 */
export { powerActor } from './actor.js'
export * from './types.js'
export {
  type Claim, claimCbor, type CronEvent, cronEventCbor, type PowerState, powerStateCbor, newPowerState, loadClaims,
  loadCronQueue, epochKey, currentTotalPower, claimMeetsConsensusMinimum, ConsensusMinerMinMiners, InitialQaPowerEstimate
} from './state.js'
export { type StorageActorsPolicy, mainnetStorageActorsPolicy, devnetStorageActorsPolicy, policyOf } from './policy.js'
export { nextEstimate, DefaultAlpha, DefaultBeta } from './smoothing.js'
export { type PowerPair, type PowerTotals, readPowerState, readMinerClaim, powerTotals, readMinerPower, listMiners } from './readers.js'
export { typedValues, emptyHamt, emptyAmt, Multimap } from './collections.js'
export { powerCronEntry, installPowerActor } from './genesis.js'
export { storageActors, storageCronEntries, type StorageGenesisOptions, installStorageActors } from './storage-genesis.js'
