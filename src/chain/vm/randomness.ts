import type { ChainEpoch } from '../../core/types.js'

/** Domain separation tags for drawing randomness (go-state-types `crypto.DomainSeparationTag`). */
export const DomainSeparationTag = {
  TicketProduction: 1,
  ElectionProofProduction: 2,
  WinningPoStChallengeSeed: 3,
  WindowedPoStChallengeSeed: 4,
  SealRandomness: 5,
  InteractiveSealChallengeSeed: 6,
  WindowedPoStDeadlineAssignment: 7,
  MarketDealCronSeed: 8,
  PoStChainCommit: 9,
  EvmPrevRandao: 10
} as const
export type DomainSeparationTag = (typeof DomainSeparationTag)[keyof typeof DomainSeparationTag]

/**
 * Chain randomness as the chain store provides it to the VM (Lotus `rand.Rand`): 32 bytes
 * drawn from the ticket chain or the beacon at `epoch`, separated by `dst` and `entropy`.
 */
export interface Randomness {
  getChainRandomness: (dst: DomainSeparationTag, epoch: ChainEpoch, entropy: Uint8Array) => Promise<Uint8Array>
  getBeaconRandomness: (dst: DomainSeparationTag, epoch: ChainEpoch, entropy: Uint8Array) => Promise<Uint8Array>
}
