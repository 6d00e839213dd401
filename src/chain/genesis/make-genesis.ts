/**
 * `makeGenesis`: template → genesis state, block and CAR (what `lotus daemon
 * --lotus-make-genesis=devgen.car --genesis-template=localnet.json` does with a template).
 */
import type { CID } from '../../core/cid.js'
import { MemoryBlockstore, type Blockstore } from '../../core/ipld/index.js'
import type { BlockHeader } from '../types/index.js'
import { writeGenesisCar } from './car.js'
import { attachNetworkParams, makeGenesisBlock } from './genesis-block.js'
import { makeGenesisState, type StorageGenesis } from './genesis-state.js'
import type { NetworkParams } from './network-params.js'
import { builtinStorageGenesis } from './storage.js'
import { readTemplate } from './template.js'
import type { GenesisTemplate } from './template-types.js'

export interface MakeGenesisOptions {
  /** Where the state and the header go; default a fresh in-memory store. */
  store?: Blockstore
  /**
   * The storage actors' part; default the ones this build has ({@link builtinStorageGenesis}).
   * null builds the basic actors only, and then the template must have no miners.
   */
  storage?: StorageGenesis | null
  /** Unix seconds to use when the template's Timestamp is 0; default now (as Lotus). */
  now?: () => number
  /** The template's file name, for errors. */
  source?: string
}

export interface Genesis {
  genesisBlock: BlockHeader
  cid: CID
  /** The state root with the network parameters linked (the header's ParentStateRoot). */
  stateRoot: CID
  params: NetworkParams
  /** The CARv1 bytes: the header as root, then every block it reaches. */
  car: Uint8Array
  store: Blockstore
  /** The template as used (its Timestamp filled in). */
  template: GenesisTemplate
}

/** Builds the genesis described by `template`. The same template (with a Timestamp) gives the same CID. */
export async function makeGenesis (template: GenesisTemplate, options: MakeGenesisOptions = {}): Promise<Genesis> {
  const store = options.store ?? new MemoryBlockstore()
  const timestamp = template.Timestamp !== 0 ? template.Timestamp : (options.now?.() ?? Math.floor(Date.now() / 1000))
  const used: GenesisTemplate = { ...template, Timestamp: timestamp }
  const state = await makeGenesisState(store, used, { storage: options.storage === null ? undefined : (options.storage ?? builtinStorageGenesis), source: options.source })
  const stateRoot = await attachNetworkParams(store, state.root, used.NetworkParams)
  const { header, cid } = await makeGenesisBlock(store, stateRoot, timestamp)
  return { genesisBlock: header, cid, stateRoot, params: used.NetworkParams, car: await writeGenesisCar(store, cid), store, template: used }
}

/** {@link makeGenesis} from a template file (errors name the file). */
export async function makeGenesisFromFile (templatePath: string, options: Omit<MakeGenesisOptions, 'source'> = {}): Promise<Genesis> {
  return await makeGenesis(await readTemplate(templatePath), { ...options, source: templatePath })
}
