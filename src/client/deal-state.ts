/**
 * What a deal's provider checkpoint (Boost's names, from `/fil/storage/status/1.2.0`) means in
 * Lotus's client vocabulary (`storagemarket.StorageDealStatus`), which `lotus client list-deals`
 * prints: a deal whose sector is proven and whose market state shows it started is Active.
 */
export const StorageDealStatus = {
  Unknown: 0,
  ProposalRejected: 2,
  ProposalAccepted: 3,
  Staged: 4,
  Sealing: 5,
  Active: 7,
  Expired: 8,
  Slashed: 9,
  Transferring: 17,
  WaitingForData: 18,
  VerifyData: 19,
  Publishing: 25,
  Error: 26
} as const

const NAMES: Record<number, string> = {
  0: 'StorageDealUnknown',
  2: 'StorageDealProposalRejected',
  3: 'StorageDealProposalAccepted',
  4: 'StorageDealStaged',
  5: 'StorageDealSealing',
  7: 'StorageDealActive',
  8: 'StorageDealExpired',
  9: 'StorageDealSlashed',
  17: 'StorageDealTransferring',
  18: 'StorageDealWaitingForData',
  19: 'StorageDealVerifyData',
  25: 'StorageDealPublishing',
  26: 'StorageDealError'
}

export function dealStatusName (code: number): string {
  return NAMES[code] ?? `StorageDealStatus(${code})`
}

/** The Lotus status for a provider checkpoint; `active` once the market actor shows the deal started. */
export function statusFromCheckpoint (checkpoint: string, error: string, offline: boolean, active: boolean): number {
  if (active) return StorageDealStatus.Active
  if (checkpoint === 'Complete') return error === '' ? StorageDealStatus.Expired : StorageDealStatus.Error
  switch (checkpoint) {
    case 'Accepted': return offline ? StorageDealStatus.WaitingForData : StorageDealStatus.Transferring
    case 'Transferred': return StorageDealStatus.VerifyData
    case 'Published': return StorageDealStatus.Publishing
    case 'PublishConfirmed': return StorageDealStatus.Staged
    // Boost reports IndexedAndAnnounced once the piece is with the sealer and indexed.
    case 'AddedPiece': case 'IndexedAndAnnounced': return StorageDealStatus.Sealing
    default: return StorageDealStatus.Unknown
  }
}

export function isFinalStatus (code: number): boolean {
  return code === StorageDealStatus.ProposalRejected || code === StorageDealStatus.Active || code === StorageDealStatus.Expired ||
    code === StorageDealStatus.Slashed || code === StorageDealStatus.Error
}
