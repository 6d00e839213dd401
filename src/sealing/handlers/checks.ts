/**
 * Checks before spending on a sector (Lotus checks.go): its deals are still on chain, match
 * the pieces and have not started; its ticket is not too old to pre-commit.
 */
import type { TipSetKey } from '../../chain/types/index.js'
import type { SealingEnv } from '../env.js'
import type { SectorEvent } from '../events.js'
import type { SectorRecord } from '../record.js'

/** An event to send if a deal of the sector is gone, wrong or expired; undefined when all are fine. */
export async function checkDeals (env: SealingEnv, record: SectorRecord, height: number, tsk: TipSetKey): Promise<SectorEvent | undefined> {
  for (const p of record.Pieces) {
    if (p.DealInfo === null) continue
    const id = p.DealInfo.DealID
    let deal
    try {
      deal = await env.chain.StateMarketStorageDeal(id, tsk)
    } catch (err) {
      return { type: 'SectorInvalidDealIDs', error: `getting deal ${id} for piece ${p.Piece.PieceCID.toString()}: ${(err as Error).message}` }
    }
    if (!deal.Proposal.Provider.equals(env.miner)) {
      return { type: 'SectorInvalidDealIDs', error: `deal ${id} is for provider ${deal.Proposal.Provider.toString()}, not ${env.miner.toString()}` }
    }
    const want = p.Piece.PieceCID.toString()
    if (deal.Proposal.PieceCID.toString() !== want) {
      return { type: 'SectorInvalidDealIDs', error: `deal ${id} has piece ${deal.Proposal.PieceCID.toString()}, the sector holds ${want}` }
    }
    if (height >= deal.Proposal.StartEpoch) {
      return { type: 'SectorDealsExpired', error: `deal ${id} started at epoch ${deal.Proposal.StartEpoch}, head is ${height}` }
    }
  }
  return undefined
}

/** Whether the ticket is too old to be pre-committed at `height`. */
export function ticketExpired (env: SealingEnv, record: SectorRecord, height: number): boolean {
  return height - record.TicketEpoch > env.policy.maxPreCommitRandomnessLookback
}
