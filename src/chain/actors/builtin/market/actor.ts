import type { Address } from '../../../../core/address/index.js'
import type { TokenAmount } from '../../../../core/types.js'
import { anyCaller, callerCodeIs, callerIs, defineActor, method, type ActorDefinition } from '../../../vm/actor.js'
import { ExitCode } from '../../../vm/exitcode.js'
import type { Runtime } from '../../../vm/runtime.js'
import { CronActorAddr, SystemActorAddr } from '../addresses.js'
import { StorageMarketActorCode, StorageMinerActorCode } from '../codes.js'
import { batchActivateDeals, onMinerSectorsTerminate, verifyDealsForActivation } from './activation.js'
import { cronTick } from './cron.js'
import { isMiner, minerControlAddresses } from './external.js'
import { publishStorageDeals } from './publish.js'
import { MarketCollections, marketStateCbor, newMarketState } from './state.js'
import {
  addBalanceParamsCbor, batchActivateDealsParamsCbor, batchActivateDealsResultCbor, MarketMethods,
  onMinerSectorsTerminateParamsCbor, publishStorageDealsParamsCbor, publishStorageDealsReturnCbor,
  verifyDealsForActivationParamsCbor, verifyDealsForActivationReturnCbor, withdrawBalanceParamsCbor, withdrawBalanceReturnCbor
} from './types.js'

const minersOnly = callerCodeIs(StorageMinerActorCode)

/**
 * Where an address's escrow is held, who receives withdrawals and who may ask for them
 * (builtin-actors `escrow_address`): a miner's escrow goes to its owner and may be withdrawn
 * by owner or worker; anyone else's is their own.
 */
async function escrowAddress (rt: Runtime, addr: Address): Promise<{ nominal: Address, recipient: Address, approved: Address[] }> {
  const nominal = await rt.resolveAddress(addr)
  if (nominal === null) return rt.abort(ExitCode.ErrIllegalArgument, `failed to resolve address ${addr.toString()}`)
  if (await isMiner(rt, nominal)) {
    const c = await minerControlAddresses(rt, nominal)
    return { nominal, recipient: c.Owner, approved: [c.Owner, c.Worker] }
  }
  return { nominal, recipient: nominal, approved: [nominal] }
}

/**
 * The storage market actor (builtin-actors `market`, v16 state layout): escrow, deal
 * publication, activation, termination and per-epoch payments. Handlers live in publish.ts,
 * activation.ts and cron.ts; fund movements in ledger.ts.
 */
export const marketActor: ActorDefinition = defineActor({
  name: 'storagemarket',
  code: StorageMarketActorCode,
  methods: {
    [MarketMethods.Constructor]: method({
      name: 'Constructor',
      params: null,
      returns: null,
      callers: callerIs(SystemActorAddr),
      handler: async (rt) => { await rt.state.create(marketStateCbor, await newMarketState(rt.store)) }
    }),
    [MarketMethods.AddBalance]: method({
      name: 'AddBalance',
      params: addBalanceParamsCbor,
      returns: null,
      callers: anyCaller,
      handler: async (rt, addr) => {
        if (rt.valueReceived <= 0n) rt.abort(ExitCode.ErrIllegalArgument, `balance to add must be greater than zero was: ${rt.valueReceived}`)
        const { nominal } = await escrowAddress(rt, addr)
        await rt.state.transaction(marketStateCbor, async (st) => {
          const c = new MarketCollections(rt.store, st)
          await (await c.escrow()).add(nominal, rt.valueReceived)
          await c.flush()
        })
      }
    }),
    [MarketMethods.WithdrawBalance]: method({
      name: 'WithdrawBalance',
      params: withdrawBalanceParamsCbor,
      returns: withdrawBalanceReturnCbor,
      callers: anyCaller,
      handler: async (rt, p) => {
        if (p.Amount < 0n) rt.abort(ExitCode.ErrIllegalArgument, `negative amount: ${p.Amount}`)
        const { nominal, recipient, approved } = await escrowAddress(rt, p.ProviderOrClientAddress)
        if (!approved.some((a) => a.equals(rt.caller))) {
          rt.abort(ExitCode.ErrForbidden, `caller ${rt.caller.toString()} may not withdraw the escrow of ${nominal.toString()}`)
        }
        const amount = await rt.state.transaction(marketStateCbor, async (st) => {
          const c = new MarketCollections(rt.store, st)
          const escrow = await c.escrow()
          const available = (await escrow.get(nominal)) - (await (await c.locked()).get(nominal))
          const take = available <= 0n ? 0n : (p.Amount < available ? p.Amount : available)
          await escrow.add(nominal, -take)
          await c.flush()
          return take as TokenAmount
        })
        await rt.transfer(recipient, amount)
        return amount
      }
    }),
    [MarketMethods.PublishStorageDeals]: method({
      name: 'PublishStorageDeals',
      params: publishStorageDealsParamsCbor,
      returns: publishStorageDealsReturnCbor,
      callers: anyCaller,
      handler: publishStorageDeals
    }),
    [MarketMethods.VerifyDealsForActivation]: method({
      name: 'VerifyDealsForActivation',
      params: verifyDealsForActivationParamsCbor,
      returns: verifyDealsForActivationReturnCbor,
      callers: minersOnly,
      handler: verifyDealsForActivation
    }),
    [MarketMethods.BatchActivateDeals]: method({
      name: 'BatchActivateDeals',
      params: batchActivateDealsParamsCbor,
      returns: batchActivateDealsResultCbor,
      callers: minersOnly,
      handler: batchActivateDeals
    }),
    [MarketMethods.OnMinerSectorsTerminate]: method({
      name: 'OnMinerSectorsTerminate',
      params: onMinerSectorsTerminateParamsCbor,
      returns: null,
      callers: minersOnly,
      handler: onMinerSectorsTerminate
    }),
    [MarketMethods.CronTick]: method({
      name: 'CronTick',
      params: null,
      returns: null,
      callers: callerIs(CronActorAddr),
      handler: cronTick
    })
  }
})
