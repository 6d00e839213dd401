/**
 * Replica encoding. The replica ID binds a sealed sector to its miner, number, ticket, data
 * and proof type (rust-fil-proofs `generate_replica_id`); the sealed file is the unsealed file
 * XOR an AES-256-CTR keystream keyed by the replica ID. The keystream of leaf i starts at
 * counter block 2i, so any leaf can be checked alone. Its top two bits are cleared in each
 * 32-byte leaf, so sealed leaves stay field elements like the fr32 unsealed ones, and
 * unsealing is the same operation.
 *
 * This encoding is cheap on purpose: it is not a proof of replication against a prover who
 * regenerates sealed data on demand (see shared/spec/dev-proofs.md).
 */
import { createCipheriv, createHash, type Cipher } from 'node:crypto'
import { porepId, proverId, type RegisteredSealProof, type SectorId } from '../core/sector/index.js'
import { ProofInputError } from './errors.js'

/** sha256-trunc254(prover ID || sector number u64 BE || ticket || CommD || porep seed). */
export function replicaId (proofType: RegisteredSealProof, sector: SectorId, ticket: Uint8Array, commD: Uint8Array): Uint8Array {
  checkBytes32(ticket, 'ticket')
  checkBytes32(commD, 'CommD')
  const number = new Uint8Array(8)
  new DataView(number.buffer).setBigUint64(0, BigInt(sector.number))
  const h = createHash('sha256')
    .update(proverId(sector.miner))
    .update(number)
    .update(ticket)
    .update(commD)
    .update(porepId(proofType))
    .digest()
  const id = new Uint8Array(h.buffer, h.byteOffset, 32).slice()
  id[31]! &= 0x3f
  return id
}

export function checkBytes32 (b: Uint8Array, what: string): void {
  if (!(b instanceof Uint8Array) || b.length !== 32) {
    throw new ProofInputError(`${what} must be 32 bytes, got ${b instanceof Uint8Array ? `${b.length} bytes` : typeof b}`, b, what)
  }
}

function counterBlock (leafIndex: number): Uint8Array {
  const iv = new Uint8Array(16)
  new DataView(iv.buffer).setBigUint64(8, BigInt(leafIndex) * 2n)
  return iv
}

/** A keystream cipher positioned at `firstLeaf`; feed it whole leaves in order. */
export function keystreamAt (replica: Uint8Array, firstLeaf: number): Cipher {
  return createCipheriv('aes-256-ctr', replica, counterBlock(firstLeaf))
}

/** Clears the top two bits of every 32-byte leaf. */
function maskLeaves (buf: Uint8Array): void {
  for (let i = 31; i < buf.length; i += 32) buf[i]! &= 0x3f
}

/** Index of the first leaf whose top two bits are set (not fr32 data), or -1. */
export function firstNonFr32Leaf (buf: Uint8Array): number {
  for (let i = 31; i < buf.length; i += 32) if ((buf[i]! & 0xc0) !== 0) return (i - 31) / 32
  return -1
}

/**
 * Encodes (or decodes) whole leaves with a positioned keystream; returns a new buffer. The
 * input must be fr32 data (top bits clear), which `firstNonFr32Leaf` checks.
 */
export function applyKeystream (cipher: Cipher, leaves: Uint8Array): Uint8Array {
  const out = cipher.update(leaves)
  maskLeaves(out)
  return out
}

/** Encodes or decodes leaves in place, starting at leaf `firstLeaf`. */
export function applyKeystreamAt (replica: Uint8Array, firstLeaf: number, leaves: Uint8Array): void {
  leaves.set(applyKeystream(keystreamAt(replica, firstLeaf), leaves))
}

/** The masked keystream of one leaf. */
export function leafKeystream (replica: Uint8Array, leafIndex: number): Uint8Array {
  return applyKeystream(keystreamAt(replica, leafIndex), new Uint8Array(32))
}
