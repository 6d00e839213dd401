/**
 * A storage deal as the provider keeps it: the client's signed proposal, how its data arrives,
 * and how far it has got. Checkpoints follow Boost's names (what `/fil/storage/status` reports);
 * the record is written at every checkpoint before the next step runs, so a restarted markets
 * node resumes each deal from its last checkpoint.
 */
import type { CID } from 'multiformats/cid'
import { type CborCodec, cborTypes as c, map } from '../../core/cbor/index.js'
import { type ClientDealProposal, clientDealProposalCbor } from '../../chain/actors/builtin/market/types.js'
import { type Transfer, transferCbor, uuidCbor } from '../../protocols/deals.js'

/** Boost's checkpoints, in order. A failed deal ends at `Complete` with `Error` set. */
export const CHECKPOINTS = ['Accepted', 'Transferred', 'Published', 'PublishConfirmed', 'AddedPiece', 'Complete'] as const
export type Checkpoint = typeof CHECKPOINTS[number]

export interface ProviderDeal {
  DealUUID: Uint8Array
  /** Unix milliseconds when the proposal was accepted. */
  CreatedAt: number
  ClientDealProposal: ClientDealProposal
  SignedProposalCid: CID
  DealDataRoot: CID
  ClientPeerID: string
  IsOffline: boolean
  Transfer: Transfer
  /** Keep an unsealed copy (`!RemoveUnsealedCopy`). */
  KeepUnsealed: boolean
  Checkpoint: Checkpoint
  /** Why the deal failed; empty while it is well. */
  Error: string
  /** The downloaded or imported data file. */
  InboundFilePath: string
  PublishCid: CID | null
  ChainDealID: number
  SectorNumber: number
  /** Padded byte offset of the piece in its sector. */
  Offset: number
}

const checkpointCbor: CborCodec<Checkpoint> = {
  name: 'Checkpoint',
  toCbor: (v) => v,
  fromCbor: (v, path) => {
    if (typeof v !== 'string' || !(CHECKPOINTS as readonly string[]).includes(v)) throw new Error(`${path}: unknown deal checkpoint ${JSON.stringify(v)}`)
    return v as Checkpoint
  }
}

export const providerDealCbor: CborCodec<ProviderDeal> = map('ProviderDeal', {
  DealUUID: uuidCbor,
  CreatedAt: c.uint,
  ClientDealProposal: clientDealProposalCbor,
  SignedProposalCid: c.cid,
  DealDataRoot: c.cid,
  ClientPeerID: c.text,
  IsOffline: c.bool,
  Transfer: transferCbor,
  KeepUnsealed: c.bool,
  Checkpoint: checkpointCbor,
  Error: c.text,
  InboundFilePath: c.text,
  PublishCid: c.nullable(c.cid),
  ChainDealID: c.uint,
  SectorNumber: c.uint,
  Offset: c.uint
})

export function isFinal (d: ProviderDeal): boolean {
  return d.Checkpoint === 'Complete'
}
