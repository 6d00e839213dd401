import * as dagCbor from '@ipld/dag-cbor'
import { Amt, BufferedBlockstore, getBlock, putBlock, type Blockstore } from '../../core/ipld/index.js'
import { InvalidInputError } from '../../core/errors.js'
import { CID } from '../../core/cid.js'

// Block headers' message lists and receipts use specs-actors v0's AMT (go-amt-ipld v2), whose
// root is [height, count, node] with a fixed bit width of 3. Later AMTs (v3+, what
// src/core/ipld writes) put the bit width first: [bitWidth, height, count, node]. The nodes
// are the same, so a v0 AMT is built and read through the core AMT by converting the root.

const V0_BIT_WIDTH = 3

/** Stores `values` as a v0 AMT (index i = values[i]) and returns its root CID. */
export async function putAmt0 (store: Blockstore, values: readonly unknown[]): Promise<CID> {
  // The scratch v3 root must not reach `store`: build in a buffer, flush only what v0 links to.
  const scratch = new BufferedBlockstore(store)
  const amt = Amt.create(scratch, { bitWidth: V0_BIT_WIDTH })
  for (let i = 0; i < values.length; i++) await amt.set(i, values[i])
  const v3Root = await amt.flush()
  const [, height, count, node] = dagCbor.decode<[number, number, number, unknown]>(await getBlock(scratch, v3Root))
  const root = await putBlock(scratch, dagCbor.encode([height, count, node]))
  await scratch.flush(root)
  return root
}

/** Reads the values of the v0 AMT at `root` in index order; `where` names it in errors. */
export async function readAmt0 (store: Blockstore, root: CID, where: string): Promise<unknown[]> {
  const value = dagCbor.decode<unknown>(await getBlock(store, root, where))
  if (!Array.isArray(value) || value.length !== 3) {
    throw new InvalidInputError('ERR_MALFORMED_IPLD_NODE', `v0 AMT root ${root.toString()} is not [height, count, node]`, { source: where })
  }
  const overlay = new BufferedBlockstore(store)
  const v3Root = await putBlock(overlay, dagCbor.encode([V0_BIT_WIDTH, ...value]))
  const amt = await Amt.load(overlay, v3Root, { bitWidth: V0_BIT_WIDTH })
  const out: unknown[] = []
  for await (const [index, v] of amt.entries()) {
    if (index !== BigInt(out.length)) {
      throw new InvalidInputError('ERR_MALFORMED_IPLD_NODE', `v0 AMT ${root.toString()} has a gap before index ${index}`, { source: where })
    }
    out.push(v)
  }
  return out
}

/** Reads a v0 AMT of CIDs (a block's message lists). */
export async function readAmt0Cids (store: Blockstore, root: CID, where: string): Promise<CID[]> {
  return (await readAmt0(store, root, where)).map((v, i) => {
    const c = CID.asCID(v)
    if (c === null) throw new InvalidInputError('ERR_MALFORMED_IPLD_NODE', `entry ${i} is not a CID`, { source: where })
    return c
  })
}
