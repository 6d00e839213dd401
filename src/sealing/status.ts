/** A sector record as Lotus's api.SectorInfo (SectorsStatus), with its event log. */
import type { ChainEpoch, DealId, TokenAmount } from '../core/types.js'
import type { SectorInfo } from '../api/sealing.js'
import { dealIds, type SectorLogEntry, type SectorRecord } from './record.js'

export function sectorInfoOf (r: SectorRecord, log: readonly SectorLogEntry[]): SectorInfo {
  return {
    SectorID: r.SectorNumber,
    State: r.State,
    CommD: r.CommD,
    CommR: r.CommR,
    Proof: r.Proof,
    Deals: dealIds(r) as DealId[],
    Pieces: r.Pieces,
    Ticket: { Value: r.TicketValue, Epoch: r.TicketEpoch },
    Seed: { Value: r.SeedValue, Epoch: r.SeedEpoch },
    PreCommitMsg: r.PreCommitMessage,
    CommitMsg: r.CommitMessage,
    Retries: r.Retries,
    ToUpgrade: false,
    ReplicaUpdateMessage: null,
    LastErr: r.LastErr,
    Log: log.map((e) => ({ ...e })),
    SealProof: r.SectorType,
    Activation: 0 as ChainEpoch,
    Expiration: r.Expiration,
    DealWeight: 0n,
    VerifiedDealWeight: 0n,
    InitialPledge: 0n as TokenAmount,
    OnTime: 0 as ChainEpoch,
    Early: 0 as ChainEpoch
  }
}
