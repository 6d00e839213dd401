import type { ChainEpoch } from '../../core/types.js'

// One definition of the tags, with the randomness draw itself (src/proofs/randomness.ts).
import { DomainSeparationTag } from '../../proofs/randomness.js'

export { DomainSeparationTag }

/**
 * Chain randomness as the chain store provides it to the VM (Lotus `rand.Rand`): 32 bytes
 * drawn from the ticket chain or the beacon at `epoch`, separated by `dst` and `entropy`.
 */
export interface Randomness {
  getChainRandomness: (dst: DomainSeparationTag, epoch: ChainEpoch, entropy: Uint8Array) => Promise<Uint8Array>
  getBeaconRandomness: (dst: DomainSeparationTag, epoch: ChainEpoch, entropy: Uint8Array) => Promise<Uint8Array>
}
