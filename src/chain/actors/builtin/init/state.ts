import { newIdAddress, type Address } from '../../../../core/address/index.js'
import type { CborCodec } from '../../../../core/cbor/index.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { cid, text, uint64 } from '../../../../core/cbor/scalars.js'
import type { CID } from '../../../../core/cid.js'
import { Hamt, HAMT_BIT_WIDTH, type Blockstore } from '../../../../core/ipld/index.js'
import { IllegalStateError } from '../../../state/errors.js'

/**
 * The init actor's state (builtin-actors `init::State`): a HAMT from robust address bytes
 * to actor ID, the next ID to hand out and the network's name.
 */
export interface InitState {
  AddressMap: CID
  NextID: bigint
  NetworkName: string
}

export const initStateCbor: CborCodec<InitState> = tuple('InitState', {
  AddressMap: cid,
  NextID: uint64,
  NetworkName: text
})

async function addressMap (store: Blockstore, root: CID): Promise<Hamt> {
  return await Hamt.load(store, root, { bitWidth: HAMT_BIT_WIDTH })
}

/** An empty address map's root CID, for a new init state. */
export async function emptyAddressMap (store: Blockstore): Promise<CID> {
  return await Hamt.create(store, { bitWidth: HAMT_BIT_WIDTH }).flush()
}

/** The ID address `addr` maps to, or null (ID addresses resolve to themselves). */
export async function initResolveAddress (store: Blockstore, state: InitState, addr: Address): Promise<Address | null> {
  if (addr.protocol === 0) return addr
  const value = await (await addressMap(store, state.AddressMap)).get(addr.bytes)
  if (value === undefined) return null
  if (typeof value !== 'number' && typeof value !== 'bigint') {
    throw new IllegalStateError(`init actor address map holds a non-integer for ${addr.toString()}`)
  }
  return newIdAddress(BigInt(value))
}

/** Gives `addr` the next actor ID (builtin-actors `map_address_to_new_id`); returns the new state. */
export async function initMapAddressToNewId (store: Blockstore, state: InitState, addr: Address): Promise<{ state: InitState, id: Address }> {
  const id = state.NextID
  const map = await addressMap(store, state.AddressMap)
  await map.set(addr.bytes, id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : id)
  return { state: { ...state, AddressMap: await map.flush(), NextID: id + 1n }, id: newIdAddress(id) }
}

/** Maps `addr` to a given ID (genesis set-up), without touching NextID. */
export async function initSetAddress (store: Blockstore, state: InitState, addr: Address, id: bigint): Promise<InitState> {
  const map = await addressMap(store, state.AddressMap)
  await map.set(addr.bytes, id <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(id) : id)
  return { ...state, AddressMap: await map.flush() }
}
