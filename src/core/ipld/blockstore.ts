import * as dagCbor from '@ipld/dag-cbor'
import type { CID } from 'multiformats/cid'
import { cidForBlock } from './cid.js'
import { BlockNotFoundError, malformedNode } from './errors.js'

/**
 * Content-addressed block storage that Filecoin state (HAMTs, AMTs, actor state) lives in.
 * Async so a disk- or network-backed store can sit behind it. `put` trusts the caller's CID:
 * use {@link putBlock} / {@link putCbor} to have it computed.
 */
export interface Blockstore {
  get: (cid: CID) => Promise<Uint8Array | undefined>
  put: (cid: CID, bytes: Uint8Array) => Promise<void>
  has: (cid: CID) => Promise<boolean>
}

/** Blocks held in a Map; the default for tests and for short-lived scratch state. */
export class MemoryBlockstore implements Blockstore {
  private readonly blocks = new Map<string, Uint8Array>()

  async get (cid: CID): Promise<Uint8Array | undefined> {
    return this.blocks.get(cid.toString())
  }

  async put (cid: CID, bytes: Uint8Array): Promise<void> {
    this.blocks.set(cid.toString(), bytes)
  }

  async has (cid: CID): Promise<boolean> {
    return this.blocks.has(cid.toString())
  }

  /** Number of blocks held. */
  get size (): number {
    return this.blocks.size
  }
}

/** Stores already-encoded DAG-CBOR bytes and returns their CID (blake2b-256, dag-cbor). */
export async function putBlock (store: Blockstore, bytes: Uint8Array): Promise<CID> {
  const cid = cidForBlock(bytes)
  await store.put(cid, bytes)
  return cid
}

/** Encodes a value as DAG-CBOR (@ipld/dag-cbor), stores it and returns its CID. */
export async function putCbor (store: Blockstore, value: unknown): Promise<CID> {
  return await putBlock(store, dagCbor.encode(value))
}

/** The block's bytes; throws {@link BlockNotFoundError} if the store does not have it. */
export async function getBlock (store: Blockstore, cid: CID, where?: string): Promise<Uint8Array> {
  const bytes = await store.get(cid)
  if (bytes === undefined) throw new BlockNotFoundError(cid, where)
  return bytes
}

/**
 * Fetches and decodes a DAG-CBOR block. The type parameter is the caller's claim about the
 * shape; nothing checks it, so validate what came from outside.
 */
export async function getCbor<T = unknown> (store: Blockstore, cid: CID, where?: string): Promise<T> {
  const bytes = await getBlock(store, cid, where)
  try {
    return dagCbor.decode<T>(bytes)
  } catch (err) {
    throw malformedNode(where ?? `block ${cid.toString()}`, `not valid DAG-CBOR: ${(err as Error).message}`)
  }
}
