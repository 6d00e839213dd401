/**
 * Sector trees on disk: building the kept rows of a tree from a sector file read in chunks,
 * and reading one leaf's Merkle path back from the sector file plus those rows. Memory stays
 * at one chunk plus the cache rows (sector size / 128 bytes), whatever the sector size.
 */
import type { FileHandle } from 'node:fs/promises'
import { getNodeHasher, treeLayers, merklePath, type NodeHasher } from '../core/merkle/index.js'
import type { TreeGeometry } from './params.js'

/** Bytes read per chunk when streaming a sector file. */
export const CHUNK_BYTES = 4 << 20

let sharedHasher: NodeHasher | undefined

/** The fastest node hasher available (native SHA-NI addon when it loads). */
export function treeHasher (): NodeHasher {
  sharedHasher ??= getNodeHasher()
  return sharedHasher
}

/** Collects the cache row from chunks of leaves, then builds the rows above it. */
export class CachedTreeBuilder {
  private readonly geometry: TreeGeometry
  private readonly hasher: NodeHasher
  private readonly cacheRow: Uint8Array
  private filled = 0

  constructor (geometry: TreeGeometry, hasher: NodeHasher = treeHasher()) {
    this.geometry = geometry
    this.hasher = hasher
    this.cacheRow = new Uint8Array(32 * (geometry.leaves / geometry.groupLeaves))
  }

  /**
   * Adds the next leaves, a whole number of groups. The chunk is hashed in place: its
   * contents are destroyed.
   */
  addChunk (chunk: Uint8Array): void {
    let layer = chunk
    for (let l = 0; l < this.geometry.cacheLevel; l++) layer = this.hasher.reduceLayer(layer, layer.subarray(0, layer.length / 2))
    this.cacheRow.set(layer, this.filled)
    this.filled += layer.length
  }

  /** The cache file contents (rows cacheLevel..root, lowest first) and the root. */
  finish (): { rows: Uint8Array, root: Uint8Array } {
    if (this.filled !== this.cacheRow.length) {
      throw new RangeError(`tree builder got ${this.filled} of ${this.cacheRow.length} cache-row bytes`)
    }
    const rows = new Uint8Array(this.geometry.cacheFileSize)
    const layers = treeLayers(this.cacheRow, this.hasher)
    layers.forEach((layer, i) => { rows.set(layer, this.geometry.rowOffsets[i]!) })
    return { rows, root: layers[layers.length - 1]!.slice() }
  }
}

/** Reads exactly `length` bytes at `position`, or returns how many were there. */
export async function readExactly (fh: FileHandle, buf: Uint8Array, position: number): Promise<number> {
  let got = 0
  while (got < buf.length) {
    const { bytesRead } = await fh.read(buf, got, buf.length - got, position + got)
    if (bytesRead === 0) break
    got += bytesRead
  }
  return got
}

/**
 * Yields `total` bytes of a file from byte `start` in chunks of `chunkBytes` (offsets relative
 * to `start`), reading the next chunk while the caller works on the current one. A chunk is
 * valid until the caller asks for the next.
 */
export async function * readChunks (
  fh: FileHandle, total: number, chunkBytes: number, onShort: (atByte: number) => Error, start = 0
): AsyncGenerator<{ chunk: Uint8Array, offset: number }> {
  const size = Math.min(chunkBytes, total)
  const bufs = [new Uint8Array(size), new Uint8Array(size)]
  const read = async (i: number, offset: number): Promise<void> => {
    const buf = bufs[i]!.subarray(0, Math.min(size, total - offset))
    const got = await readExactly(fh, buf, start + offset)
    if (got !== buf.length) throw onShort(start + offset + got)
  }
  let cur = 0
  await read(0, 0)
  for (let offset = 0; offset < total; offset += size) {
    const next = offset + size
    const pending = next < total ? read(1 - cur, next) : undefined
    // Keep an unhandled rejection from firing while the caller still holds the chunk.
    pending?.catch(() => {})
    yield { chunk: bufs[cur]!.subarray(0, Math.min(size, total - offset)), offset }
    if (pending !== undefined) await pending
    cur = 1 - cur
  }
}

export interface LeafPath {
  readonly leaf: Uint8Array
  /** Sibling nodes from the leaf's row up to (not including) the root. */
  readonly path: Uint8Array[]
}

export type PathResult =
  | { ok: true, value: LeafPath }
  | { ok: false, reason: string }

/**
 * The path of `leafIndex`: the leaf's 8 KiB group is read from the sector file (through
 * `decode` when the tree is over other bytes, as CommD's is over the unsealed form of the
 * sealed file), and the rest comes from the cache rows. A group whose root differs from the
 * cached node means the sector file changed since the tree was built.
 */
export async function readLeafPath (
  sector: FileHandle, cache: FileHandle, g: TreeGeometry, leafIndex: number,
  decode?: (group: Uint8Array, firstLeaf: number) => void
): Promise<PathResult> {
  const groupIndex = Math.floor(leafIndex / g.groupLeaves)
  const group = new Uint8Array(32 * g.groupLeaves)
  const got = await readExactly(sector, group, groupIndex * group.length)
  if (got !== group.length) return { ok: false, reason: `file is truncated at byte ${groupIndex * group.length + got} of ${g.sectorSize}` }
  decode?.(group, groupIndex * g.groupLeaves)
  const within = leafIndex - groupIndex * g.groupLeaves
  const layers = treeLayers(group, treeHasher())
  const path = merklePath(layers, within)
  const groupRoot = layers[layers.length - 1]!

  const cached = new Uint8Array(32)
  const cachedAt = g.rowOffsets[0]! + 32 * groupIndex
  if (await readExactly(cache, cached, cachedAt) !== 32) return { ok: false, reason: `cache file is truncated at byte ${cachedAt}` }
  if (!equalBytes(cached, groupRoot)) {
    return { ok: false, reason: `data at bytes ${groupIndex * group.length}..${(groupIndex + 1) * group.length} does not match the tree built when it was sealed (corrupted or replaced)` }
  }
  let index = groupIndex
  for (let l = g.cacheLevel; l < g.height; l++) {
    const sibling = new Uint8Array(32)
    const at = g.rowOffsets[l - g.cacheLevel]! + 32 * (index ^ 1)
    if (await readExactly(cache, sibling, at) !== 32) return { ok: false, reason: `cache file is truncated at byte ${at}` }
    path.push(sibling)
    index >>= 1
  }
  return { ok: true, value: { leaf: group.slice(32 * within, 32 * within + 32), path } }
}

/** The root stored at the end of a cache file. */
export async function readCachedRoot (cache: FileHandle, g: TreeGeometry): Promise<Uint8Array | undefined> {
  const root = new Uint8Array(32)
  return await readExactly(cache, root, g.cacheFileSize - 32) === 32 ? root : undefined
}

/** Writes all of `buf` at `position`. */
export async function writeFully (fh: FileHandle, buf: Uint8Array, position: number): Promise<void> {
  let done = 0
  while (done < buf.length) {
    const { bytesWritten } = await fh.write(buf, done, buf.length - done, position + done)
    done += bytesWritten
  }
}

export function equalBytes (a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}
