import * as lj from './codecs/index.js'
import { type ApiOf, channel, defineContract, method } from './contract.js'
import { AllPermissions } from './permission.js'

/** auth.Permission on the wire: one of read, write, sign, admin. */
export const permission = lj.stringEnum('permission', AllPermissions)

/** api.APIVersion: the build string, the encoded API version and the block delay in seconds. */
export const APIVersion = lj.struct({ Version: lj.string, APIVersion: lj.uint, BlockDelay: lj.uint })

const AlertEvent = lj.struct({ Type: lj.string, Message: lj.raw, Time: lj.time })

/** alerting.Alert, as `LogAlerts` returns it. */
export const Alert = lj.struct({
  Type: lj.struct({ System: lj.string, Subsystem: lj.string }),
  Active: lj.bool,
  LastActive: lj.nullable(AlertEvent),
  LastResolved: lj.nullable(AlertEvent)
})

/** Lotus's `api.Common`: served by every node (full node, miner, markets, worker). */
export const CommonContract = defineContract({
  AuthVerify: method({
    name: 'Filecoin.AuthVerify',
    perm: 'read',
    summary: 'Returns the permissions a token grants.',
    params: [lj.string],
    result: lj.array(permission)
  }),
  AuthNew: method({
    name: 'Filecoin.AuthNew',
    perm: 'admin',
    summary: 'Mints a token with exactly the given permissions (base64 over JSON).',
    params: [lj.array(permission)],
    result: lj.bytes
  }),
  LogList: method({
    name: 'Filecoin.LogList',
    perm: 'write',
    summary: 'Lists the logging subsystems.',
    params: [],
    result: lj.array(lj.string)
  }),
  LogSetLevel: method({
    name: 'Filecoin.LogSetLevel',
    perm: 'write',
    summary: 'Sets the log level of one subsystem (or "*" for all).',
    params: [lj.string, lj.string],
    result: lj.none
  }),
  LogAlerts: method({
    name: 'Filecoin.LogAlerts',
    perm: 'admin',
    summary: 'Lists all alerts the node tracks, active and resolved.',
    params: [],
    result: lj.array(Alert)
  }),
  Version: method({
    name: 'Filecoin.Version',
    perm: 'read',
    summary: 'Returns the build version, API version and block delay of the node.',
    params: [],
    result: APIVersion
  }),
  Discover: method({
    name: 'Filecoin.Discover',
    perm: 'read',
    summary: 'Returns an OpenRPC document describing the API.',
    params: [],
    result: lj.map(lj.raw)
  }),
  Shutdown: method({
    name: 'Filecoin.Shutdown',
    perm: 'admin',
    summary: 'Triggers a graceful shutdown of the node.',
    params: [],
    result: lj.none
  }),
  StartTime: method({
    name: 'Filecoin.StartTime',
    perm: 'read',
    summary: 'Returns the time the node started.',
    params: [],
    result: lj.time
  }),
  Session: method({
    name: 'Filecoin.Session',
    perm: 'read',
    summary: 'Returns a random UUID identifying this run of the node.',
    params: [],
    result: lj.uuid
  }),
  Closing: channel({
    name: 'Filecoin.Closing',
    perm: 'read',
    summary: 'A channel that closes when the node shuts down.',
    params: [],
    result: lj.empty
  })
})

export type CommonApi = ApiOf<typeof CommonContract>
