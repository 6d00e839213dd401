import type { Address } from '../../../../core/address/index.js'
import type { CID } from '../../../../core/cid.js'
import { NelumboError } from '../../../../core/errors.js'
import { uintKey } from '../../../../core/ipld/index.js'
import { registeredSealProof, sealProofSectorSize } from '../../../../core/sector/index.js'
import type { DealId, SectorNumber, TokenAmount } from '../../../../core/types.js'
import { ActorError } from '../../../vm/errors.js'
import { ExitCode } from '../../../vm/exitcode.js'
import type { Runtime } from '../../../vm/runtime.js'
import { BurntFundsActorAddr } from '../addresses.js'
import { popSectorDeals, putSectorDeals } from './deal-index.js'
import { processSlashedDeal } from './ledger.js'
import { dealProposalCid } from './publish.js'
import { MarketCollections, marketStateCbor } from './state.js'
import {
  EpochUndefined, MarketExitCode, type ActivatedDeal, type BatchActivateDealsParams, type BatchActivateDealsResult,
  type DealProposal, type FailCode, type OnMinerSectorsTerminateParams, type SectorDealActivation,
  type VerifyDealsForActivationParams, type VerifyDealsForActivationReturn
} from './types.js'

/** A proposal by ID: DealExpired (32) if it was cleaned up, NotFound if it never existed. */
async function getProposal (c: MarketCollections, id: DealId): Promise<DealProposal> {
  const p = await (await c.proposals()).get(id)
  if (p !== undefined) return p
  if (id < c.st.NextID) throw new ActorError(MarketExitCode.DealExpired, `deal ${id} expired`)
  throw new ActorError(ExitCode.ErrNotFound, `no such deal ${id}`)
}

/** builtin-actors `validate_deal_can_activate`. */
function checkCanActivate (p: DealProposal, miner: Address, sectorExpiry: number, epoch: number): void {
  if (!p.Provider.equals(miner)) throw new ActorError(ExitCode.ErrForbidden, `proposal has provider ${p.Provider.toString()}, must be ${miner.toString()}`)
  if (epoch > p.StartEpoch) throw new ActorError(MarketExitCode.DealExpired, `proposal start epoch ${p.StartEpoch} has already elapsed at ${epoch}`)
  if (p.EndEpoch > sectorExpiry) throw new ActorError(ExitCode.ErrIllegalArgument, `proposal expiration ${p.EndEpoch} exceeds sector expiration ${sectorExpiry}`)
}

function sectorSizeOf (rt: Runtime, sealProof: number): number {
  try {
    return sealProofSectorSize(registeredSealProof(sealProof))
  } catch (err) {
    if (err instanceof NelumboError) rt.abort(ExitCode.ErrIllegalArgument, `sector size unknown: ${err.message}`)
    throw err
  }
}

async function unsealedCid (rt: Runtime, sealProof: number, proposals: DealProposal[]): Promise<CID> {
  return await rt.computeUnsealedSectorCid(sealProof, proposals.map((p) => ({ PieceCID: p.PieceCID, Size: BigInt(p.PieceSize) })))
}

/**
 * VerifyDealsForActivation (pre-commit): every deal of each sector exists, belongs to the
 * calling miner, has not started and ends by the sector's expiry, and together they fit the
 * sector; returns each sector's CommD (null for a sector without deals).
 */
export async function verifyDealsForActivation (rt: Runtime, params: VerifyDealsForActivationParams): Promise<VerifyDealsForActivationReturn> {
  const c = new MarketCollections(rt.store, await rt.state.read(marketStateCbor))
  const out: Array<CID | null> = []
  for (const sector of params.Sectors) {
    const size = sectorSizeOf(rt, sector.SectorType)
    if (new Set(sector.DealIDs).size !== sector.DealIDs.length) rt.abort(ExitCode.ErrIllegalArgument, 'duplicate deal ID in sector')
    const proposals: DealProposal[] = []
    let space = 0
    for (const id of sector.DealIDs) {
      const p = await getProposal(c, id)
      checkCanActivate(p, rt.caller, sector.SectorExpiry, rt.currentEpoch)
      space += p.PieceSize
      proposals.push(p)
    }
    if (space > size) rt.abort(ExitCode.ErrIllegalArgument, `deals too large to fit in sector ${space} > ${size}`)
    out.push(proposals.length === 0 ? null : await unsealedCid(rt, sector.SectorType, proposals))
  }
  return { UnsealedCIDs: out }
}

/**
 * BatchActivateDeals (prove-commit): each sector's deals activate together or the sector
 * fails (its exit code in ActivationResults) without affecting the others. Activated deals get
 * a DealState starting now and are remembered under the miner's sector; each comes back with
 * its client, piece and size and, for verified deals, a non-zero allocation ID, from which the
 * miner computes deal weight and verified deal weight.
 */
