import { blake2b } from '@noble/hashes/blake2.js'
import { CID } from 'multiformats/cid'
import { create as createDigest } from 'multiformats/hashes/digest'

/** Multicodec of DAG-CBOR, the codec of every Filecoin state block. */
export const DAG_CBOR = 0x71
/** Multihash code of blake2b-256, Filecoin's block hash. */
export const BLAKE2B_256 = 0xb220

/** The CID Filecoin gives a block: CIDv1, blake2b-256 of the bytes, codec dag-cbor by default. */
export function cidForBlock (bytes: Uint8Array, codec: number = DAG_CBOR): CID {
  const digest = createDigest(BLAKE2B_256, blake2b(bytes, { dkLen: 32 }))
  return CID.createV1(codec, digest)
}
