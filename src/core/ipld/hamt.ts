import { sha256 } from '@noble/hashes/sha2.js'
import type { CID } from 'multiformats/cid'
import { getBlock, putBlock, type Blockstore } from './blockstore.js'
import { invalidArgument, malformedNode } from './errors.js'
import {
  BUCKET_SIZE, compareBytes, decodeHamtNode, emptyHamtNode, encodeHamtNode, hashSlot,
  type HamtKv, type HamtNode, type HamtPointer
} from './hamt-node.js'
import { dagCborValues, type ValueCodec } from './values.js'

/** The bit width builtin-actors (v9+) use for every HAMT. */
export const HAMT_BIT_WIDTH = 5

export interface HamtOptions<V> {
  /** Bits of the key hash consumed per level, 1..8; each node has 2^bitWidth slots. Default 5. */
  bitWidth?: number
  /** How values are stored; default {@link dagCborValues}. Use `rawValues` for pre-encoded CBOR. */
  codec?: ValueCodec<V>
  /** Key hash; Filecoin uses sha256 (the default). Other functions are for reference test vectors. */
  hashFunction?: (key: Uint8Array) => Uint8Array
}

/**
 * A hash array mapped trie, byte-compatible with go-hamt-ipld v3 and fvm_ipld_hamt: the same
 * keys and values give the same root CID whatever the order of insertions and deletions.
 * Keys are bytes (see hamt-keys.ts for the actors' key encodings). Nodes are loaded on demand
 * and cached; changes stay in memory until {@link flush}. Await each call before the next:
 * operations on one instance must not interleave, and it must not be mutated while iterating.
 */
export class Hamt<V = unknown> {
  private readonly store: Blockstore
  private readonly bitWidth: number
  private readonly codec: ValueCodec<V>
  private readonly hash: (key: Uint8Array) => Uint8Array
  private readonly root: HamtNode

  private constructor (store: Blockstore, root: HamtNode, bitWidth: number, codec: ValueCodec<V>, hash: (key: Uint8Array) => Uint8Array) {
    this.store = store
    this.root = root
    this.bitWidth = bitWidth
    this.codec = codec
    this.hash = hash
  }

  /** An empty HAMT. */
  static create<V = unknown>(store: Blockstore, options: HamtOptions<V> = {}): Hamt<V> {
    const o = resolveOptions(options)
    return new Hamt<V>(store, emptyHamtNode(), o.bitWidth, o.codec, o.hash)
  }

  /** Opens the HAMT whose root node is `root`; the bit width must be the one it was built with. */
  static async load<V = unknown>(store: Blockstore, root: CID, options: HamtOptions<V> = {}): Promise<Hamt<V>> {
    const o = resolveOptions(options)
    const where = `HAMT root ${root.toString()}`
    const node = decodeHamtNode(await getBlock(store, root, where), o.bitWidth, true, where)
    return new Hamt<V>(store, node, o.bitWidth, o.codec, o.hash)
  }

  /** The value stored under `key`, or undefined. */
  async get (key: Uint8Array): Promise<V | undefined> {
    const raw = await this.getRaw(key)
    return raw === undefined ? undefined : this.codec.decode(raw)
  }

  /** The encoded CBOR item stored under `key`, or undefined. */
  async getRaw (key: Uint8Array): Promise<Uint8Array | undefined> {
    const hash = this.hash(key)
    let node = this.root
    for (let depth = 0; ; depth++) {
      const slot = this.slotAt(hash, depth)
      const pos = node.slots.indexOf(slot)
      const p = node.pointers[pos]
      if (p === undefined) return undefined
      if (p.kind === 'bucket') return p.kvs.find(kv => compareBytes(kv.key, key) === 0)?.value
      node = await this.child(p)
    }
  }

  async has (key: Uint8Array): Promise<boolean> {
    return await this.getRaw(key) !== undefined
  }

  /** Stores `value` under `key`, replacing any previous value. */
  async set (key: Uint8Array, value: V): Promise<void> {
    await this.modify(this.root, this.hash(key), 0, key, this.codec.encode(value), true)
  }

  /** Stores `value` only if `key` is absent; returns whether it was stored. */
  async setIfAbsent (key: Uint8Array, value: V): Promise<boolean> {
    return await this.modify(this.root, this.hash(key), 0, key, this.codec.encode(value), false)
  }

  /** Removes `key`; returns whether it was present. */
  async delete (key: Uint8Array): Promise<boolean> {
    return await this.modify(this.root, this.hash(key), 0, key, undefined, true)
  }

  /** Every entry, in the reference implementations' traversal order (by hash, not by key). */
  async * entries (): AsyncGenerator<[Uint8Array, V]> {
    for await (const [k, raw] of this.entriesRaw()) yield [k, this.codec.decode(raw)]
  }