export async function batchActivateDeals (rt: Runtime, params: BatchActivateDealsParams): Promise<BatchActivateDealsResult> {
  const miner = rt.caller
  const epoch = rt.currentEpoch
  const { activations, failCodes, computeFor } = await rt.state.transaction(marketStateCbor, async (st) => {
    const c = new MarketCollections(rt.store, st)
    const activated = new Set<number>()
    const activations: SectorDealActivation[] = []
    const failCodes: FailCode[] = []
    const computeFor: Array<{ index: number, sealProof: number, proposals: DealProposal[] }> = []
    const sectorsDeals: Array<[SectorNumber, DealId[]]> = []
    for (const [idx, sector] of params.Sectors.entries()) {
      const proposals: DealProposal[] = []
      let failure: number | null = new Set(sector.DealIDs).size !== sector.DealIDs.length ? ExitCode.ErrIllegalArgument : null
      for (const id of sector.DealIDs) {
        if (failure !== null) break
        if (activated.has(id)) { failure = ExitCode.ErrIllegalArgument; break }
        try {
          const p = await getProposal(c, id)
          checkCanActivate(p, miner, sector.SectorExpiry, epoch)
          if (await (await c.states()).get(id) !== undefined) throw new ActorError(ExitCode.ErrIllegalArgument, `deal ${id} already activated`)
          if (!await (await c.pending()).has(dealProposalCid(p).bytes)) throw new ActorError(ExitCode.ErrIllegalState, `deal ${id} is not in pending set`)
          proposals.push(p)
        } catch (err) {
          if (!(err instanceof ActorError)) throw err
          failure = err.exitCode
        }
      }
      if (failure !== null) { failCodes.push({ Idx: idx, Code: failure }); continue }

      const deals: ActivatedDeal[] = []
      for (const [i, id] of sector.DealIDs.entries()) {
        const p = proposals[i]!
        activated.add(id)
        const allocs = await c.pendingAllocations()
        const alloc = await allocs.get(uintKey(id)) ?? 0n
        await allocs.delete(uintKey(id))
        deals.push({ Client: p.Client.id(), AllocationId: alloc, Data: p.PieceCID, Size: p.PieceSize })
        await (await c.states()).set(id, { SectorNumber: sector.SectorNumber, SectorStartEpoch: epoch, LastUpdatedEpoch: EpochUndefined, SlashEpoch: EpochUndefined })
      }
      if (params.ComputeCid && proposals.length > 0) computeFor.push({ index: activations.length, sealProof: sector.SectorType, proposals })
      sectorsDeals.push([sector.SectorNumber, [...sector.DealIDs]])
      activations.push({ Activated: deals, UnsealedCid: null })
    }
    await putSectorDeals(c, miner.id(), sectorsDeals)
    await c.flush()
    return { activations, failCodes, computeFor }
  })
  for (const job of computeFor) activations[job.index]!.UnsealedCid = await unsealedCid(rt, job.sealProof, job.proposals)
  return { ActivationResults: { SuccessCount: activations.length, FailCodes: failCodes }, Activations: activations }
}

/**
 * OnMinerSectorsTerminate: the deals of the terminated sectors that have not ended are
 * slashed (payment up to the termination epoch, the rest refunded to the client, the
 * provider's collateral burnt) and removed.
 */
export async function onMinerSectorsTerminate (rt: Runtime, params: OnMinerSectorsTerminateParams): Promise<void> {
  const miner = rt.caller
  const burn = await rt.state.transaction(marketStateCbor, async (st) => {
    const c = new MarketCollections(rt.store, st)
    let total = 0n
    const ids = await popSectorDeals(c, miner.id(), params.Sectors.toArray())
    for (const id of ids) {
      const p = await (await c.proposals()).get(id)
      if (p === undefined) continue
      if (!p.Provider.equals(miner)) rt.abort(ExitCode.ErrIllegalState, `caller ${miner.toString()} is not the provider ${p.Provider.toString()} of deal ${id}`)
      if (p.EndEpoch <= params.Epoch) continue
      const state = await (await c.states()).get(id)
      if (state === undefined) rt.abort(ExitCode.ErrIllegalArgument, `no state for deal ${id}`)
      if (state.LastUpdatedEpoch === EpochUndefined) await (await c.pending()).delete(dealProposalCid(p).bytes)
      total += await processSlashedDeal(c, p, state.LastUpdatedEpoch, params.Epoch)
      await (await c.states()).delete(id)
      await (await c.proposals()).delete(id)
    }
    await c.flush()
    return total
  })
  if (burn > 0n) await rt.transfer(BurntFundsActorAddr, burn as TokenAmount)
}

