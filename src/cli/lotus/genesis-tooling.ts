/**
 * The genesis tooling `lotus daemon` hands the full node: `src/chain/genesis` with the storage
 * actors' genesis part once those actors exist.
 */
import { chainGenesisTooling, type GenesisTooling } from '../../node/fullnode/index.js'

export function genesisTooling (): GenesisTooling {
  return chainGenesisTooling()
}
