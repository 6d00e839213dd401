import { addressFromBytes, Protocol, type Address } from '../../core/address/index.js'
import { decodeCbor, encodeCbor } from '../../core/cbor/index.js'
import type { CID } from '../../core/cid.js'
import { getBlock, Hamt, HAMT_BIT_WIDTH, putBlock, rawValues, type Blockstore } from '../../core/ipld/index.js'
import { accountStateCbor } from '../actors/builtin/account/state.js'
import { InitActorAddr } from '../actors/builtin/addresses.js'
import { AccountActorCode } from '../actors/builtin/codes.js'
import { initMapAddressToNewId, initResolveAddress, initStateCbor } from '../actors/builtin/init/state.js'
import { actorCbor, type Actor } from './actor.js'
import { ActorNotFoundError, IllegalStateError } from './errors.js'
import { StateInfo0Bytes, stateRootCbor, StateTreeVersion5, type StateRoot } from './state-root.js'

/** A pending change: the new actor, or null for a deletion. */
interface Change { id: Address, actor: Actor | null }
type Layer = Map<string, Change>

const keyOf = (id: Address): string => Buffer.from(id.bytes).toString('hex')

/**
 * The actors of one state (Lotus `state.StateTree`, version 5): a HAMT of bit width 5 from ID
 * address bytes to {@link Actor}, under a {@link StateRoot}. Changes are kept in layers above
 * the HAMT: {@link snapshot} opens one, {@link revert} drops it (a failed message's changes),
 * {@link clearSnapshot} folds it into the one below. {@link flush} writes the HAMT and root.
 * Await each call before the next; the tree is not safe for interleaved use.
 */
export class StateTree {
  readonly store: Blockstore
  readonly version: number
  readonly #hamt: Hamt<Uint8Array>
  readonly #info: CID | null
  readonly #layers: Layer[] = [new Map()]
  // Actors read from the HAMT since the last flush (null = absent), so repeat reads skip decoding.
  #readCache = new Map<string, Actor | null>()

  private constructor (store: Blockstore, hamt: Hamt<Uint8Array>, version: number, info: CID | null) {
    this.store = store
    this.#hamt = hamt
    this.version = version
    this.#info = info
  }

  /** An empty version-5 state tree. */
  static create (store: Blockstore): StateTree {
    return new StateTree(store, Hamt.create(store, { bitWidth: HAMT_BIT_WIDTH, codec: rawValues }), StateTreeVersion5, null)
  }

  /** Opens the state whose StateRoot is `root`. Only version 5 is supported. */
  static async load (store: Blockstore, root: CID): Promise<StateTree> {
    const where = `state root ${root.toString()}`
    const sr: StateRoot = decodeCbor(stateRootCbor, await getBlock(store, root, where), where)
    if (sr.Version !== StateTreeVersion5) {
      throw new IllegalStateError(`${where}: unsupported state tree version ${sr.Version} (only ${StateTreeVersion5})`)
    }
    const hamt = await Hamt.load(store, sr.Actors, { bitWidth: HAMT_BIT_WIDTH, codec: rawValues })
    return new StateTree(store, hamt, sr.Version, sr.Info)
  }

  /** The ID address `addr` stands for, through the init actor's address map; null if none. */
  async lookupId (addr: Address): Promise<Address | null> {
    if (addr.protocol === Protocol.ID) return addr
    const init = await this.#getById(InitActorAddr)
    if (init === null) throw new IllegalStateError('state tree has no init actor (f01)')
    const where = `init actor state ${init.Head.toString()}`
    const st = decodeCbor(initStateCbor, await getBlock(this.store, init.Head, where), where)
    return await initResolveAddress(this.store, st, addr)
  }

  /** The actor at `addr` (any protocol), or null if there is none. */
  async getActor (addr: Address): Promise<Actor | null> {
    const id = await this.lookupId(addr)
    return id === null ? null : await this.#getById(id)
  }

  /** Like {@link getActor} but throws {@link ActorNotFoundError}. */
  async requireActor (addr: Address): Promise<Actor> {
    const actor = await this.getActor(addr)
    if (actor === null) throw new ActorNotFoundError(addr)
    return actor
  }

  /** Stores `actor` at `addr`; a non-ID address must already map to an ID. */
  async setActor (addr: Address, actor: Actor): Promise<void> {
    const id = await this.lookupId(addr)
    if (id === null) throw new ActorNotFoundError(addr, 'no ID address to store the actor under')
    this.#top().set(keyOf(id), { id, actor: { ...actor } })
  }

