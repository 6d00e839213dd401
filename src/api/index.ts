/**
 * API contracts: every RPC method defined once as data (wire name, permission, codecs,
 * summary). `ApiOf<typeof SomeContract>` is the type of both the in-process implementation
 * and the JSON-RPC client (`src/rpc/`).
 */
export * as lj from './codecs/index.js'
export type { Codec } from './codecs/index.js'
export {
  type ApiOf, type CallOptions, type Contract, type MethodDef, type MethodFn, type ParamsOf, type ResultOf,
  channel, defineContract, mergeContracts, method
} from './contract.js'
export { AllPermissions, DefaultPerms, type Permission, isPermission, parsePermission, permissionsUpTo } from './permission.js'
export { Alert, APIVersion, type CommonApi, CommonContract, permission } from './common.js'
export {
  type ApiVersion, FullAPIVersion0, FullAPIVersion1, MinerAPIVersion0, WorkerAPIVersion0,
  newVer, versionInts, versionMatchesMajorMinor, versionString
} from './version.js'
