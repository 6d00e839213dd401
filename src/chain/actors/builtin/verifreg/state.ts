import type { Address } from '../../../../core/address/index.js'
import type { CborCodec } from '../../../../core/cbor/index.js'
import { tuple } from '../../../../core/cbor/struct.js'
import { address, bigInt, cid } from '../../../../core/cbor/scalars.js'
import type { CID } from '../../../../core/cid.js'
import { Hamt, type Blockstore } from '../../../../core/ipld/index.js'
import { emptyHamt, typedValues } from '../power/collections.js'

/**
 * The verified registry's state, as builtin-actors v8 `verifreg::State`: the root key, the
 * verifiers with the datacap each may still grant, the verified clients with the datacap each
 * may still spend (both HAMT[address]BigInt, bit width 5) and the remove-datacap proposal IDs.
 *
 * Nelumbo keeps datacap here, as actors v8 did, instead of v9+'s separate datacap token actor
 * (f07) with allocations and claims; see actor.ts for what that changes.
 */
export interface VerifregState {
  RootKey: Address
  Verifiers: CID
  VerifiedClients: CID
  RemoveDataCapProposalIDs: CID
}
export const verifregStateCbor: CborCodec<VerifregState> = tuple('VerifregState', {
  RootKey: address,
  Verifiers: cid,
  VerifiedClients: cid,
  RemoveDataCapProposalIDs: cid
})

const BitWidth = 5

export async function newVerifregState (store: Blockstore, rootKey: Address): Promise<VerifregState> {
  const empty = await emptyHamt(store, BitWidth)
  return { RootKey: rootKey, Verifiers: empty, VerifiedClients: empty, RemoveDataCapProposalIDs: empty }
}

/** A HAMT[address]DataCap (verifiers or clients). */
export async function loadDataCapTable (store: Blockstore, root: CID): Promise<Hamt<bigint>> {
  return await Hamt.load(store, root, { bitWidth: BitWidth, codec: typedValues(bigInt) })
}