  /** Removes the actor at `addr`; throws if there is none. */
  async deleteActor (addr: Address): Promise<void> {
    const id = await this.lookupId(addr)
    if (id === null || await this.#getById(id) === null) throw new ActorNotFoundError(addr)
    this.#top().set(keyOf(id), { id, actor: null })
  }

  /** Reads, changes and stores an actor in one step. */
  async mutateActor (addr: Address, fn: (actor: Actor) => Actor | undefined): Promise<Actor> {
    const current = await this.requireActor(addr)
    const next = fn({ ...current }) ?? current
    await this.setActor(addr, next)
    return next
  }

  /** Gives `addr` a new ID through the init actor (Lotus `RegisterNewAddress`). */
  async registerNewAddress (addr: Address): Promise<Address> {
    const init = await this.requireActor(InitActorAddr)
    const where = `init actor state ${init.Head.toString()}`
    const st = decodeCbor(initStateCbor, await getBlock(this.store, init.Head, where), where)
    const { state, id } = await initMapAddressToNewId(this.store, st, addr)
    await this.setActor(InitActorAddr, { ...init, Head: await putBlock(this.store, encodeCbor(initStateCbor, state)) })
    return id
  }

  /**
   * The public-key address behind `addr` (Lotus `ResolveToDeterministicAddress`): f1/f3 as
   * they are, an account's key address, or an actor's f4 address.
   */
  async resolveToKeyAddress (addr: Address): Promise<Address> {
    if (addr.protocol === Protocol.SECP256K1 || addr.protocol === Protocol.BLS) return addr
    const actor = await this.requireActor(addr)
    if (actor.Code.equals(AccountActorCode)) {
      const where = `account state ${actor.Head.toString()}`
      return decodeCbor(accountStateCbor, await getBlock(this.store, actor.Head, where), where).Address
    }
    if (actor.DelegatedAddress !== null) return actor.DelegatedAddress
    throw new IllegalStateError(`actor ${addr.toString()} is not an account actor and has no key address`)
  }

  /** Opens a layer of changes that can be dropped with {@link revert}. */
  snapshot (): void {
    this.#layers.push(new Map())
  }

  /** Drops every change since the matching {@link snapshot}. */
  revert (): void {
    if (this.#layers.length < 2) throw new IllegalStateError('state tree revert without a snapshot')
    this.#layers.pop()
  }

  /** Keeps the changes since the matching {@link snapshot}, folding them into the layer below. */
  clearSnapshot (): void {
    if (this.#layers.length < 2) throw new IllegalStateError('state tree clearSnapshot without a snapshot')
    const top = this.#layers.pop()!
    const below = this.#top()
    for (const [k, v] of top) below.set(k, v)
  }

  /** Open snapshots (0 when only the base layer is there). */
  get snapshotDepth (): number {
    return this.#layers.length - 1
  }

  /** Writes pending changes into the HAMT, stores it and the StateRoot, and returns the root CID. */
  async flush (): Promise<CID> {
    if (this.#layers.length !== 1) throw new IllegalStateError('tried to flush state tree with snapshots on the stack')
    await this.#applyBase()
    const actors = await this.#hamt.flush()
    const info = this.#info ?? await putBlock(this.store, StateInfo0Bytes)
    return await putBlock(this.store, encodeCbor(stateRootCbor, { Version: this.version, Actors: actors, Info: info }))
  }

  /** Every actor with its ID address, pending changes included (Lotus `ForEach`); order is the HAMT's. */
  async * actors (): AsyncGenerator<[Address, Actor]> {
    const seen = new Set<string>()
    for (let i = this.#layers.length - 1; i >= 0; i--) {
      for (const [k, change] of this.#layers[i]!) {
        if (seen.has(k)) continue
        seen.add(k)
        if (change.actor !== null) yield [change.id, { ...change.actor }]
      }
    }
    for await (const [key, raw] of this.#hamt.entriesRaw()) {
      if (seen.has(Buffer.from(key).toString('hex'))) continue
      yield [addressFromBytes(key, 'state tree key'), decodeCbor(actorCbor, raw, 'state tree actor')]
    }
  }

  #top (): Layer {
    return this.#layers[this.#layers.length - 1]!
  }

  async #getById (id: Address): Promise<Actor | null> {
    const key = keyOf(id)
    for (let i = this.#layers.length - 1; i >= 0; i--) {
      const change = this.#layers[i]!.get(key)
      if (change !== undefined) return change.actor === null ? null : { ...change.actor }
    }
    let actor = this.#readCache.get(key)
    if (actor === undefined) {
      const raw = await this.#hamt.getRaw(id.bytes)
      actor = raw === undefined ? null : decodeCbor(actorCbor, raw, `state tree actor ${id.toString()}`)
      this.#readCache.set(key, actor)
    }
    return actor === null ? null : { ...actor }
  }

  async #applyBase (): Promise<void> {
    const base = this.#layers[0]!
    for (const change of base.values()) {
      if (change.actor === null) await this.#hamt.delete(change.id.bytes)
      else await this.#hamt.set(change.id.bytes, encodeCbor(actorCbor, change.actor))
    }
    base.clear()
    this.#readCache = new Map()
  }
}
