import { tuple, type CborCodec } from '../../core/cbor/index.js'
import { bytes, int } from '../../core/cbor/scalars.js'
import { fieldPath, isJsonObject, jsonTypeError, type LotusJsonCodec } from '../../core/lotus-json/codec.js'
import { bytesJson } from '../../core/lotus-json/index.js'
import { intJson } from './json.js'

/**
 * A PoSt proof (go-state-types proof.PoStProof): the registered proof type (abi
 * RegisteredPoStProof, an int64 enum) and the proof bytes. Winning PoSt proofs ride in headers.
 */
export interface PoStProof {
  PoStProof: number
  ProofBytes: Uint8Array
}

export const postProofCbor: CborCodec<PoStProof> = tuple('PoStProof', {
  PoStProof: int,
  ProofBytes: bytes(2 << 20)
})

export const postProofJson: LotusJsonCodec<PoStProof> = {
  toJson: (p) => ({ PoStProof: p.PoStProof, ProofBytes: bytesJson.toJson(p.ProofBytes) }),
  fromJson: (json, path) => {
    if (!isJsonObject(json)) throw jsonTypeError('a PoSt proof object {"PoStProof": n, "ProofBytes": "<base64>"}', json, path)
    return {
      PoStProof: intJson.fromJson(json.PoStProof ?? 0, fieldPath(path, 'PoStProof')),
      ProofBytes: bytesJson.fromJson(json.ProofBytes ?? null, fieldPath(path, 'ProofBytes'))
    }
  }
}
