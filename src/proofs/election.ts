/**
 * Expected-consensus election and tickets as Lotus runs them (chain/gen IsRoundWinner,
 * miner.computeTicket, chain/consensus VerifyVRF): the VRF is the worker's BLS signature over
 * randomness drawn from the beacon entry with the miner address as entropy; the win count
 * comes from its hash and the miner's share of quality-adjusted power.
 */
import type { Address } from '../core/address/index.js'
import { Protocol } from '../core/address/index.js'
import { blsVerify, sign, SigType, type KeyInfo, type Signature } from '../core/crypto/index.js'
import { InvalidInputError } from '../core/errors.js'
import { computeWinCount } from './poisson.js'
import { addressEntropy, drawRandomness, DomainSeparationTag } from './randomness.js'

/** build.TicketRandomnessLookback: tickets draw from the beacon one epoch back. */
export const TICKET_RANDOMNESS_LOOKBACK = 1

/** types.ElectionProof. */
export interface ElectionProof {
  readonly winCount: number
  readonly vrfProof: Uint8Array
}

/** Signs with the worker key: a local key, or the full node's WalletSign in a split setup. */
export type VrfSigner = (data: Uint8Array) => Signature | Promise<Signature>

export function vrfSignerFromKey (worker: KeyInfo): VrfSigner {
  return (data) => sign(worker, data, 'worker key')
}

/** The election's VRF input: DrawRandomness(beacon, ElectionProofProduction, round, CBOR(miner)). */
export function electionRandomness (beaconData: Uint8Array, round: number, miner: Address): Uint8Array {
  return drawRandomness(beaconData, DomainSeparationTag.ElectionProofProduction, round, addressEntropy(miner))
}

/**
 * The ticket's VRF input: drawn with TicketProduction at round - lookback, with the miner
 * address and the parent tipset's smallest ticket as entropy (always, after the Smoke upgrade).
 */
export function ticketRandomness (beaconData: Uint8Array, round: number, miner: Address, parentMinTicket?: Uint8Array): Uint8Array {
  const addr = addressEntropy(miner)
  const entropy = new Uint8Array(addr.length + (parentMinTicket?.length ?? 0))
  entropy.set(addr)
  if (parentMinTicket !== undefined) entropy.set(parentMinTicket, addr.length)
  return drawRandomness(beaconData, DomainSeparationTag.TicketProduction, round - TICKET_RANDOMNESS_LOOKBACK, entropy)
}

/** The Winning PoSt challenge seed: WinningPoStChallengeSeed at round, CBOR(miner) entropy. */
export function winningPoStRandomness (beaconData: Uint8Array, round: number, miner: Address): Uint8Array {
  return drawRandomness(beaconData, DomainSeparationTag.WinningPoStChallengeSeed, round, addressEntropy(miner))
}

/** ComputeVRF: the worker's signature over the input, which must be BLS. */
export async function computeVrf (signer: VrfSigner, input: Uint8Array): Promise<Uint8Array> {
  const sig = await signer(input)
  if (sig.type !== SigType.BLS) {
    throw new InvalidInputError('ERR_VRF_KEY', 'miner worker address was not a BLS key: the VRF needs a BLS signature', { value: sig.type, source: 'worker key' })
  }
  return sig.data
}

/** VerifyVRF: whether `vrfProof` is the worker's BLS signature over `input`. */
export function verifyVrf (worker: Address, input: Uint8Array, vrfProof: Uint8Array): boolean {
  if (worker.protocol !== Protocol.BLS) return false
  try {
    return blsVerify(vrfProof, input, worker.payload)
  } catch {
    return false
  }
}

export interface RoundWinnerInput {
  readonly beaconData: Uint8Array
  readonly round: number
  readonly miner: Address
  readonly signer: VrfSigner
  /** The miner's and the network's quality-adjusted power at the lookback tipset. */
  readonly minerPower: bigint
  readonly networkPower: bigint
}

/** IsRoundWinner: the election proof when the miner wins at least one block, else undefined. */
export async function isRoundWinner (input: RoundWinnerInput): Promise<ElectionProof | undefined> {
  const vrfProof = await computeVrf(input.signer, electionRandomness(input.beaconData, input.round, input.miner))
  const winCount = computeWinCount(vrfProof, input.minerPower, input.networkPower)
  return winCount >= 1 ? { winCount, vrfProof } : undefined
}

/**
 * Block validation of the election: the VRF verifies for the worker and gives the claimed win
 * count (a reason when not).
 */
export function checkElectionProof (
  proof: ElectionProof, beaconData: Uint8Array, round: number, miner: Address, worker: Address, minerPower: bigint, networkPower: bigint
): { valid: true } | { valid: false, reason: string } {
  if (!verifyVrf(worker, electionRandomness(beaconData, round, miner), proof.vrfProof)) {
    return { valid: false, reason: `election VRF is not ${worker.toString()}'s signature over the round ${round} election randomness` }
  }
  const j = computeWinCount(proof.vrfProof, minerPower, networkPower)
  if (proof.winCount < 1) return { valid: false, reason: 'win count must be at least 1' }
  if (proof.winCount !== j) return { valid: false, reason: `miner claims ${proof.winCount} wins but its election proof gives ${j}` }
  return { valid: true }
}