  /** Every entry with its value still encoded. */
  async * entriesRaw (): AsyncGenerator<[Uint8Array, Uint8Array]> {
    const stack: Array<{ node: HamtNode, next: number }> = [{ node: this.root, next: 0 }]
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!
      const p = top.node.pointers[top.next++]
      if (p === undefined) {
        stack.pop()
      } else if (p.kind === 'bucket') {
        for (const kv of p.kvs) yield [kv.key, kv.value]
      } else {
        stack.push({ node: await this.child(p), next: 0 })
      }
    }
  }

  async * keys (): AsyncGenerator<Uint8Array> {
    for await (const [k] of this.entriesRaw()) yield k
  }

  /** Writes every changed node to the store and returns the root CID. */
  async flush (): Promise<CID> {
    await this.flushChildren(this.root)
    return await putBlock(this.store, encodeHamtNode(this.root))
  }

  private async flushChildren (node: HamtNode): Promise<void> {
    for (const p of node.pointers) {
      if (p.kind === 'link' && p.dirty && p.child !== undefined) {
        await this.flushChildren(p.child)
        p.cid = await putBlock(this.store, encodeHamtNode(p.child))
        p.dirty = false
      }
    }
  }

  private slotAt (hash: Uint8Array, depth: number): number {
    const slot = hashSlot(hash, depth, this.bitWidth)
    if (slot === undefined) throw invalidArgument('HAMT', 'key hash exhausted: HAMT deeper than the hash allows')
    return slot
  }

  private async child (p: Extract<HamtPointer, { kind: 'link' }>): Promise<HamtNode> {
    if (p.child === undefined) {
      const cid = p.cid!
      const where = `HAMT node ${cid.toString()}`
      p.child = decodeHamtNode(await getBlock(this.store, cid, where), this.bitWidth, false, where)
    }
    return p.child
  }

  /**
   * Sets (`value` defined) or deletes (`value` undefined) a key below `node`, following
   * go-hamt-ipld's modifyValue; returns whether anything changed.
   */
  private async modify (node: HamtNode, hash: Uint8Array, depth: number, key: Uint8Array, value: Uint8Array | undefined, overwrite: boolean): Promise<boolean> {
    const slot = this.slotAt(hash, depth)
    let pos = 0
    while (pos < node.slots.length && node.slots[pos]! < slot) pos++
    const p = node.slots[pos] === slot ? node.pointers[pos] : undefined

    if (p === undefined) {
      if (value === undefined) return false
      node.slots.splice(pos, 0, slot)
      node.pointers.splice(pos, 0, { kind: 'bucket', kvs: [{ key, value }] })
      return true
    }

    if (p.kind === 'link') {
      const child = await this.child(p)
      const changed = await this.modify(child, hash, depth + 1, key, value, overwrite)
      if (changed) {
        p.dirty = true
        if (value === undefined) this.cleanChild(node, pos, child)
      }
      return changed
    }

    const i = p.kvs.findIndex(kv => compareBytes(kv.key, key) === 0)
    if (value === undefined) {
      if (i < 0) return false
      if (p.kvs.length === 1) {
        node.slots.splice(pos, 1)
        node.pointers.splice(pos, 1)
      } else {
        p.kvs.splice(i, 1)
      }
      return true
    }
    if (i >= 0) {
      const existing = p.kvs[i]!
      if (!overwrite || compareBytes(existing.value, value) === 0) return false
      existing.value = value
      return true
    }
    if (p.kvs.length >= BUCKET_SIZE) {
      // A full bucket becomes a child node holding its entries plus the new one.
      const sub = emptyHamtNode()
      await this.modify(sub, hash, depth + 1, key, value, overwrite)
      for (const kv of p.kvs) await this.modify(sub, this.hash(kv.key), depth + 1, kv.key, kv.value, overwrite)
      node.pointers[pos] = { kind: 'link', cid: undefined, child: sub, dirty: true }
      return true
    }
    let at = 0
    while (at < p.kvs.length && compareBytes(p.kvs[at]!.key, key) < 0) at++
    p.kvs.splice(at, 0, { key, value })
    return true
  }

  /** After a delete below slot `pos`, pulls a child back into a bucket once it holds ≤3 entries and no links. */
  private cleanChild (node: HamtNode, pos: number, child: HamtNode): void {
    let kvs: HamtKv[] = []
    for (const p of child.pointers) {
      if (p.kind === 'link') return
      kvs = kvs.concat(p.kvs)
    }
    if (kvs.length > BUCKET_SIZE) return
    if (kvs.length === 0) throw malformedNode('HAMT', 'child node emptied by delete')
    kvs.sort((a, b) => compareBytes(a.key, b.key))
    node.pointers[pos] = { kind: 'bucket', kvs }
  }
}

function resolveOptions<V> (options: HamtOptions<V>): { bitWidth: number, codec: ValueCodec<V>, hash: (key: Uint8Array) => Uint8Array } {
  const bitWidth = options.bitWidth ?? HAMT_BIT_WIDTH
  if (!Number.isInteger(bitWidth) || bitWidth < 1 || bitWidth > 8) {
    throw invalidArgument('HAMT options', `bitWidth must be an integer in 1..8, got ${bitWidth}`, bitWidth)
  }
  return {
    bitWidth,
    codec: options.codec ?? (dagCborValues as ValueCodec<V>),
    hash: options.hashFunction ?? ((key) => sha256(key))
  }
}
