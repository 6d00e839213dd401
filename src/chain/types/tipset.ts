import type { CID } from '../../core/cid.js'
import type { ChainEpoch, TokenAmount } from '../../core/types.js'
import { blockHeaderCid, type BlockHeader } from './block-header.js'
import { InvalidTipSetError } from './errors.js'
import { ticketDigest, type Ticket } from './ticket.js'
import { TipSetKey } from './tipset-key.js'

/**
 * A tipset (lotus chain/types.TipSet): the blocks of one epoch that share parents, sorted as
 * Lotus sorts them (by the blake2b-256 digest of each ticket's VRF proof, then by block CID).
 * Immutable; build with {@link TipSet.create}, which checks what Lotus `NewTipSet` checks and
 * also that the blocks agree on the parent state.
 */
export class TipSet {
  readonly blocks: readonly BlockHeader[]
  /** Block CIDs in tipset order. */
  readonly cids: readonly CID[]
  readonly key: TipSetKey
  readonly height: ChainEpoch

  private constructor (blocks: BlockHeader[], cids: CID[]) {
    this.blocks = Object.freeze(blocks)
    this.cids = Object.freeze(cids)
    this.key = TipSetKey.fromCids(cids)
    this.height = blocks[0]!.Height
  }

  /**
   * Sorts `blocks` into tipset order and checks them: at least one block, every block has a
   * ticket, no block twice, and all share height, parents (same CIDs, same order) and parent
   * state root. `source` names where the blocks came from in errors.
   */
  static create (blocks: readonly BlockHeader[], source?: string): TipSet {
    if (blocks.length === 0) throw new InvalidTipSetError('a tipset needs at least one block', { source })
    const entries = blocks.map((header) => {
      const cid = blockHeaderCid(header)
      if (header.Ticket === null) throw new InvalidTipSetError(`block ${cid.toString()} has no ticket`, { value: cid, source })
      return { header, cid, digest: ticketDigest(header.Ticket) }
    })
    entries.sort((a, b) => Buffer.compare(a.digest, b.digest) || Buffer.compare(a.cid.bytes, b.cid.bytes))
    const first = entries[0]!.header
    for (let i = 1; i < entries.length; i++) {
      const { header: b, cid } = entries[i]!
      const where = `block ${cid.toString()}`
      if (cid.equals(entries[i - 1]!.cid)) throw new InvalidTipSetError(`${where} appears twice`, { value: cid, source })
      if (b.Height !== first.Height) {
        throw new InvalidTipSetError(`cannot create tipset with mismatching heights: ${where} is at ${b.Height}, another at ${first.Height}`, { value: b.Height, source })
      }
      if (b.Parents.length !== first.Parents.length) {
        throw new InvalidTipSetError(`cannot create tipset with mismatching number of parents: ${where} has ${b.Parents.length}, another ${first.Parents.length}`, { value: b.Parents, source })
      }
      if (b.Parents.some((p, j) => !sameCid(p, first.Parents[j]!))) {
        throw new InvalidTipSetError(`cannot create tipset with mismatching parents (${where})`, { value: b.Parents, source })
      }
      if (!sameCid(b.ParentStateRoot, first.ParentStateRoot)) {
        throw new InvalidTipSetError(`cannot create tipset with mismatching parent state roots: ${where} has ${b.ParentStateRoot.toString()}, another ${first.ParentStateRoot.toString()}`, { value: b.ParentStateRoot, source })
      }
    }
    return new TipSet(entries.map((e) => e.header), entries.map((e) => e.cid))
  }

  /** The parent tipset's key (the blocks' Parents). */
  get parents (): TipSetKey {
    return TipSetKey.fromCids(this.blocks[0]!.Parents)
  }

  /** State root after executing the parent tipset. */
  get parentState (): CID {
    return this.blocks[0]!.ParentStateRoot
  }

  /** Receipts of the parent tipset's messages. */
  get parentMessageReceipts (): CID {
    return this.blocks[0]!.ParentMessageReceipts
  }

  /** The parent tipset's weight, as the blocks record it. */
  get parentWeight (): bigint {
    return this.blocks[0]!.ParentWeight
  }

  get parentBaseFee (): TokenAmount {
    return this.blocks[0]!.ParentBaseFee
  }

  /** The smallest block timestamp (Lotus `MinTimestamp`). */
  get minTimestamp (): number {
    return Math.min(...this.blocks.map((b) => b.Timestamp))
  }

  /** The block with the smallest ticket: the first in tipset order (Lotus `MinTicketBlock`). */
  get minTicketBlock (): BlockHeader {
    return this.blocks[0]!
  }

  get minTicket (): Ticket {
    return this.blocks[0]!.Ticket!
  }

  equals (other: TipSet): boolean {
    return this.height === other.height && this.key.equals(other.key)
  }

  contains (cid: CID): boolean {
    return this.cids.some((c) => c.equals(cid))
  }

  /** True if `parent` is this tipset's parent (Lotus `IsChildOf`: same CID set, lower height). */
  isChildOf (parent: TipSet): boolean {
    const mine = this.blocks[0]!.Parents
    return mine.length === parent.cids.length && mine.every((c) => parent.contains(c)) && this.height > parent.height
  }

  toString (): string {
    return `[${this.cids.map((c) => c.toString()).join(' ')}]`
  }
}

// CID.equals is a type guard, which narrows its argument to never in a negated test.
function sameCid (a: CID, b: CID): boolean {
  return a.equals(b)
}
