import type { Address } from '../../../../core/address/index.js'
import type { CborCodec } from '../../../../core/cbor/index.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { address, array, methodNum } from '../../../../core/cbor/scalars.js'
import type { MethodNum, TokenAmount } from '../../../../core/types.js'
import { callerIs, defineActor, method, type ActorDefinition } from '../../../vm/actor.js'
import { SystemActorAddr } from '../addresses.js'
import { CronActorCode } from '../codes.js'

/** An actor method cron calls every epoch (builtin-actors `cron::Entry`). */
export interface CronEntry { Receiver: Address, MethodNum: MethodNum }
export const cronEntryCbor: CborCodec<CronEntry> = tuple('CronEntry', { Receiver: address, MethodNum: methodNum })

/** The cron actor's state, also its constructor's parameters: the entries, called in order. */
export interface CronState { Entries: CronEntry[] }
export const cronStateCbor: CborCodec<CronState> = tuple('CronState', { Entries: array(cronEntryCbor) })

export const CronMethods = { Constructor: 1, EpochTick: 2 } as const

/**
 * The cron actor: at the end of every epoch (null rounds included) the system calls EpochTick,
 * which calls each entry. Filecoin's genesis registers the power actor's OnEpochTickEnd and
 * the market actor's CronTick; a failing entry does not stop the others.
 */
export const cronActor: ActorDefinition = defineActor({
  name: 'cron',
  code: CronActorCode,
  methods: {
    [CronMethods.Constructor]: method({
      name: 'Constructor',
      params: cronStateCbor,
      returns: null,
      callers: callerIs(SystemActorAddr),
      handler: async (rt, params) => { await rt.state.create(cronStateCbor, params) }
    }),
    [CronMethods.EpochTick]: method({
      name: 'EpochTick',
      params: null,
      returns: null,
      callers: callerIs(SystemActorAddr),
      handler: async (rt) => {
        const { Entries } = await rt.state.read(cronStateCbor)
        for (const entry of Entries) {
          await rt.send(entry.Receiver, entry.MethodNum, new Uint8Array(0), 0n as TokenAmount)
        }
      }
    })
  }
})
