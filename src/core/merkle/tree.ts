/**
 * Tree helpers over sha256-trunc254 nodes, shared by CommP and the dev proof system: roots of
 * all-zero subtrees, a streaming root builder that pads with zero subtrees, whole-layer trees
 * for in-memory leaves, and Merkle inclusion paths.
 */
import { InvalidInputError } from '../errors.js'
import { portableHasher, type NodeHasher } from './hasher.js'

/** Deepest level we ever need: a 64 GiB piece is 2^31 leaves; 2^63 bytes is far beyond. */
export const MAX_TREE_LEVEL = 58

const zeroNodes: Uint8Array[] = [new Uint8Array(32)]

/** Root of an all-zero subtree with 2^level leaves (level 0 is one zero leaf). */
export function zeroNode (level: number): Uint8Array {
  if (!Number.isInteger(level) || level < 0 || level > MAX_TREE_LEVEL) {
    throw new InvalidInputError('ERR_TREE_LEVEL', `tree level ${level} is outside 0..${MAX_TREE_LEVEL}`, { value: level, source: 'zeroNode level' })
  }
  while (zeroNodes.length <= level) {
    const below = zeroNodes[zeroNodes.length - 1]!
    zeroNodes.push(portableHasher.hashPair(below, below))
  }
  return zeroNodes[level]!
}

/**
 * Builds a root from subtree roots pushed left to right, each at its level (a subtree of 2^level
 * leaves), holding one pending node per level. `finish` pads on the right with zero subtrees.
 */
export class TreeBuilder {
  private readonly pending: Array<Uint8Array | undefined> = []
  private readonly hasher: NodeHasher

  constructor (hasher: NodeHasher = portableHasher) {
    this.hasher = hasher
  }

  /**
   * Adds the next subtree root. A subtree must be aligned: nothing smaller may be pending
   * (pad first, as CommD does with zero pieces).
   */
  push (node: Uint8Array, level: number): void {
    for (let l = 0; l < level; l++) {
      if (this.pending[l] !== undefined) {
        throw new InvalidInputError('ERR_TREE_ALIGNMENT', `subtree of level ${level} pushed while a level-${l} subtree is pending`, { value: level, source: 'TreeBuilder.push' })
      }
    }
    let cur = node
    let l = level
    for (;;) {
      const left = this.pending[l]
      if (left === undefined) break
      cur = this.hasher.hashPair(left, cur)
      this.pending[l] = undefined
      l++
    }
    this.pending[l] = cur
  }

  private levels (): number[] {
    const out: number[] = []
    this.pending.forEach((n, l) => { if (n !== undefined) out.push(l) })
    return out
  }

  /**
   * The root of the tree padded with zero subtrees to at least 2^minLevel leaves (default: the
   * smallest power of two holding everything pushed).
   */
  finish (minLevel = 0): Uint8Array {
    for (;;) {
      const levels = this.levels()
      const lowest = levels[0]
      if (lowest === undefined) return zeroNode(minLevel)
      if (levels.length === 1 && lowest >= minLevel) return this.pending[lowest]!
      this.push(zeroNode(lowest), lowest)
    }
  }
}

/** Every layer of the tree over 2^k leaves: layers[0] is the leaves, the last is the root. */
export function treeLayers (leaves: Uint8Array, hasher: NodeHasher = portableHasher): Uint8Array[] {
  const count = leaves.length / 32
  if (leaves.length === 0 || leaves.length % 32 !== 0 || (count & (count - 1)) !== 0) {
    throw new InvalidInputError('ERR_TREE_LEAVES', `${leaves.length} bytes is not 2^k leaves of 32 bytes`, { value: leaves.length, source: 'treeLayers input' })
  }
  const layers = [leaves]
  let layer = leaves
  while (layer.length > 32) {
    layer = hasher.reduceLayer(layer)
    layers.push(layer)
  }
  return layers
}

/** The sibling nodes from leaf `index` up to (not including) the root of `layers`. */
export function merklePath (layers: readonly Uint8Array[], index: number): Uint8Array[] {
  const leaves = (layers[0]?.length ?? 0) / 32
  if (!Number.isInteger(index) || index < 0 || index >= leaves) {
    throw new InvalidInputError('ERR_TREE_INDEX', `leaf index ${index} is outside 0..${leaves - 1}`, { value: index, source: 'merklePath index' })
  }
  const path: Uint8Array[] = []
  let i = index
  for (let l = 0; l < layers.length - 1; l++) {
    const sibling = i ^ 1
    path.push(Uint8Array.from(layers[l]!.subarray(32 * sibling, 32 * sibling + 32)))
    i >>= 1
  }
  return path
}

/** Recomputes the root from a leaf, its index and its path. */
export function rootFromPath (leaf: Uint8Array, index: number, path: readonly Uint8Array[], hasher: NodeHasher = portableHasher): Uint8Array {
  let node = leaf
  let i = index
  for (const sibling of path) {
    node = (i & 1) === 0 ? hasher.hashPair(node, sibling) : hasher.hashPair(sibling, node)
    i >>= 1
  }
  return node
}

/** Whether `path` proves `leaf` sits at `index` under `root`. */
export function verifyMerklePath (leaf: Uint8Array, index: number, path: readonly Uint8Array[], root: Uint8Array, hasher: NodeHasher = portableHasher): boolean {
  const got = rootFromPath(leaf, index, path, hasher)
  return got.length === root.length && got.every((b, j) => b === root[j])
}
