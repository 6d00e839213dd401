/**
 * What the message pool needs from the rest of the node, named narrowly so tests pass fakes
 * and the full node wires the state tree, the chain store and the metadata datastore.
 */
import type { Address } from '../../core/address/index.js'
import type { Message, SignedMessage } from '../../core/message/index.js'

/** A message as a block carries it: signed (secp256k1), or bare when BLS-signed (aggregated). */
export type ChainMessage = SignedMessage | Message

/** The sender fields the pool reads (Lotus types.Actor Nonce and Balance). */
export interface MpoolActor {
  readonly Nonce: bigint
  readonly Balance: bigint
}

/**
 * State at the pool's head, after the head tipset's messages apply (Lotus GetActorAfter): the
 * nonce a new message must carry and the balance that pays for it.
 */
export interface MpoolStateView {
  /** The actor, or undefined when no actor has that address yet. */
  getActor (addr: Address): MpoolActor | undefined | Promise<MpoolActor | undefined>
  /** The key address (f1/f3) behind an ID address; key addresses come back as they are. */
  resolveKey (addr: Address): Address | Promise<Address>
}

/** A tipset as the pool sees it: identity, height and the messages its blocks include. */
export interface MpoolTipSet {
  /** The tipset key in a canonical string form (the chain store's choice), compared for equality. */
  readonly key: string
  readonly parents: string
  readonly height: number
  readonly messages: readonly ChainMessage[]
}

/** A head change: tipsets left (newest first) and tipsets joined (oldest first), as Lotus. */
export interface HeadChange {
  readonly revert: readonly MpoolTipSet[]
  readonly apply: readonly MpoolTipSet[]
}

/** The chain's head and its changes. */
export interface HeadSource {
  head (): MpoolTipSet | Promise<MpoolTipSet>
  /** Calls `fn` for each head change, in order; returns the unsubscribe function. */
  subscribe (fn: (change: HeadChange) => Promise<void>): () => void
}

/** Loads a tipset by key, for MpoolPending at a tipset the pool has not reached yet. */
export interface MpoolChainReader {
  loadTipSet (key: string): MpoolTipSet | Promise<MpoolTipSet>
}

/** The part of the metadata datastore the pool uses (`src/repo` Datastore satisfies it). */
export interface MpoolDatastore {
  get (key: string): Uint8Array | undefined
  put (key: string, value: Uint8Array): void
  delete (key: string): void
  query (opts: { prefix: string }): Iterable<{ readonly key: string, readonly value: Uint8Array }>
}

/** Where the pool reports what it dropped or could not reload (pino's Logger satisfies it). */
export interface MpoolLog {
  warn (obj: object, msg: string): void
  debug (obj: object, msg: string): void
}
