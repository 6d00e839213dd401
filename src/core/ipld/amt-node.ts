import type { CID } from 'multiformats/cid'
import { CborReader, CborWriter } from './cbor-raw.js'
import { DAG_CBOR } from './cid.js'

// The block format of go-amt-ipld v4 / fvm_ipld_amt: the root is [bitWidth, height, count, node]
// and a node is [bmap bytes, [link, ...], [value, ...]]. Bit i of the bmap (byte i/8, bit i%8,
// least significant first) marks slot i; links (internal nodes) or values (leaves) follow in
// slot order. A node never has both.

export interface AmtLink {
  cid: CID | undefined
  child: AmtNode | undefined
  dirty: boolean
}

/** A node in memory: slot arrays of length 2^bitWidth, allocated on first use (as the reference does). */
export interface AmtNode {
  links: Array<AmtLink | undefined> | undefined
  values: Array<Uint8Array | undefined> | undefined
}

export function emptyAmtNode (): AmtNode {
  return { links: undefined, values: undefined }
}

export function isEmptyAmtNode (node: AmtNode): boolean {
  return (node.links?.every(l => l === undefined) ?? true) && (node.values?.every(v => v === undefined) ?? true)
}

/** Bytes in a node's bmap: one per 8 slots, at least one. */
export function bmapBytes (bitWidth: number): number {
  return bitWidth <= 3 ? 1 : 1 << (bitWidth - 3)
}

/** Encodes a node whose links all carry a CID; at height 0 only values are written, above it only links. */
export function encodeAmtNode (node: AmtNode, bitWidth: number, height: number): Uint8Array {
  const bmap = new Uint8Array(bmapBytes(bitWidth))
  const w = new CborWriter().array(3)
  const cids: CID[] = []
  const values: Uint8Array[] = []
  if (height === 0) {
    node.values?.forEach((v, i) => {
      if (v === undefined) return
      values.push(v)
      bmap[i >> 3]! |= 1 << (i & 7)
    })
  } else {
    node.links?.forEach((l, i) => {
      if (l === undefined) return
      if (l.cid === undefined || l.dirty) throw new Error('AMT child must be flushed before its parent is encoded')
      cids.push(l.cid)
      bmap[i >> 3]! |= 1 << (i & 7)
    })
  }
  w.bytes(bmap).array(cids.length)
  for (const c of cids) w.cid(c)
  w.array(values.length)
  for (const v of values) w.raw(v)
  return w.finish()
}

/**
 * Reads one node from `r`, validated as go-amt-ipld's newNode does: bmap of the right size,
 * one entry per set bit, links only above height 0 and only to dag-cbor blocks, values only
 * at height 0, and no empty node except an empty root.
 */
export function readAmtNode (r: CborReader, bitWidth: number, allowEmpty: boolean, expectLeaf: boolean): AmtNode {
  if (r.arrayHeader('node') !== 3) throw r.fail('node must be a 3-element array [bmap, links, values]')
  const bmap = r.byteString('bmap')
  if (bmap.length !== bmapBytes(bitWidth)) {
    throw r.fail(`bmap is ${bmap.length} bytes, expected ${bmapBytes(bitWidth)} for bit width ${bitWidth}`)
  }
  const width = 1 << bitWidth
  const slots: number[] = []
  for (let i = 0; i < bmap.length * 8; i++) {
    if ((bmap[i >> 3]! & (1 << (i & 7))) === 0) continue
    if (i >= width) throw r.fail(`bmap sets slot ${i} beyond width ${width}`)
    slots.push(i)
  }
  const linkCount = r.arrayHeader('links')
  const links: CID[] = []
  for (let i = 0; i < linkCount; i++) {
    const cid = r.cid(`link ${i}`)
    if (cid.code !== DAG_CBOR) throw r.fail(`link ${i} is codec 0x${cid.code.toString(16)}; internal AMT nodes must be dag-cbor`)
    links.push(cid)
  }
  const valueCount = r.arrayHeader('values')
  const values: Uint8Array[] = []
  for (let i = 0; i < valueCount; i++) values.push(r.rawItem(`value ${i}`))

  const node = emptyAmtNode()
  if (links.length > 0 && values.length > 0) throw r.fail('node has both links and values')
  if (values.length > 0) {
    if (!expectLeaf) throw r.fail('values found in a node above height 0')
    if (values.length !== slots.length) throw r.fail(`${slots.length} bits set but ${values.length} values`)
    node.values = new Array<Uint8Array | undefined>(width).fill(undefined)
    slots.forEach((s, i) => { node.values![s] = values[i] })
  } else if (links.length > 0) {
    if (expectLeaf) throw r.fail('links found in a node at height 0')
    if (links.length !== slots.length) throw r.fail(`${slots.length} bits set but ${links.length} links`)
    node.links = new Array<AmtLink | undefined>(width).fill(undefined)
    slots.forEach((s, i) => { node.links![s] = { cid: links[i], child: undefined, dirty: false } })
  } else {
    if (!allowEmpty) throw r.fail('unexpected empty AMT node')
    if (slots.length > 0) throw r.fail(`${slots.length} bits set in a node with no entries`)
  }
  return node
}

export interface AmtRootFields {
  bitWidth: number
  height: number
  count: bigint
  node: AmtNode
}

/** Decodes a root block; `bitWidth` is what the caller expects and must match the stored one. */
export function decodeAmtRoot (bytes: Uint8Array, bitWidth: number, where: string): AmtRootFields {
  const r = new CborReader(bytes, where)
  if (r.arrayHeader('root') !== 4) throw r.fail('root must be a 4-element array [bitWidth, height, count, node]')
  const storedWidth = r.uint('bitWidth')
  if (storedWidth !== BigInt(bitWidth)) throw r.fail(`expected bit width ${bitWidth} but AMT has bit width ${storedWidth}`)
  const height = r.uint('height')
  if (height > 64n) throw r.fail(`height ${height} greater than 64`)
  const count = r.uint('count')
  const node = readAmtNode(r, bitWidth, height === 0n, height === 0n)
  r.end()
  return { bitWidth, height: Number(height), count, node }
}

export function encodeAmtRoot (fields: AmtRootFields): Uint8Array {
  return new CborWriter()
    .array(4).uint(fields.bitWidth).uint(fields.height).uint(fields.count)
    .raw(encodeAmtNode(fields.node, fields.bitWidth, fields.height))
    .finish()
}
