import { sha256 } from '@noble/hashes/sha2.js'
import { blake2b } from '@noble/hashes/blake2.js'
import { blsGeneratePrivateKey, blsPublicKey, blsSign, blsVerify } from '../../core/crypto/bls.js'
import { InvalidInputError } from '../../core/errors.js'
import type { ChainEpoch } from '../../core/types.js'
import type { BeaconEntry } from '../types/index.js'

/**
 * A randomness beacon as the chain uses it (Lotus `beacon.RandomBeacon`): entries by round,
 * a check of an entry, and the last round a block at an epoch must include.
 */
export interface RandomBeacon {
  entry: (round: number) => BeaconEntry | Promise<BeaconEntry>
  /** Whether `entry` is the beacon's entry for its round (a reason when not). */
  verifyEntry: (entry: BeaconEntry) => { valid: true } | { valid: false, reason: string }
  maxBeaconRoundForEpoch: (epoch: ChainEpoch) => number
}

/** The message a round's entry signs: sha256 of the round as uint64 big-endian (drand's unchained scheme). */
export function beaconRoundMessage (round: number): Uint8Array {
  const b = new Uint8Array(8)
  new DataView(b.buffer).setBigUint64(0, BigInt(round))
  return sha256(b)
}

/**
 * Derives a devnet beacon secret key from a seed (e.g. the network name), so every node of a
 * devnet can agree on the beacon without a network. Anyone who knows the seed can produce
 * entries: fine for a devnet, not a source of unpredictable randomness.
 */
export function deriveBeaconKey (seed: Uint8Array | string): Uint8Array {
  const bytes = typeof seed === 'string' ? new TextEncoder().encode(seed) : seed
  const a = blake2b(Uint8Array.of(0, ...bytes), { dkLen: 32 })
  const b = blake2b(Uint8Array.of(1, ...bytes), { dkLen: 16 })
  return blsGeneratePrivateKey(new Uint8Array([...a, ...b]))
}

export interface LocalBeaconOptions {
  /** The beacon's BLS public key (48 bytes), as the network parameters publish it. */
  publicKey?: Uint8Array
  /** The BLS secret key; needed to produce entries, not to verify them. */
  secretKey?: Uint8Array
}

/**
 * Nelumbo's local beacon: round r's entry is the BLS signature (G2, Filecoin's DST) by the
 * devnet beacon key over sha256(r as uint64 BE), as an unchained drand network signs, so each
 * entry is verifiable alone with the public key in the network parameters and no network is
 * needed. Rounds map 1:1 to epochs, as Lotus's mock beacon does: a block at epoch e carries
 * entries up to round e.
 */
export class LocalBeacon implements RandomBeacon {
  readonly publicKey: Uint8Array
  private readonly secretKey: Uint8Array | undefined
  private readonly cache = new Map<number, BeaconEntry>()

  constructor (options: LocalBeaconOptions) {
    if (options.secretKey === undefined && options.publicKey === undefined) {
      throw new InvalidInputError('ERR_BEACON_KEY', 'the local beacon needs its public key (to verify) or its secret key (to produce entries)')
    }
    this.secretKey = options.secretKey
    this.publicKey = options.publicKey ?? blsPublicKey(options.secretKey!, 'beacon secret key')
    if (options.secretKey !== undefined && options.publicKey !== undefined &&
      Buffer.compare(blsPublicKey(options.secretKey, 'beacon secret key'), options.publicKey) !== 0) {
      throw new InvalidInputError('ERR_BEACON_KEY', 'the beacon secret key does not belong to the beacon public key of the network parameters')
    }
  }

  entry (round: number): BeaconEntry {
    const cached = this.cache.get(round)
    if (cached !== undefined) return cached
    if (this.secretKey === undefined) {
      throw new InvalidInputError('ERR_BEACON_KEY', `cannot produce beacon round ${round}: this node has only the beacon's public key`, { value: round })
    }
    const e = { Round: round, Data: blsSign(this.secretKey, beaconRoundMessage(round), 'beacon secret key') }
    if (this.cache.size > 4096) this.cache.clear()
    this.cache.set(round, e)
    return e
  }

  verifyEntry (entry: BeaconEntry): { valid: true } | { valid: false, reason: string } {
    let ok: boolean
    try {
      ok = blsVerify(entry.Data, beaconRoundMessage(entry.Round), this.publicKey)
    } catch (err) {
      return { valid: false, reason: `beacon entry for round ${entry.Round} is malformed: ${(err as Error).message}` }
    }
    return ok ? { valid: true } : { valid: false, reason: `beacon entry for round ${entry.Round} is not the beacon's signature of that round` }
  }

  maxBeaconRoundForEpoch (epoch: ChainEpoch): number {
    return epoch < 0 ? 0 : epoch
  }
}
