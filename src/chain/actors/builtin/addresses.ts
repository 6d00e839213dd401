import { newIdAddress, type Address } from '../../../core/address/index.js'

/** Actor IDs of Filecoin's singleton actors (builtin-actors `builtin/singletons.rs`). */
export const SingletonActorIds = {
  system: 0n,
  init: 1n,
  reward: 2n,
  cron: 3n,
  storagepower: 4n,
  storagemarket: 5n,
  verifiedregistry: 6n,
  datacap: 7n,
  eam: 10n,
  burntfunds: 99n
} as const

export const SystemActorAddr: Address = newIdAddress(SingletonActorIds.system)
export const InitActorAddr: Address = newIdAddress(SingletonActorIds.init)
export const RewardActorAddr: Address = newIdAddress(SingletonActorIds.reward)
export const CronActorAddr: Address = newIdAddress(SingletonActorIds.cron)
export const StoragePowerActorAddr: Address = newIdAddress(SingletonActorIds.storagepower)
export const StorageMarketActorAddr: Address = newIdAddress(SingletonActorIds.storagemarket)
export const VerifiedRegistryActorAddr: Address = newIdAddress(SingletonActorIds.verifiedregistry)
export const DatacapActorAddr: Address = newIdAddress(SingletonActorIds.datacap)
export const EthereumAddressManagerActorAddr: Address = newIdAddress(SingletonActorIds.eam)
export const BurntFundsActorAddr: Address = newIdAddress(SingletonActorIds.burntfunds)

/** Genesis accounts get IDs from here (Lotus genesis `AccountStart`). */
export const AccountStartId = 100n
/** The init actor's first ID after genesis accounts, so the first miner is t01000 (Lotus `MinerStart`). */
export const FirstNonSingletonId = 1000n
