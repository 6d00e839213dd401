/**
 * Challenge derivation. PoSt challenges follow rust-fil-proofs' fallback PoSt exactly
 * (`generate_leaf_challenge`, `generate_sector_challenge`); PoRep challenges are the dev
 * system's own: sha256(replica ID || seed || i as u64 LE), first 8 bytes LE, modulo the leaves.
 */
import { createHash } from 'node:crypto'
import { proverId } from '../core/sector/index.js'
import type { ActorId } from '../core/types.js'
import { ProofInputError } from './errors.js'
import { checkBytes32 } from './replica.js'
import { WINNING_POST_SECTOR_COUNT } from './params.js'

function u64le (n: number | bigint): Uint8Array {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true)
  return b
}

function firstU64Mod (digest: Uint8Array, modulus: number): number {
  const v = new DataView(digest.buffer, digest.byteOffset, 8).getBigUint64(0, true)
  return Number(v % BigInt(modulus))
}

/**
 * Chain randomness as the proofs take it: Lotus clears the top two bits of the last byte so
 * the 32 bytes are a field element before handing them to the prover or verifier.
 */
export function postRandomness (randomness: Uint8Array): Uint8Array {
  checkBytes32(randomness, 'PoSt randomness')
  const r = randomness.slice()
  r[31]! &= 0x3f
  return r
}

/** The K leaves a PoRep opens: sha256(replica ID || seed || i) for i < count. */
export function porepChallenges (replica: Uint8Array, seed: Uint8Array, leaves: number, count: number): number[] {
  checkBytes32(seed, 'interactive seed')
  const out: number[] = []
  for (let i = 0; i < count; i++) {
    out.push(firstU64Mod(createHash('sha256').update(replica).update(seed).update(u64le(i)).digest(), leaves))
  }
  return out
}

/** generate_leaf_challenges: sha256(randomness || sector number u64 LE || i u64 LE). */
export function postLeafChallenges (randomness: Uint8Array, sectorNumber: number, leaves: number, count: number): number[] {
  const r = postRandomness(randomness)
  const out: number[] = []
  for (let i = 0; i < count; i++) {
    out.push(firstU64Mod(createHash('sha256').update(r).update(u64le(sectorNumber)).update(u64le(i)).digest(), leaves))
  }
  return out
}

/**
 * GenerateWinningPoStSectorChallenge: the indexes, into the miner's sorted eligible sectors,
 * of the sectors a Winning PoSt must prove (generate_sector_challenge: sha256(prover ID ||
 * randomness || n u64 LE), first 8 bytes LE, modulo the count).
 */
export function winningPoStSectorChallenge (miner: ActorId | bigint, randomness: Uint8Array, eligibleSectorCount: number): number[] {
  if (!Number.isSafeInteger(eligibleSectorCount) || eligibleSectorCount <= 0) {
    throw new ProofInputError(`eligible sector count must be a positive integer, got ${eligibleSectorCount} (an empty sector set cannot win)`, eligibleSectorCount, 'eligibleSectorCount')
  }
  const r = postRandomness(randomness)
  const prover = proverId(miner)
  const out: number[] = []
  for (let n = 0; n < WINNING_POST_SECTOR_COUNT; n++) {
    out.push(firstU64Mod(createHash('sha256').update(prover).update(r).update(u64le(n)).digest(), eligibleSectorCount))
  }
  return out
}
