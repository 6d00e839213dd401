import type { CID } from 'multiformats/cid'
import { getBlock, putBlock, type Blockstore } from './blockstore.js'
import { CborReader } from './cbor-raw.js'
import { invalidArgument, malformedNode } from './errors.js'
import {
  decodeAmtRoot, emptyAmtNode, encodeAmtNode, encodeAmtRoot, isEmptyAmtNode, readAmtNode,
  type AmtLink, type AmtNode
} from './amt-node.js'
import { dagCborValues, type ValueCodec } from './values.js'

/** Largest index an AMT accepts (go-amt-ipld v4 `MaxIndex`, 2^64 - 2). */
export const AMT_MAX_INDEX = (1n << 64n) - 2n
/** go-amt-ipld's default bit width (8 slots per node). */
export const AMT_DEFAULT_BIT_WIDTH = 3
const MAX_U64 = (1n << 64n) - 1n

export interface AmtOptions<V> {
  /** Bits of the index per level, 1..16; actors use 3..6 depending on the collection. Default 3. */
  bitWidth?: number
  /** How values are stored; default {@link dagCborValues}. Use `rawValues` for pre-encoded CBOR. */
  codec?: ValueCodec<V>
}

/**
 * An array mapped trie, byte-compatible with go-amt-ipld v4 and fvm_ipld_amt. Indices are
 * u64 (0..2^64-2), accepted as number or bigint and reported as bigint. The tree grows in
 * height as larger indices are set and shrinks back when deletions allow, so the same contents
 * always give the same root CID. Changes stay in memory until {@link flush}. Await each call
 * before the next, and do not mutate while iterating.
 */
export class Amt<V = unknown> {
  private readonly store: Blockstore
  private readonly bitWidth: number
  private readonly codec: ValueCodec<V>
  private root: AmtNode
  private height: number
  private count: bigint

  private constructor (store: Blockstore, bitWidth: number, codec: ValueCodec<V>, root: AmtNode, height: number, count: bigint) {
    this.store = store
    this.bitWidth = bitWidth
    this.codec = codec
    this.root = root
    this.height = height
    this.count = count
  }

  static create<V = unknown>(store: Blockstore, options: AmtOptions<V> = {}): Amt<V> {
    const o = resolveOptions(options)
    return new Amt<V>(store, o.bitWidth, o.codec, emptyAmtNode(), 0, 0n)
  }

  /** Opens the AMT rooted at `root`; its stored bit width must equal `options.bitWidth`. */
  static async load<V = unknown>(store: Blockstore, root: CID, options: AmtOptions<V> = {}): Promise<Amt<V>> {
    const o = resolveOptions(options)
    const where = `AMT root ${root.toString()}`
    const r = decodeAmtRoot(await getBlock(store, root, where), o.bitWidth, where)
    const maxNodes = nodesForHeight(o.bitWidth, r.height + 1)
    if (maxNodes === MAX_U64 && nodesForHeight(o.bitWidth, r.height) === MAX_U64) {
      throw malformedNode(where, `height ${r.height} out of bounds for bit width ${o.bitWidth}`)
    }
    if (maxNodes < r.count) throw malformedNode(where, `height ${r.height} too small for count ${r.count}`)
    return new Amt<V>(store, o.bitWidth, o.codec, r.node, r.height, r.count)
  }

  /** Number of values stored. */
  get size (): bigint {
    return this.count
  }

  /** Current height (0 = the root holds values directly). */
  get treeHeight (): number {
    return this.height
  }

  async get (index: number | bigint): Promise<V | undefined> {
    const raw = await this.getRaw(index)
    return raw === undefined ? undefined : this.codec.decode(raw)
  }

  /** The encoded CBOR item at `index`, or undefined. */
  async getRaw (index: number | bigint): Promise<Uint8Array | undefined> {
    let i = checkIndex(index)
    if (i >= nodesForHeight(this.bitWidth, this.height + 1)) return undefined
    let node = this.root
    for (let h = this.height; h > 0; h--) {
      const nfh = nodesForHeight(this.bitWidth, h)
      const link = node.links?.[Number(i / nfh)]
      if (link === undefined) return undefined
      node = await this.child(link, h - 1)
      i %= nfh
    }
    return node.values?.[Number(i)]
  }

  async has (index: number | bigint): Promise<boolean> {
    return await this.getRaw(index) !== undefined
  }

  async set (index: number | bigint, value: V): Promise<void> {
    const i = checkIndex(index)
    const raw = this.codec.encode(value)
    while (i >= nodesForHeight(this.bitWidth, this.height + 1)) {
      if (!isEmptyAmtNode(this.root)) {
        const links = new Array<AmtLink | undefined>(1 << this.bitWidth).fill(undefined)
        links[0] = { cid: undefined, child: this.root, dirty: true }
        this.root = { links, values: undefined }
      }
      this.height++
    }
    if (await this.setIn(this.root, this.height, i, raw)) this.count++
  }

  /** Removes the value at `index`; returns whether there was one. */
  async delete (index: number | bigint): Promise<boolean> {
    const i = checkIndex(index)
    if (i >= nodesForHeight(this.bitWidth, this.height + 1)) return false
    if (!await this.deleteIn(this.root, this.height, i)) return false
    await this.collapse()
    if (this.count === 0n) throw malformedNode('AMT', 'count does not match the number of elements')
    this.count--
    return true
  }

