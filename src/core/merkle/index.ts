/**
 * sha256-trunc254 Merkle trees: the node hasher (native addon or portable), batch layer
 * reduction, zero subtrees, a streaming root builder and inclusion paths. No disk access.
 *
 * @example
 * ```ts
 * import { getNodeHasher, treeLayers, merklePath, verifyMerklePath } from 'nelumbo'
 * const layers = treeLayers(leaves, getNodeHasher())
 * const path = merklePath(layers, 5)
 * verifyMerklePath(leaves.subarray(160, 192), 5, path, layers.at(-1)!) // true
 * ```
 */
export {
  type NodeHasher, type HasherName, type HasherPreference, type HasherOptions, HasherUnavailableError,
  getNodeHasher, portableHasher, nativeHasherStatus
} from './hasher.js'
export { MAX_TREE_LEVEL, zeroNode, TreeBuilder, treeLayers, merklePath, rootFromPath, verifyMerklePath } from './tree.js'
export { SubtreeWorkerPool } from './pool.js'
