/**
 * CommR CIDs. Filecoin's CommR is a Poseidon root (multihash poseidon-bls12_381-a2-fc1); the
 * dev proof system's CommR is a sha256-trunc254 root, so its CID says so: codec
 * fil-commitment-sealed (0xf102) with multihash sha2-256-trunc254-padded (0x1012).
 */
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { FIL_COMMITMENT_SEALED, SHA2_256_TRUNC254_PADDED, type PieceCid, parsePieceCid } from '../core/piece/index.js'
import { ProofInputError } from './errors.js'

/** A dev-proof sealed sector CID: the CommR of a replica. */
export type SealedCid = CID<unknown, typeof FIL_COMMITMENT_SEALED, typeof SHA2_256_TRUNC254_PADDED, 1>

/** Wraps a 32-byte CommR in a sealed CID. */
export function commRToSealedCid (commR: Uint8Array): SealedCid {
  if (commR.length !== 32 || (commR[31]! & 0xc0) !== 0) {
    throw new ProofInputError('CommR must be 32 bytes with its top two bits clear', commR, 'CommR')
  }
  return CID.create(1, FIL_COMMITMENT_SEALED, Digest.create(SHA2_256_TRUNC254_PADDED, Uint8Array.from(commR))) as SealedCid
}

/** The CommR inside a sealed CID, after checking it is a dev-proof one. */
export function sealedCidToCommR (cid: CID | string, source = 'sealed CID'): Uint8Array {
  let c: CID
  try {
    c = typeof cid === 'string' ? CID.parse(cid) : cid
  } catch (err) {
    throw new ProofInputError(`'${String(cid)}' is not a CID: ${(err as Error).message}`, cid, source)
  }
  if (c.version !== 1 || c.code !== FIL_COMMITMENT_SEALED) {
    throw new ProofInputError(`${c.toString()} is not a sealed sector CID (codec 0x${c.code.toString(16)}, expected fil-commitment-sealed 0xf102)`, cid, source)
  }
  if (c.multihash.code !== SHA2_256_TRUNC254_PADDED || c.multihash.digest.length !== 32) {
    throw new ProofInputError(`${c.toString()} is not a dev-proof CommR (multihash 0x${c.multihash.code.toString(16)}, expected sha2-256-trunc254-padded 0x1012)`, cid, source)
  }
  return c.multihash.digest.slice()
}

/** The CommD inside an unsealed sector CID (a piece CID). */
export function unsealedCidToCommD (cid: CID | string, source = 'unsealed CID'): Uint8Array {
  return parsePieceCid(cid as PieceCid | string, source).multihash.digest.slice()
}
