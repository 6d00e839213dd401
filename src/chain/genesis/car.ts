/**
 * Genesis CAR files (CARv1, `@ipld/car`): the genesis block as the single root, then every
 * block reachable from it in depth-first order, as Lotus's `--lotus-make-genesis` writes them.
 * Links to sector commitments (CommR/CommD CIDs) and other non-DAG-CBOR CIDs name no block
 * and are not followed, as Lotus's CarWalkFunc skips them.
 */
import { readFile, writeFile } from 'node:fs/promises'
import { CarReader, CarWriter } from '@ipld/car'
import * as dagCbor from '@ipld/dag-cbor'
import { asCid, Blake2b256Code, cborCid, DagCborCode, type CID } from '../../core/cid.js'
import { getBlock, type Blockstore } from '../../core/ipld/index.js'
import { decodeBlockHeader, type BlockHeader } from '../types/index.js'
import { GenesisInputError } from './errors.js'
import { readNetworkParams } from './genesis-block.js'
import type { NetworkParams } from './network-params.js'

function collectLinks (value: unknown, out: CID[]): void {
  const cid = asCid(value)
  if (cid !== null) {
    out.push(cid)
    return
  }
  if (value instanceof Uint8Array || value === null || typeof value !== 'object') return
  if (Array.isArray(value)) {
    for (const v of value) collectLinks(v, out)
    return
  }
  for (const v of Object.values(value)) collectLinks(v, out)
}

/** Every DAG-CBOR block reachable from `root`, each once, depth-first. */
async function * walk (store: Blockstore, root: CID): AsyncGenerator<{ cid: CID, bytes: Uint8Array }> {
  const seen = new Set<string>()
  const stack: CID[] = [root]
  while (stack.length > 0) {
    const cid = stack.pop()!
    const key = cid.toString()
    if (seen.has(key) || cid.code !== DagCborCode) continue
    seen.add(key)
    const bytes = await getBlock(store, cid, 'genesis CAR walk')
    yield { cid, bytes }
    const links: CID[] = []
    collectLinks(dagCbor.decode(bytes), links)
    // Reversed so the first link is visited first.
    for (let i = links.length - 1; i >= 0; i--) stack.push(links[i]!)
  }
}

/** The CARv1 bytes of the genesis block `root` and everything it links to in `store`. */
export async function writeGenesisCar (store: Blockstore, root: CID): Promise<Uint8Array> {
  const { writer, out } = CarWriter.create([root])
  const chunks: Uint8Array[] = []
  const collected = (async () => { for await (const chunk of out) chunks.push(chunk) })()
  try {
    for await (const block of walk(store, root)) await writer.put(block)
  } finally {
    await writer.close()
  }
  await collected
  return new Uint8Array(Buffer.concat(chunks))
}

export async function writeGenesisCarFile (path: string, store: Blockstore, root: CID): Promise<void> {
  await writeFile(path, await writeGenesisCar(store, root), { mode: 0o644 })
}

export interface LoadedGenesis {
  genesis: BlockHeader
  cid: CID
  /** The network parameters the genesis records, or null for a genesis made elsewhere. */
  params: NetworkParams | null
}

/**
 * Reads a genesis CAR into `store`: checks it has one root, that every block's bytes hash to
 * its CID, and that the root is a block header at height 0 whose state is in the file.
 */
export async function loadGenesisCar (car: Uint8Array, store: Blockstore, source = 'genesis CAR'): Promise<LoadedGenesis> {
  let reader: CarReader
  try {
    reader = await CarReader.fromBytes(car)
  } catch (err) {
    throw new GenesisInputError(`not a CAR file: ${(err as Error).message}`, { source, cause: err })
  }
  const roots = await reader.getRoots()
  const root = roots[0]
  if (roots.length !== 1 || root === undefined) {
    throw new GenesisInputError(`expected exactly one root (the genesis block), found ${roots.length}`, { source })
  }
  for await (const { cid, bytes } of reader.blocks()) {
    const c = asCid(cid)!
    if (c.code !== DagCborCode || c.multihash.code !== Blake2b256Code || !cborCid(bytes).equals(c)) {
      throw new GenesisInputError(`block ${c.toString()} does not hash to its CID (or is not a DAG-CBOR blake2b-256 block)`, { value: c.toString(), source })
    }
    await store.put(c, bytes)
  }
  const rootCid = asCid(root)!
  const rootBytes = await store.get(rootCid)
  if (rootBytes === undefined) throw new GenesisInputError(`the root ${rootCid.toString()} is not in the file`, { source })
  let genesis: BlockHeader
  try {
    genesis = decodeBlockHeader(rootBytes, `${source} root`)
  } catch (err) {
    throw new GenesisInputError(`the root is not a block header: ${(err as Error).message}`, { source, cause: err })
  }
  if (genesis.Height !== 0) throw new GenesisInputError(`the root block is at height ${genesis.Height}, not 0`, { value: genesis.Height, source })
  if (!(await store.has(genesis.ParentStateRoot))) {
    throw new GenesisInputError(`the genesis state root ${genesis.ParentStateRoot.toString()} is not in the file`, { source })
  }
  return { genesis, cid: rootCid, params: await readNetworkParams(store, genesis.ParentStateRoot) }
}

/** {@link loadGenesisCar} from a file, with errors naming it. */
export async function loadGenesisCarFile (path: string, store: Blockstore): Promise<LoadedGenesis> {
  let bytes: Uint8Array
  try {
    bytes = await readFile(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    throw new GenesisInputError(`cannot read the genesis file: ${code === 'ENOENT' ? 'no such file' : (code ?? (err as Error).message)}`, { value: path, source: path, cause: err })
  }
  return await loadGenesisCar(bytes, store, path)
}
