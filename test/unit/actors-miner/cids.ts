// A well-formed sealed CID (fil-commitment-sealed) for tests that never prove.
import { commRToSealedCid } from '../../../src/proofs/index.js'
import type { CID } from '../../../src/core/cid.js'

export function sealedCidFor (n: number): CID {
  return commRToSealedCid(new Uint8Array(32).fill(n & 0x3f))
}
