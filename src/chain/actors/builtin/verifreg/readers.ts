import { addressFromBytes, type Address } from '../../../../core/address/index.js'
import { decodeCbor } from '../../../../core/cbor/index.js'
import { getBlock } from '../../../../core/ipld/index.js'
import type { StateTree } from '../../../state/index.js'
import { IllegalStateError } from '../../../state/errors.js'
import { VerifiedRegistryActorAddr } from '../addresses.js'
import { loadDataCapTable, verifregStateCbor, type VerifregState } from './state.js'

export async function readVerifregState (tree: StateTree): Promise<VerifregState> {
  const actor = await tree.getActor(VerifiedRegistryActorAddr)
  if (actor === null) throw new IllegalStateError('the state has no verified registry actor (f06)')
  return decodeCbor(verifregStateCbor, await getBlock(tree.store, actor.Head, 'verified registry state'), 'verified registry state')
}

/** A client's remaining datacap in bytes, or null if it is not a verified client (StateVerifiedClientStatus). */
export async function readVerifiedClientStatus (tree: StateTree, client: Address): Promise<bigint | null> {
  const id = await tree.lookupId(client)
  if (id === null) return null
  const st = await readVerifregState(tree)
  return await (await loadDataCapTable(tree.store, st.VerifiedClients)).get(id.bytes) ?? null
}

/** A verifier's remaining allowance, or null if it is not a verifier (StateVerifierStatus). */
export async function readVerifierStatus (tree: StateTree, verifier: Address): Promise<bigint | null> {
  const id = await tree.lookupId(verifier)
  if (id === null) return null
  const st = await readVerifregState(tree)
  return await (await loadDataCapTable(tree.store, st.Verifiers)).get(id.bytes) ?? null
}

/** Verifiers or verified clients with their datacap, by ID address string. */
export async function listDataCap (tree: StateTree, table: 'Verifiers' | 'VerifiedClients'): Promise<Map<string, bigint>> {
  const st = await readVerifregState(tree)
  const out = new Map<string, bigint>()
  for await (const [key, cap] of (await loadDataCapTable(tree.store, st[table])).entries()) out.set(addressFromBytes(key).toString(), cap)
  return out
}
