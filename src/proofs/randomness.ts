/**
 * Drawing randomness as Filecoin does (lotus chain/rand): blake2b-256 over the domain
 * separation tag (int64 BE), the 32-byte digest of the randomness base (a beacon entry's data
 * or a ticket's VRF proof), the epoch (int64 BE) and the caller's entropy, typically the CBOR
 * bytes of a miner address.
 */
import { blake2b } from '@noble/hashes/blake2.js'
import type { Address } from '../core/address/index.js'
import { ProofInputError } from './errors.js'

/** go-state-types crypto.DomainSeparationTag. */
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
export type DomainSeparationTag = typeof DomainSeparationTag[keyof typeof DomainSeparationTag]

function int64be (n: number | bigint, what: string): Uint8Array {
  const b = new Uint8Array(8)
  const v = BigInt(n)
  if (v < -(1n << 63n) || v >= 1n << 63n) throw new ProofInputError(`${what} ${v} does not fit in an int64`, n, what)
  new DataView(b.buffer).setBigInt64(0, v)
  return b
}

/** DrawRandomnessFromDigest: the digest is already the 32-byte hash of the base. */
export function drawRandomnessFromDigest (digest: Uint8Array, tag: DomainSeparationTag, round: number | bigint, entropy: Uint8Array = new Uint8Array(0)): Uint8Array {
  if (digest.length !== 32) throw new ProofInputError(`randomness digest must be 32 bytes, got ${digest.length}`, digest, 'digest')
  const h = blake2b.create({ dkLen: 32 })
  h.update(int64be(tag, 'domain separation tag'))
  h.update(digest)
  h.update(int64be(round, 'round'))
  h.update(entropy)
  return h.digest()
}

/** DrawRandomnessFromBase: hashes the base (blake2b-256) first, then draws. */
export function drawRandomness (base: Uint8Array, tag: DomainSeparationTag, round: number | bigint, entropy: Uint8Array = new Uint8Array(0)): Uint8Array {
  return drawRandomnessFromDigest(blake2b(base, { dkLen: 32 }), tag, round, entropy)
}

/** address.MarshalCBOR: the address bytes as a CBOR byte string, the usual entropy. */
export function addressEntropy (address: Address): Uint8Array {
  const bytes = address.bytes
  // Addresses are at most 66 bytes, so the header is one or two bytes.
  const header = bytes.length < 24 ? Uint8Array.of(0x40 | bytes.length) : Uint8Array.of(0x58, bytes.length)
  const out = new Uint8Array(header.length + bytes.length)
  out.set(header)
  out.set(bytes, header.length)
  return out
}
