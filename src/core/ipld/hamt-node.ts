import type { CID } from 'multiformats/cid'
import { CborReader, CborWriter, MAJOR_ARRAY, MAJOR_TAG } from './cbor-raw.js'
import { DAG_CBOR } from './cid.js'

// The block format of go-hamt-ipld v3 / fvm_ipld_hamt (actors v9+): a node is the CBOR tuple
// [bitfield bytes, [pointer, ...]]; a pointer is either a link to a child node or a bucket
// [[key bytes, value], ...] of at most BUCKET_SIZE entries sorted by key. Bit i of the bitfield
// (a big-endian unsigned integer) is set when slot i holds a pointer; pointers follow slot order.

/** Entries a bucket holds before it is pushed down into a child node. */
export const BUCKET_SIZE = 3

export interface HamtKv {
  key: Uint8Array
  /** One encoded CBOR item. */
  value: Uint8Array
}

export type HamtPointer =
  | { kind: 'bucket', kvs: HamtKv[] }
  | { kind: 'link', cid: CID | undefined, child: HamtNode | undefined, dirty: boolean }

/** A node in memory: the occupied slots in ascending order, and a pointer for each. */
export interface HamtNode {
  slots: number[]
  pointers: HamtPointer[]
}

export function emptyHamtNode (): HamtNode {
  return { slots: [], pointers: [] }
}

export function compareBytes (a: Uint8Array, b: Uint8Array): number {
  const n = Math.min(a.length, b.length)
  for (let i = 0; i < n; i++) {
    const d = a[i]! - b[i]!
    if (d !== 0) return d
  }
  return a.length - b.length
}

/** Encodes a node whose link pointers all carry a CID (children flushed first). */
export function encodeHamtNode (node: HamtNode): Uint8Array {
  const bitfield = new Uint8Array(32)
  for (const slot of node.slots) bitfield[31 - (slot >> 3)]! |= 1 << (slot & 7)
  let first = 0
  while (first < 32 && bitfield[first] === 0) first++
  const w = new CborWriter().array(2).bytes(bitfield.subarray(first)).array(node.pointers.length)
  for (const p of node.pointers) {
    if (p.kind === 'link') {
      if (p.cid === undefined || p.dirty) throw new Error('HAMT child must be flushed before its parent is encoded')
      w.cid(p.cid)
    } else {
      w.array(p.kvs.length)
      for (const kv of p.kvs) w.array(2).bytes(kv.key).raw(kv.value)
    }
  }
  return w.finish()
}

/**
 * Decodes and validates a node as go-hamt-ipld's loadNode does: one pointer per set bit,
 * links to dag-cbor blocks, buckets of 1..3 strictly sorted keys, and (below the root) no node
 * that should have been collapsed into its parent's bucket.
 */
export function decodeHamtNode (bytes: Uint8Array, bitWidth: number, isRoot: boolean, where: string): HamtNode {
  const r = new CborReader(bytes, where)
  if (r.arrayHeader('node') !== 2) throw r.fail('node must be a 2-element array [bitfield, pointers]')
  const bitfield = r.byteString('bitfield')
  if (bitfield.length > 32) throw r.fail(`bitfield of ${bitfield.length} bytes exceeds 32`)
  const slots: number[] = []
  for (let i = bitfield.length - 1; i >= 0; i--) {
    const byte = bitfield[i]!
    const base = (bitfield.length - 1 - i) * 8
    for (let b = 0; b < 8; b++) if ((byte & (1 << b)) !== 0) slots.push(base + b)
  }
  const width = 1 << bitWidth
  if (slots.length > 0 && slots[slots.length - 1]! >= width) {
    throw r.fail(`bitfield sets slot ${slots[slots.length - 1]} beyond bit width ${bitWidth}`)
  }
  const count = r.arrayHeader('pointers')
  if (count !== slots.length) throw r.fail(`${count} pointers but ${slots.length} bits set`)
  const pointers: HamtPointer[] = []
  let links = 0
  let kvCount = 0
  for (let i = 0; i < count; i++) {
    const major = r.peekMajor()
    if (major === MAJOR_TAG) {
      const cid = r.cid(`pointer ${i}`)
      if (cid.code !== DAG_CBOR) throw r.fail(`pointer ${i} links to codec 0x${cid.code.toString(16)}, not dag-cbor`)
      pointers.push({ kind: 'link', cid, child: undefined, dirty: false })
      links++
    } else if (major === MAJOR_ARRAY) {
      const n = r.arrayHeader(`bucket ${i}`)
      if (n === 0 || n > BUCKET_SIZE) throw r.fail(`bucket ${i} has ${n} entries (want 1..${BUCKET_SIZE})`)
      const kvs: HamtKv[] = []
      for (let j = 0; j < n; j++) {
        if (r.arrayHeader(`bucket ${i} entry ${j}`) !== 2) throw r.fail(`bucket ${i} entry ${j} must be [key, value]`)
        const key = r.byteString(`bucket ${i} key ${j}`)
        const value = r.rawItem(`bucket ${i} value ${j}`)
        const prev = kvs[kvs.length - 1]
        if (prev !== undefined && compareBytes(prev.key, key) >= 0) throw r.fail(`bucket ${i} keys not strictly sorted`)
        kvs.push({ key, value })
      }
      pointers.push({ kind: 'bucket', kvs })
      kvCount += n
    } else {
      throw r.fail(`pointer ${i} is neither a link nor a bucket (CBOR major type ${major})`)
    }
  }
  r.end()
  if (!isRoot) {
    if (count === 0) throw r.fail('non-root node is empty')
    if (links === 0 && kvCount <= BUCKET_SIZE) throw r.fail('non-root node should have been collapsed into its parent')
  }
  return { slots, pointers }
}

/** The slot index for `depth`: `bitWidth` bits of the key's hash, most significant first. */
export function hashSlot (hash: Uint8Array, depth: number, bitWidth: number): number | undefined {
  const start = depth * bitWidth
  if (start + bitWidth > hash.length * 8) return undefined
  let out = 0
  for (let bit = start; bit < start + bitWidth; bit++) {
    out = (out << 1) | ((hash[bit >> 3]! >> (7 - (bit & 7))) & 1)
  }
  return out
}
