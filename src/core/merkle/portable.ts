/**
 * Portable sha256-trunc254 node hashing in plain JavaScript, used when the native addon is
 * missing. A node's input is always 64 bytes, so the second SHA-256 block is constant and its
 * schedule plus round constants are precomputed; only its rounds run per node.
 */

const K = Int32Array.from([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2
])

const IV = Int32Array.from([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19
])

const W = new Int32Array(64)
const S = new Int32Array(8)

function expand (w: Int32Array): void {
  for (let i = 16; i < 64; i++) {
    const a = w[i - 15]!
    const b = w[i - 2]!
    const s0 = ((a >>> 7) | (a << 25)) ^ ((a >>> 18) | (a << 14)) ^ (a >>> 3)
    const s1 = ((b >>> 17) | (b << 15)) ^ ((b >>> 19) | (b << 13)) ^ (b >>> 10)
    w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0
  }
}

/** Schedule + round constants of the padding block of every 64-byte message. */
const PAD_WK = (() => {
  const w = new Int32Array(64)
  w[0] = 0x80000000 | 0
  w[15] = 512
  expand(w)
  for (let i = 0; i < 64; i++) w[i] = (w[i]! + K[i]!) | 0
  return w
})()

/** 64 rounds on `state`, adding `wk[i]` (message word + constant) in round i, then feed-forward. */
function rounds (state: Int32Array, wk: Int32Array, addK: boolean): void {
  let a = state[0]!; let b = state[1]!; let c = state[2]!; let d = state[3]!
  let e = state[4]!; let f = state[5]!; let g = state[6]!; let h = state[7]!
  for (let i = 0; i < 64; i++) {
    const s1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7))
    const ch = (e & f) ^ (~e & g)
    const t1 = (h + s1 + ch + wk[i]! + (addK ? K[i]! : 0)) | 0
    const s0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10))
    const maj = (a & b) ^ (a & c) ^ (b & c)
    const t2 = (s0 + maj) | 0
    h = g; g = f; f = e; e = (d + t1) | 0
    d = c; c = b; b = a; a = (t1 + t2) | 0
  }
  state[0] = (state[0]! + a) | 0; state[1] = (state[1]! + b) | 0
  state[2] = (state[2]! + c) | 0; state[3] = (state[3]! + d) | 0
  state[4] = (state[4]! + e) | 0; state[5] = (state[5]! + f) | 0
  state[6] = (state[6]! + g) | 0; state[7] = (state[7]! + h) | 0
}

/**
 * Hashes the 64 bytes at `src[srcOff..]` into the 32-byte node at `dst[dstOff..]`. The input is
 * read completely before the output is written, so `dst` may overlap `src` at a lower offset.
 */
export function hashNodeInto (src: Uint8Array, srcOff: number, dst: Uint8Array, dstOff: number): void {
  for (let i = 0; i < 16; i++) {
    const p = srcOff + 4 * i
    W[i] = (src[p]! << 24) | (src[p + 1]! << 16) | (src[p + 2]! << 8) | src[p + 3]!
  }
  expand(W)
  S.set(IV)
  rounds(S, W, true)
  rounds(S, PAD_WK, false)
  for (let i = 0; i < 8; i++) {
    const v = S[i]!
    const p = dstOff + 4 * i
    dst[p] = v >>> 24; dst[p + 1] = v >>> 16; dst[p + 2] = v >>> 8; dst[p + 3] = v
  }
  dst[dstOff + 31]! &= 0x3f
}

/** Hashes each 64-byte pair of `src` into a 32-byte node of `dst` (which may be `src` itself). */
export function portableReduceLayer (src: Uint8Array, dst: Uint8Array): void {
  const pairs = src.length / 64
  for (let i = 0; i < pairs; i++) hashNodeInto(src, 64 * i, dst, 32 * i)
}
