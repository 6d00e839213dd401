import * as dagCbor from '@ipld/dag-cbor'
import { CID } from 'multiformats/cid'
import type { Blockstore } from './blockstore.js'
import { DAG_CBOR } from './cid.js'

/**
 * Keeps writes in memory until {@link flush}, reading through to the base store. The VM
 * executes a tipset against one of these so the many intermediate state blocks it writes
 * never reach disk; only what the final state root reaches is kept.
 */
export class BufferedBlockstore implements Blockstore {
  private readonly base: Blockstore
  private buffer = new Map<string, { cid: CID, bytes: Uint8Array }>()

  constructor (base: Blockstore) {
    this.base = base
  }

  async get (cid: CID): Promise<Uint8Array | undefined> {
    return this.buffer.get(cid.toString())?.bytes ?? await this.base.get(cid)
  }

  async put (cid: CID, bytes: Uint8Array): Promise<void> {
    this.buffer.set(cid.toString(), { cid, bytes })
  }

  async has (cid: CID): Promise<boolean> {
    return this.buffer.has(cid.toString()) || await this.base.has(cid)
  }

  /** Number of blocks waiting to be flushed. */
  get pending (): number {
    return this.buffer.size
  }

  /**
   * Writes buffered blocks to the base store and empties the buffer. With `root`, writes only
   * the buffered blocks reachable from it through DAG-CBOR links (as Lotus's VM flush does) and
   * drops the rest; links that leave the buffer are assumed to be in the base already.
   * Returns how many blocks were written.
   */
  async flush (root?: CID): Promise<number> {
    const buffered = this.buffer
    this.buffer = new Map()
    if (root === undefined) {
      for (const { cid, bytes } of buffered.values()) await this.base.put(cid, bytes)
      return buffered.size
    }
    let written = 0
    const seen = new Set<string>()
    const stack: CID[] = [root]
    for (let cid = stack.pop(); cid !== undefined; cid = stack.pop()) {
      const key = cid.toString()
      if (seen.has(key)) continue
      seen.add(key)
      const entry = buffered.get(key)
      if (entry === undefined) continue
      if (cid.code === DAG_CBOR) collectLinks(dagCbor.decode(entry.bytes), stack)
      await this.base.put(entry.cid, entry.bytes)
      written++
    }
    return written
  }

  /** Drops every buffered write. */
  discard (): void {
    this.buffer = new Map()
  }
}

/** Pushes every CID found in a decoded DAG-CBOR value onto `out`. */
function collectLinks (value: unknown, out: CID[]): void {
  const todo: unknown[] = [value]
  while (todo.length > 0) {
    const v = todo.pop()
    if (v === null || typeof v !== 'object' || v instanceof Uint8Array) continue
    const cid = CID.asCID(v)
    if (cid !== null) {
      out.push(cid)
    } else if (Array.isArray(v)) {
      todo.push(...(v as unknown[]))
    } else {
      todo.push(...Object.values(v))
    }
  }
}
