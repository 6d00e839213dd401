/**
 * Where the full node's genesis comes from, as `lotus daemon` takes it: `--genesis <car>` (a
 * CAR made elsewhere), or `--lotus-make-genesis=<car> --genesis-template=<json>` (make it from
 * a template, write the CAR, then load it). On a restart the chain store already has its
 * genesis and head, and a CAR given again must hold the same genesis block.
 */
import { existsSync } from 'node:fs'
import { InvalidInputError } from '../../core/errors.js'
import { decodeCbor } from '../../core/cbor/index.js'
import { getBlock, type Blockstore } from '../../core/ipld/index.js'
import { InitActorAddr, initStateCbor } from '../../chain/actors/index.js'
import {
  DEFAULT_NETWORK_PARAMS, loadGenesisCarFile, makeGenesisFromFile, readNetworkParams, writeGenesisCarFile,
  type NetworkParams, type StorageGenesis
} from '../../chain/genesis/index.js'
import { StateTree } from '../../chain/state/index.js'
import type { BlockHeader } from '../../chain/types/index.js'

export type GenesisSource =
  | { kind: 'car', carPath: string }
  | { kind: 'make', carPath: string, templatePath: string }

/** What the genesis tooling hands the node: the block and the chain's parameters. */
export interface LoadedGenesis {
  header: BlockHeader
  networkName: string
  /** Epoch length in ms (the template's `BlockDelayMs`). */
  blockDelayMs: number
  /** The network parameters the genesis records (the defaults for a genesis made elsewhere). */
  params: NetworkParams
}

/** The genesis tooling the node calls (`src/chain/genesis`): injected so the node stays testable. */
export interface GenesisTooling {
  /** Makes a genesis CAR at `carPath` from the template at `templatePath`. */
  makeGenesisCar: (templatePath: string, carPath: string) => Promise<void>
  /** Imports the CAR's blocks into `store` and returns its genesis block and parameters. */
  loadGenesisCar: (carPath: string, store: Blockstore) => Promise<LoadedGenesis>
  /** Reads the parameters of a chain whose genesis block (and state) is in `store`. */
  readGenesis: (header: BlockHeader, store: Blockstore) => Promise<LoadedGenesis>
}

/** Checks the flags before anything is opened, naming the flag at fault. */
export function checkGenesisSource (src: GenesisSource | undefined): void {
  if (src === undefined) return
  if (src.kind === 'car' && !existsSync(src.carPath)) {
    throw new InvalidInputError('ERR_GENESIS_FILE', `genesis file ${src.carPath} does not exist`, { value: src.carPath, source: '--genesis' })
  }
  if (src.kind === 'make' && !existsSync(src.templatePath)) {
    throw new InvalidInputError('ERR_GENESIS_FILE', `genesis template ${src.templatePath} does not exist`, { value: src.templatePath, source: '--genesis-template' })
  }
}

/**
 * The genesis to start from on a chain that has none yet: made and written when asked (an
 * existing CAR at the make path is reused, so a restart with the same flags is harmless),
 * then loaded.
 */
export async function obtainGenesis (tooling: GenesisTooling, src: GenesisSource | undefined, store: Blockstore): Promise<LoadedGenesis> {
  if (src === undefined) {
    throw new InvalidInputError('ERR_NO_GENESIS',
      'this repo has no chain yet: start the daemon with --genesis=<car>, or make one with --lotus-make-genesis=<car> --genesis-template=<json>')
  }
  if (src.kind === 'make' && !existsSync(src.carPath)) await tooling.makeGenesisCar(src.templatePath, src.carPath)
  return await tooling.loadGenesisCar(src.carPath, store)
}

/**
 * The genesis tooling of `src/chain/genesis`. `storage` is the storage actors' genesis part;
 * without it a template with miners cannot be made (and no block can win an election).
 */
export function chainGenesisTooling (storage?: StorageGenesis): GenesisTooling {
  return {
    makeGenesisCar: async (templatePath, carPath) => {
      const g = await makeGenesisFromFile(templatePath, { storage })
      await writeGenesisCarFile(carPath, g.store, g.cid)
    },
    loadGenesisCar: async (carPath, store) => {
      const loaded = await loadGenesisCarFile(carPath, store)
      return await describeGenesis(loaded.genesis, loaded.params, store)
    },
    readGenesis: async (header, store) =>
      await describeGenesis(header, await readNetworkParams(store, header.ParentStateRoot), store)
  }
}

async function describeGenesis (header: BlockHeader, params: NetworkParams | null, store: Blockstore): Promise<LoadedGenesis> {
  const tree = await StateTree.load(store, header.ParentStateRoot)
  const init = await tree.requireActor(InitActorAddr)
  const where = `init actor state ${init.Head.toString()}`
  const networkName = decodeCbor(initStateCbor, await getBlock(store, init.Head, where), where).NetworkName
  return { header, networkName, blockDelayMs: (params ?? DEFAULT_NETWORK_PARAMS).BlockDelayMs, params: params ?? DEFAULT_NETWORK_PARAMS }
}
