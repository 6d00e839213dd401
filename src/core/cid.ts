import { blake2b } from '@noble/hashes/blake2.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { CID } from 'multiformats/cid'
import * as Digest from 'multiformats/hashes/digest'
import { InvalidInputError } from './errors.js'

export { CID }

/** Multicodec codes Filecoin uses for chain objects and payloads. */
export const DagCborCode = 0x71
export const RawCode = 0x55
export const DagPbCode = 0x70
/** Multihash codes: blake2b-256 (chain objects), sha2-256, identity. */
export const Blake2b256Code = 0xb220
export const Sha256Code = 0x12
export const IdentityCode = 0x00

/** A CID string or byte form that could not be read. */
export class InvalidCidError extends InvalidInputError {
  constructor (message: string, details: { value?: unknown, source?: string, cause?: unknown } = {}) {
    super('ERR_INVALID_CID', message, details)
  }
}

/** The CID Lotus gives a chain object (`abi.CidBuilder`): CIDv1, dag-cbor, blake2b-256. */
export function cborCid (cborBytes: Uint8Array): CID {
  return CID.createV1(DagCborCode, Digest.create(Blake2b256Code, blake2b(cborBytes, { dkLen: 32 })))
}

/** CIDv1 raw sha2-256, the CID of a raw block such as a file chunk. */
export function rawCid (bytes: Uint8Array): CID {
  return CID.createV1(RawCode, Digest.create(Sha256Code, sha256(bytes)))
}

/** CIDv1 with an identity multihash: the bytes are inlined in the CID itself. */
export function identityCid (codec: number, bytes: Uint8Array): CID {
  return CID.createV1(codec, Digest.create(IdentityCode, bytes))
}

/** Parses a CID string (v0 `Qm…` or v1 in any multibase); `source` names where it came from. */
export function parseCid (text: string, source?: string): CID {
  if (typeof text !== 'string') throw new InvalidCidError(`expected a CID string, got ${typeof text}`, { value: text, source })
  try {
    return CID.parse(text)
  } catch (err) {
    throw new InvalidCidError(`invalid CID ${JSON.stringify(text)}: ${(err as Error).message}`, { value: text, source, cause: err })
  }
}

/** Reads the binary form of a CID (the whole buffer must be one CID). */
export function cidFromBytes (bytes: Uint8Array, source?: string): CID {
  try {
    return CID.decode(bytes)
  } catch (err) {
    throw new InvalidCidError(`invalid CID bytes 0x${Buffer.from(bytes).toString('hex')}: ${(err as Error).message}`, { value: bytes, source, cause: err })
  }
}

/** The CID instance behind `value` if it is one (from any copy of multiformats), else null. */
export function asCid (value: unknown): CID | null {
  return CID.asCID(value)
}
