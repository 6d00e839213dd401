/**
 * The byte form of dev proofs: a 4-byte header ('N', 'D', version 1, kind) and then, for each
 * opening in order, the 32-byte leaf and its sibling path (height nodes of 32 bytes). Leaf
 * indexes are not sent: the verifier derives them from the challenges.
 */
import type { LeafPath } from './tree-file.js'

export const ProofKind = { PoRep: 1, WindowPoSt: 2, WinningPoSt: 3 } as const
export type ProofKind = typeof ProofKind[keyof typeof ProofKind]

const MAGIC0 = 0x4e
const MAGIC1 = 0x44
const VERSION = 1
const HEADER = 4

/** Bytes of a proof with `openings` paths in a tree of `height` rows. */
export function proofLength (openings: number, height: number): number {
  return HEADER + openings * 32 * (height + 1)
}

export function encodeOpenings (kind: ProofKind, openings: readonly LeafPath[]): Uint8Array {
  const height = openings[0]?.path.length ?? 0
  const out = new Uint8Array(proofLength(openings.length, height))
  out.set([MAGIC0, MAGIC1, VERSION, kind])
  let off = HEADER
  for (const o of openings) {
    out.set(o.leaf, off)
    off += 32
    for (const node of o.path) {
      out.set(node, off)
      off += 32
    }
  }
  return out
}

const KIND_NAMES: Record<ProofKind, string> = { 1: 'PoRep', 2: 'Window PoSt', 3: 'Winning PoSt' }

/** The openings of a proof, or why the bytes are not a `kind` proof of that shape. */
export function decodeOpenings (bytes: Uint8Array, kind: ProofKind, height: number, count: number): LeafPath[] | string {
  if (!(bytes instanceof Uint8Array) || bytes.length < HEADER) return 'proof is shorter than its 4-byte header'
  if (bytes[0] !== MAGIC0 || bytes[1] !== MAGIC1) return 'proof is not a Nelumbo dev proof (bad magic bytes)'
  if (bytes[2] !== VERSION) return `proof version ${bytes[2]!} is not supported (expected ${VERSION})`
  if (bytes[3] !== kind) return `proof is a ${KIND_NAMES[bytes[3] as ProofKind] ?? `kind-${bytes[3]!}`} proof, expected ${KIND_NAMES[kind]}`
  const want = proofLength(count, height)
  if (bytes.length !== want) return `proof is ${bytes.length} bytes, expected ${want} (${count} openings in a tree of height ${height})`
  const out: LeafPath[] = []
  let off = HEADER
  for (let i = 0; i < count; i++) {
    const leaf = bytes.slice(off, off + 32)
    off += 32
    const path: Uint8Array[] = []
    for (let l = 0; l < height; l++) {
      path.push(bytes.slice(off, off + 32))
      off += 32
    }
    out.push({ leaf, path })
  }
  return out
}
