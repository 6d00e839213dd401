import type { Address } from '../../../../core/address/index.js'
import { encodeCbor } from '../../../../core/cbor/index.js'
import { uintKey } from '../../../../core/ipld/index.js'
import type { ChainEpoch, DealId, TokenAmount } from '../../../../core/types.js'
import { ActorError } from '../../../vm/errors.js'
import { ExitCode } from '../../../vm/exitcode.js'
import type { Runtime } from '../../../vm/runtime.js'
import { BurntFundsActorAddr, VerifiedRegistryActorAddr } from '../addresses.js'
import { policyOf } from '../power/policy.js'
import { bytesParamsCbor, VerifregMethods } from '../verifreg/types.js'
import { dealsForEpoch, removeDealsForEpochs, removeSectorDeals, scheduleDeals } from './deal-index.js'
import { paymentRemaining, processDealExpired, processDealInitTimedOut, slashBalance, transferBalance, unlock } from './ledger.js'
import { nextUpdateEpoch } from './policy.js'
import { dealProposalCid } from './publish.js'
import { MarketCollections, marketStateCbor } from './state.js'
import { EpochUndefined, type DealProposal, type DealState } from './types.js'

interface UpdateResult { slashed: bigint, completed: boolean, remove: boolean }

/**
 * One payment update of an active deal (builtin-actors `process_deal_update`): pays the client's
 * fee for the epochs since the last update (up to the end, or the slash epoch), then either
 * settles a slashed deal, releases collateral of an expired one, or leaves it running.
 */
async function processDealUpdate (c: MarketCollections, state: DealState, p: DealProposal, epoch: number): Promise<UpdateResult> {
  const everUpdated = state.LastUpdatedEpoch !== EpochUndefined
  const everSlashed = state.SlashEpoch !== EpochUndefined
  if (!everUpdated) await (await c.pending()).delete(dealProposalCid(p).bytes)
  if (everUpdated && state.LastUpdatedEpoch > epoch) throw new ActorError(ExitCode.ErrIllegalState, `deal updated at future epoch ${state.LastUpdatedEpoch}`)
  if (p.StartEpoch > epoch) return { slashed: 0n, completed: false, remove: false }
  const paymentEnd = everSlashed ? state.SlashEpoch : Math.min(p.EndEpoch, epoch)
  const paymentStart = everUpdated && state.LastUpdatedEpoch > p.StartEpoch ? state.LastUpdatedEpoch : p.StartEpoch
  const elapsed = p.StoragePricePerEpoch * BigInt(paymentEnd - paymentStart)
  if (elapsed > 0n) await transferBalance(c, p.Client, p.Provider, elapsed)
  if (everSlashed) {
    await unlock(c, p.Client, paymentRemaining(p, state.SlashEpoch), 'ClientStorageFee')
    await unlock(c, p.Client, p.ClientCollateral, 'ClientCollateral')
    await slashBalance(c, p.Provider, p.ProviderCollateral, 'ProviderCollateral')
    return { slashed: p.ProviderCollateral, completed: false, remove: true }
  }
  if (epoch >= p.EndEpoch) {
    await processDealExpired(c, p)
    return { slashed: 0n, completed: true, remove: true }
  }
  return { slashed: 0n, completed: false, remove: false }
}

/**
 * CronTick (builtin-actors v12 `cron_tick`): for every epoch since the last tick, each deal
 * scheduled then is either timed out (not activated by its start: provider collateral slashed,
 * client funds unlocked, proposal removed, datacap restored), paid up to now and rescheduled
 * one update interval later, or, once ended, paid its last epochs and removed with its
 * collateral released. Slashed collateral is burnt.
 */
export async function cronTick (rt: Runtime): Promise<void> {
  const now = rt.currentEpoch
  const interval = policyOf(rt).dealUpdatesInterval
  const restore: Array<{ client: Address, size: bigint }> = []
  const burn = await rt.state.transaction(marketStateCbor, async (st) => {
    const c = new MarketCollections(rt.store, st)
    let slashed = 0n
    const rescheduled: Array<[number, DealId]> = []
    const completedEpochs: number[] = []
    for (let e = st.LastCron + 1; e <= now; e++) {
      for (const id of await dealsForEpoch(c, e)) {
        const p = await (await c.proposals()).get(id)
        if (p === undefined) continue
        const state = await (await c.states()).get(id)
        if (state === undefined) {
          if (now < p.StartEpoch) rt.abort(ExitCode.ErrIllegalState, `deal ${id} processed before start epoch ${p.StartEpoch}`)
          slashed += await processDealInitTimedOut(c, p)
          await (await c.proposals()).delete(id)
          await (await c.pending()).delete(dealProposalCid(p).bytes)
          await (await c.pendingAllocations()).delete(uintKey(id))
          if (p.VerifiedDeal) restore.push({ client: p.Client, size: BigInt(p.PieceSize) })
          continue
        }
        const r = await processDealUpdate(c, state, p, now)
        if (r.remove) {
          slashed += r.slashed
          await (await c.states()).delete(id)
          await (await c.proposals()).delete(id)
          await removeSectorDeals(c, p.Provider.id(), state.SectorNumber, [id])
        } else {
          await (await c.states()).set(id, { ...state, LastUpdatedEpoch: now })
          rescheduled.push([nextUpdateEpoch(id, interval, now + 1), id])
        }
      }
      completedEpochs.push(e)
    }
    await removeDealsForEpochs(c, completedEpochs)
    await scheduleDeals(c, rescheduled)
    st.LastCron = now as ChainEpoch
    await c.flush()
    return slashed
  })
  if (burn > 0n) await rt.transfer(BurntFundsActorAddr, burn as TokenAmount)
  for (const r of restore) {
    // Datacap of a deal that never started goes back to the client (v8 RestoreBytes); a refusal is not fatal.
    await rt.send(VerifiedRegistryActorAddr, VerifregMethods.RestoreBytes, encodeCbor(bytesParamsCbor, { Address: r.client, DealSize: r.size }), 0n as TokenAmount)
  }
}
