import { blake2b } from '@noble/hashes/blake2.js'
import { InvalidInputError } from '../../core/errors.js'
import type { ChainEpoch } from '../../core/types.js'
import { drawRandomnessFromDigest, type DomainSeparationTag } from '../../proofs/randomness.js'
import type { RandomBeacon } from '../beacon/index.js'
import type { BeaconEntry, TipSet, TipSetKey } from '../types/index.js'

/** Lotus looks at most this many tipsets back for the beacon entry of a round. */
const BeaconSearchDepth = 20

/** What drawing randomness reads of the chain store. */
export interface RandomnessChain {
  loadTipSet: (key: TipSetKey) => Promise<TipSet>
  getTipsetByHeight: (height: ChainEpoch, from?: TipSet, prev?: boolean) => Promise<TipSet>
}

export interface RandomnessDeps {
  chain: RandomnessChain
  beacon: RandomBeacon
}

/** Randomness bound to one tipset, as the VM's runtime draws it (structurally the VM's `Randomness`). */
export interface TipSetRandomness {
  getChainRandomness: (dst: DomainSeparationTag, epoch: ChainEpoch, entropy: Uint8Array) => Promise<Uint8Array>
  getBeaconRandomness: (dst: DomainSeparationTag, epoch: ChainEpoch, entropy: Uint8Array) => Promise<Uint8Array>
}

/** Randomness was asked for an epoch the chain cannot give it for. */
export class RandomnessError extends InvalidInputError {
  constructor (message: string, value: unknown) {
    super('ERR_RANDOMNESS', message, { value })
  }
}

/**
 * Chain and beacon randomness as Lotus `chain/rand` draws it (network version 13 and later):
 * the base is the smallest ticket of the tipset at the epoch (the next non-null one after a
 * null round), or the beacon entry of the epoch's max round found in the chain; the result is
 * blake2b-256(DST as int64 BE || blake2b-256(base) || epoch as int64 BE || entropy).
 */
export class ChainRandomness {
  private readonly deps: RandomnessDeps

  constructor (deps: RandomnessDeps) {
    this.deps = deps
  }

  /** StateGetRandomnessFromTickets / DrawChainRandomness, from the chain ending at `tsk`. */
  async getChainRandomness (tsk: TipSetKey, dst: DomainSeparationTag, epoch: ChainEpoch, entropy: Uint8Array): Promise<Uint8Array> {
    const randTs = await this.randomnessTipSet(tsk, epoch)
    const digest = blake2b(randTs.minTicket.VRFProof, { dkLen: 32 })
    return drawRandomnessFromDigest(digest, dst, epoch, entropy)
  }

  /** StateGetRandomnessFromBeacon / DrawBeaconRandomness, from the chain ending at `tsk`. */
  async getBeaconRandomness (tsk: TipSetKey, dst: DomainSeparationTag, epoch: ChainEpoch, entropy: Uint8Array): Promise<Uint8Array> {
    const entry = await this.beaconEntryForEpoch(tsk, epoch)
    return drawRandomnessFromDigest(blake2b(entry.Data, { dkLen: 32 }), dst, epoch, entropy)
  }

  /**
   * The beacon entry randomness at `epoch` comes from (Lotus `extractBeaconEntryForEpoch`): the
   * entry of the epoch's max round, looked for from the tipset at the epoch back 20 tipsets.
   */
  async beaconEntryForEpoch (tsk: TipSetKey, epoch: ChainEpoch): Promise<BeaconEntry> {
    let randTs = await this.randomnessTipSet(tsk, epoch)
    const round = this.deps.beacon.maxBeaconRoundForEpoch(epoch)
    for (let i = 0; i < BeaconSearchDepth; i++) {
      const found = randTs.blocks[0]!.BeaconEntries.find((e) => e.Round === round)
      if (found !== undefined) return found
      // The chain's first block carries only its own round (Lotus: one entry after genesis), so
      // the rounds of the null epochs before it are on no block: they read as the genesis entry.
      // Past that first entry every round is on chain, so the walk never gets here for them.
      if (randTs.height === 0) return { Round: 0, Data: new Uint8Array(32) }
      randTs = await this.deps.chain.loadTipSet(randTs.parents)
    }
    throw new RandomnessError(`didn't find beacon for round ${round} (epoch ${epoch})`, epoch)
  }

  /** Randomness bound to the tipset `tsk`, for the VM executing it. */
  forTipSet (tsk: TipSetKey): TipSetRandomness {
    return {
      getChainRandomness: async (dst, epoch, entropy) => await this.getChainRandomness(tsk, dst, epoch, entropy),
      getBeaconRandomness: async (dst, epoch, entropy) => await this.getBeaconRandomness(tsk, dst, epoch, entropy)
    }
  }

  private async randomnessTipSet (tsk: TipSetKey, epoch: ChainEpoch): Promise<TipSet> {
    const ts = await this.deps.chain.loadTipSet(tsk)
    if (epoch > ts.height) throw new RandomnessError(`cannot draw randomness from the future (epoch ${epoch} > tipset height ${ts.height})`, epoch)
    const searchHeight = (epoch < 0 ? 0 : epoch) as ChainEpoch
    return await this.deps.chain.getTipsetByHeight(searchHeight, ts, false)
  }
}
