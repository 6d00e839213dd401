import { identityCid, RawCode, type CID } from '../../../core/cid.js'

/**
 * Filecoin's builtin-actors name each actor's code by a CID listed in a bundle manifest; we
 * ship no Wasm bundle, so Nelumbo names code as actors v2–v7 did: a raw CID with an identity
 * multihash over `fil/<version>/<name>`. One version for every actor; change it when the
 * behaviour of the built-in actors changes in a way state readers must tell apart.
 */
export const ActorsVersion = 16

/** Actor names as builtin-actors' manifest spells them. */
export type BuiltinActorName =
  | 'system' | 'init' | 'cron' | 'account' | 'storagepower' | 'storageminer' | 'storagemarket'
  | 'paymentchannel' | 'multisig' | 'reward' | 'verifiedregistry' | 'datacap' | 'placeholder'
  | 'evm' | 'eam' | 'ethaccount'

/** The code CID of the built-in actor `name`: `fil/16/account` etc. as an identity raw CID. */
export function builtinActorCode (name: BuiltinActorName, version: number = ActorsVersion): CID {
  return identityCid(RawCode, new TextEncoder().encode(`fil/${version}/${name}`))
}

/** The `fil/<version>/<name>` string behind a code CID, or null if it is not one of ours. */
export function builtinActorCodeName (code: CID): { version: number, name: string } | null {
  if (code.code !== RawCode || code.multihash.code !== 0x00) return null
  const m = /^fil\/(\d+)\/([a-z]+)$/.exec(new TextDecoder().decode(code.multihash.digest))
  return m === null ? null : { version: Number(m[1]), name: m[2]! }
}

export const SystemActorCode = builtinActorCode('system')
export const InitActorCode = builtinActorCode('init')
export const CronActorCode = builtinActorCode('cron')
export const AccountActorCode = builtinActorCode('account')
export const RewardActorCode = builtinActorCode('reward')
export const StoragePowerActorCode = builtinActorCode('storagepower')
export const StorageMinerActorCode = builtinActorCode('storageminer')
export const StorageMarketActorCode = builtinActorCode('storagemarket')
export const VerifiedRegistryActorCode = builtinActorCode('verifiedregistry')
