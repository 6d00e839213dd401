/**
 * The sha256-trunc254 node hasher: SHA-256 of (left || right) with the top two bits of the
 * last byte cleared. One interface, two implementations (native addon, portable JS), and batch
 * operations so callers cross into the addon once per large chunk rather than once per node.
 */
import { InvalidInputError } from '../errors.js'
import { fr32PadQuad } from '../piece/fr32.js'
import { loadAddon, type Sha254Addon } from './native.js'
import { portableReduceLayer } from './portable.js'

export type HasherName = 'sha-ni' | 'openssl' | 'portable'

/** `auto` uses the addon when it loads; `native` requires it; `portable` never uses it. */
export type HasherPreference = 'auto' | 'native' | 'portable'

export interface NodeHasher {
  readonly name: HasherName
  /** One node from two 32-byte children. */
  hashPair (left: Uint8Array, right: Uint8Array): Uint8Array
  /** Hashes each 64-byte pair of `src` into a node of `dst` (default: a new buffer; may be `src`). */
  reduceLayer (src: Uint8Array, dst?: Uint8Array): Uint8Array
  /** Root of 2^k 32-byte leaves. */
  rootOfLeaves (leaves: Uint8Array): Uint8Array
  /** Root of the tree over fr32Pad(unpadded); the length must be 127 * 2^k bytes. */
  fr32Root (unpadded: Uint8Array): Uint8Array
}

export interface HasherOptions {
  prefer?: HasherPreference
  /** Told once, in one line, when `auto` falls back to the portable hasher. */
  onNotice?: (message: string) => void
}

export class HasherUnavailableError extends InvalidInputError {
  constructor (reason: string) {
    super('ERR_NATIVE_HASHER_UNAVAILABLE', `native sha254 hasher unavailable: ${reason}`, { value: 'native', source: 'hasher preference' })
  }
}

function isPow2 (n: number): boolean {
  return n > 0 && (n & (n - 1)) === 0
}

function checkLeaves (len: number): void {
  if (len === 0 || len % 32 !== 0 || !isPow2(len / 32)) {
    throw new InvalidInputError('ERR_TREE_LEAVES', `${len} bytes is not 2^k leaves of 32 bytes`, { value: len, source: 'rootOfLeaves input' })
  }
}

function checkFr32 (len: number): void {
  if (len === 0 || len % 127 !== 0 || !isPow2(len / 127)) {
    throw new InvalidInputError('ERR_FR32_SUBTREE', `${len} bytes is not 127 * 2^k bytes`, { value: len, source: 'fr32Root input' })
  }
}

function checkLayer (src: Uint8Array, dst: Uint8Array): void {
  if (src.length % 64 !== 0 || dst.length < src.length / 2) {
    throw new InvalidInputError('ERR_TREE_LAYER', `layer of ${src.length} bytes is not whole pairs of 32-byte nodes, or dst (${dst.length} bytes) is too small`, { value: src.length, source: 'reduceLayer input' })
  }
}

/** Builds the batch operations from a layer-reduction primitive (the portable path). */
function hasherFromLayer (name: HasherName, reduce: (src: Uint8Array, dst: Uint8Array) => void): NodeHasher {
  const BLOCK = 1024 // leaves reduced together, so the working set stays in cache
  const rootInPlace = (buf: Uint8Array, leaves: number): void => {
    for (let n = leaves; n > 1; n /= 2) reduce(buf.subarray(0, 32 * n), buf)
  }
  // Combines equal-sized block roots left to right, as a binary counter of subtrees.
  const combineRoots = (roots: Uint8Array[]): Uint8Array => {
    let layer = roots
    while (layer.length > 1) {
      const next: Uint8Array[] = []
      const pair = new Uint8Array(64)
      for (let i = 0; i < layer.length; i += 2) {
        pair.set(layer[i]!, 0)
        pair.set(layer[i + 1]!, 32)
        const out = new Uint8Array(32)
        reduce(pair, out)
        next.push(out)
      }
      layer = next
    }
    return layer[0]!
  }
  return {
    name,
    hashPair (left, right) {
      const pair = new Uint8Array(64)
      pair.set(left.subarray(0, 32), 0)
      pair.set(right.subarray(0, 32), 32)
      reduce(pair, pair)
      return pair.slice(0, 32)
    },
    reduceLayer (src, dst = new Uint8Array(src.length / 2)) {
      checkLayer(src, dst)
      reduce(src, dst)
      return dst
    },
    rootOfLeaves (leaves) {
      checkLeaves(leaves.length)
      const count = leaves.length / 32
      if (count === 1) return Uint8Array.from(leaves.subarray(0, 32))
      const per = Math.min(count, BLOCK)
      const buf = new Uint8Array(16 * per)
      const roots: Uint8Array[] = []
      for (let i = 0; i < count; i += per) {
        reduce(leaves.subarray(32 * i, 32 * (i + per)), buf)
        rootInPlace(buf, per / 2)
        roots.push(buf.slice(0, 32))
      }
      return combineRoots(roots)
    },
    fr32Root (unpadded) {
      checkFr32(unpadded.length)
      const quads = unpadded.length / 127
      const per = Math.min(quads, BLOCK / 4)
      const buf = new Uint8Array(128 * per)
      const roots: Uint8Array[] = []
      for (let q = 0; q < quads; q += per) {
        for (let j = 0; j < per; j++) fr32PadQuad(unpadded, 127 * (q + j), buf, 128 * j)
        rootInPlace(buf, 4 * per)
        roots.push(buf.slice(0, 32))
      }
      return combineRoots(roots)
    }
  }
}

function nativeHasher (addon: Sha254Addon): NodeHasher {
  const base = hasherFromLayer(addon.implementation(), (src, dst) => { addon.reduceLayer(src, dst) })
  return {
    ...base,
    rootOfLeaves (leaves) {
      checkLeaves(leaves.length)
      return new Uint8Array(addon.rootOfLeaves(leaves))
    },
    fr32Root (unpadded) {
      checkFr32(unpadded.length)
      return new Uint8Array(addon.fr32Root(unpadded))
    }
  }
}

/** The pure-JavaScript hasher (same results as the addon, much slower). */
export const portableHasher: NodeHasher = hasherFromLayer('portable', portableReduceLayer)

let noticeGiven = false

/** Picks the hasher: the native addon when it loads (unless told otherwise), else portable. */
export function getNodeHasher (options: HasherOptions = {}): NodeHasher {
  const prefer = options.prefer ?? 'auto'
  if (prefer === 'portable') return portableHasher
  const load = loadAddon()
  if (load.addon !== undefined) return nativeHasher(load.addon)
  if (prefer === 'native') throw new HasherUnavailableError(load.reason)
  if (!noticeGiven && options.onNotice !== undefined) {
    noticeGiven = true
    options.onNotice(`native sha254 addon unavailable, using the portable (slower) hasher: ${load.reason}`)
  }
  return portableHasher
}

/** Whether the native addon is loadable, and which instruction path it uses. */
export function nativeHasherStatus (): { available: true, implementation: 'sha-ni' | 'openssl' } | { available: false, reason: string } {
  const load = loadAddon()
  return load.addon !== undefined
    ? { available: true, implementation: load.addon.implementation() }
    : { available: false, reason: load.reason }
}
