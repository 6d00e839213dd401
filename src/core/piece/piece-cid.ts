/**
 * Piece CIDs v1 (go-fil-commcid): CIDv1, codec fil-commitment-unsealed (0xf101), multihash
 * sha2-256-trunc254-padded (0x1012) over the 32-byte CommP. Strings start `baga6ea4seaq`.
 */
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { InvalidInputError } from '../errors.js'

export const FIL_COMMITMENT_UNSEALED = 0xf101
export const FIL_COMMITMENT_SEALED = 0xf102
export const SHA2_256_TRUNC254_PADDED = 0x1012
export const POSEIDON_BLS12_381_A1_FC1 = 0xb401

/** A v1 piece CID: the CommP (or CommD) of unsealed data. */
export type PieceCid = CID<unknown, typeof FIL_COMMITMENT_UNSEALED, typeof SHA2_256_TRUNC254_PADDED, 1>

export class InvalidPieceCidError extends InvalidInputError {
  constructor (message: string, value: unknown, source: string | undefined) {
    super('ERR_INVALID_PIECE_CID', message, { value, source })
  }
}

function checkCommitment (comm: Uint8Array, source: string | undefined): void {
  if (comm.length !== 32) throw new InvalidPieceCidError(`commitment must be 32 bytes, got ${comm.length}`, comm, source)
  if ((comm[31]! & 0xc0) !== 0) throw new InvalidPieceCidError('commitment has its top two bits set: not a sha2-256-trunc254 value', comm, source)
}

/** commcid.PieceCommitmentV1ToCID: wraps a 32-byte CommP in a piece CID. */
export function commPToPieceCid (commP: Uint8Array, source?: string): PieceCid {
  checkCommitment(commP, source)
  const digest = Digest.create(SHA2_256_TRUNC254_PADDED, Uint8Array.from(commP))
  return CID.create(1, FIL_COMMITMENT_UNSEALED, digest) as PieceCid
}

/** commcid.CIDToPieceCommitmentV1: the 32-byte CommP inside a piece CID, after checking it is one. */
export function pieceCidToCommP (cid: CID | string, source?: string): Uint8Array {
  return parsePieceCid(cid, source).multihash.digest.slice()
}

/** Parses and checks a v1 piece CID (string or CID). */
export function parsePieceCid (cid: CID | string, source?: string): PieceCid {
  let c: CID
  if (typeof cid === 'string') {
    try {
      c = CID.parse(cid)
    } catch (err) {
      throw new InvalidPieceCidError(`'${cid}' is not a CID: ${err instanceof Error ? err.message : String(err)}`, cid, source)
    }
  } else {
    c = cid
  }
  const shown = typeof cid === 'string' ? cid : c.toString()
  if (c.version !== 1) throw new InvalidPieceCidError(`'${shown}' is a CIDv0, not a piece CID`, cid, source)
  if (c.code !== FIL_COMMITMENT_UNSEALED) {
    throw new InvalidPieceCidError(`'${shown}' has codec 0x${c.code.toString(16)}, not fil-commitment-unsealed (0xf101)`, cid, source)
  }
  if (c.multihash.code !== SHA2_256_TRUNC254_PADDED) {
    throw new InvalidPieceCidError(`'${shown}' has multihash 0x${c.multihash.code.toString(16)}, not sha2-256-trunc254-padded (0x1012)`, cid, source)
  }
  checkCommitment(c.multihash.digest, source)
  return c as PieceCid
}
