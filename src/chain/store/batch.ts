import type { CID } from '../../core/cid.js'
import type { Blockstore } from '../../core/ipld/index.js'
import type { BatchBlockstore, BlockEntry } from './sqlite-blockstore.js'

/**
 * Collects writes meant for `base` (reading through to it) so they can be committed together:
 * in one transaction when `base` can `putMany`, otherwise one by one.
 */
export class WriteBatch implements Blockstore {
  private readonly base: Blockstore
  private readonly pending = new Map<string, BlockEntry>()

  constructor (base: Blockstore) {
    this.base = base
  }

  async get (cid: CID): Promise<Uint8Array | undefined> {
    return this.pending.get(cid.toString())?.bytes ?? await this.base.get(cid)
  }

  async put (cid: CID, bytes: Uint8Array): Promise<void> {
    this.pending.set(cid.toString(), { cid, bytes })
  }

  async has (cid: CID): Promise<boolean> {
    return this.pending.has(cid.toString()) || await this.base.has(cid)
  }

  async commit (): Promise<void> {
    const blocks = [...this.pending.values()]
    this.pending.clear()
    if (isBatching(this.base)) {
      await this.base.putMany(blocks)
    } else {
      for (const b of blocks) await this.base.put(b.cid, b.bytes)
    }
  }
}

function isBatching (bs: Blockstore): bs is BatchBlockstore {
  return typeof (bs as Partial<BatchBlockstore>).putMany === 'function'
}
