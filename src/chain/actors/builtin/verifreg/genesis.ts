import type { Address } from '../../../../core/address/index.js'
import type { StateTree } from '../../../state/index.js'
import { setupGenesisActor } from '../../genesis.js'
import { VerifiedRegistryActorAddr } from '../addresses.js'
import { VerifiedRegistryActorCode } from '../codes.js'
import { newVerifregState, verifregStateCbor } from './state.js'

/** Stores the verified registry (f06) with `rootKey` (resolved to its ID address) in a genesis tree. */
export async function installVerifregActor (tree: StateTree, rootKey: Address): Promise<void> {
  const id = await tree.lookupId(rootKey)
  await setupGenesisActor(tree, VerifiedRegistryActorAddr, VerifiedRegistryActorCode, verifregStateCbor, await newVerifregState(tree.store, id ?? rootKey))
}