  /** Every value in ascending index order. */
  async * entries (): AsyncGenerator<[bigint, V]> {
    for await (const [i, raw] of this.entriesRaw()) yield [i, this.codec.decode(raw)]
  }

  /** Every value, still encoded, in ascending index order. */
  async * entriesRaw (): AsyncGenerator<[bigint, Uint8Array]> {
    yield * this.walk(this.root, this.height, 0n)
  }

  async * keys (): AsyncGenerator<bigint> {
    for await (const [i] of this.entriesRaw()) yield i
  }

  /** Writes every changed node and the root to the store; returns the root CID. */
  async flush (): Promise<CID> {
    await this.flushChildren(this.root, this.height)
    return await putBlock(this.store, encodeAmtRoot({ bitWidth: this.bitWidth, height: this.height, count: this.count, node: this.root }))
  }

  private async * walk (node: AmtNode, height: number, offset: bigint): AsyncGenerator<[bigint, Uint8Array]> {
    if (height === 0) {
      const values = node.values ?? []
      for (let s = 0; s < values.length; s++) {
        const v = values[s]
        if (v !== undefined) yield [offset + BigInt(s), v]
      }
      return
    }
    const nfh = nodesForHeight(this.bitWidth, height)
    const links = node.links ?? []
    for (let s = 0; s < links.length; s++) {
      const link = links[s]
      if (link !== undefined) yield * this.walk(await this.child(link, height - 1), height - 1, offset + BigInt(s) * nfh)
    }
  }

  private async flushChildren (node: AmtNode, height: number): Promise<void> {
    if (height === 0 || node.links === undefined) return
    for (const link of node.links) {
      if (link === undefined || !link.dirty) continue
      const child = link.child!
      await this.flushChildren(child, height - 1)
      link.cid = await putBlock(this.store, encodeAmtNode(child, this.bitWidth, height - 1))
      link.dirty = false
    }
  }

  private async child (link: AmtLink, height: number): Promise<AmtNode> {
    if (link.child === undefined) {
      const cid = link.cid!
      const where = `AMT node ${cid.toString()}`
      const r = new CborReader(await getBlock(this.store, cid, where), where)
      link.child = readAmtNode(r, this.bitWidth, false, height === 0)
      r.end()
    }
    return link.child
  }

  /** Returns whether a new index was added (not an overwrite). */
  private async setIn (node: AmtNode, height: number, i: bigint, raw: Uint8Array): Promise<boolean> {
    const width = 1 << this.bitWidth
    if (height === 0) {
      node.values ??= new Array<Uint8Array | undefined>(width).fill(undefined)
      const added = node.values[Number(i)] === undefined
      node.values[Number(i)] = raw
      return added
    }
    const nfh = nodesForHeight(this.bitWidth, height)
    const slot = Number(i / nfh)
    node.links ??= new Array<AmtLink | undefined>(width).fill(undefined)
    const link = node.links[slot] ?? { cid: undefined, child: emptyAmtNode(), dirty: true }
    const added = await this.setIn(await this.child(link, height - 1), height - 1, i % nfh, raw)
    link.dirty = true
    node.links[slot] = link
    return added
  }

  private async deleteIn (node: AmtNode, height: number, i: bigint): Promise<boolean> {
    if (height === 0) {
      if (node.values?.[Number(i)] === undefined) return false
      node.values[Number(i)] = undefined
      return true
    }
    const nfh = nodesForHeight(this.bitWidth, height)
    const slot = Number(i / nfh)
    const link = node.links?.[slot]
    if (link === undefined) return false
    const child = await this.child(link, height - 1)
    if (!await this.deleteIn(child, height - 1, i % nfh)) return false
    if (isEmptyAmtNode(child)) node.links![slot] = undefined
    else link.dirty = true
    return true
  }

  /** While the root addresses only its left-most child, that child becomes the root (go-amt-ipld collapse). */
  private async collapse (): Promise<void> {
    for (;;) {
      const links = this.root.links
      if (links === undefined || this.height === 0) {
        this.height = 0
        return
      }
      if (links.slice(1).some(l => l !== undefined)) return
      const first = links[0]
      if (first === undefined) {
        this.height = 0
        return
      }
      this.root = await this.child(first, this.height - 1)
      this.height--
    }
  }
}

/** Indices one node at `height` spans: 2^(bitWidth*height), saturating at 2^64-1 as the reference does. */
function nodesForHeight (bitWidth: number, height: number): bigint {
  const log2 = bitWidth * height
  return log2 >= 64 ? MAX_U64 : 1n << BigInt(log2)
}

function checkIndex (index: number | bigint): bigint {
  if (typeof index === 'number' && !Number.isSafeInteger(index)) {
    throw invalidArgument('AMT', `index must be a safe integer, got ${index}`, index)
  }
  const i = BigInt(index)
  if (i < 0n || i > AMT_MAX_INDEX) throw invalidArgument('AMT', `index ${i} is out of range 0..2^64-2`, index)
  return i
}

function resolveOptions<V> (options: AmtOptions<V>): { bitWidth: number, codec: ValueCodec<V> } {
  const bitWidth = options.bitWidth ?? AMT_DEFAULT_BIT_WIDTH
  if (!Number.isInteger(bitWidth) || bitWidth < 1 || bitWidth > 16) {
    throw invalidArgument('AMT options', `bitWidth must be an integer in 1..16, got ${bitWidth}`, bitWidth)
  }
  return { bitWidth, codec: options.codec ?? (dagCborValues as ValueCodec<V>) }
}
