/**
 * The VM's proof syscalls over the dev proof system: what a node passes as `VmContext.proofs`
 * so the miner actor verifies PoRep and Window PoSt in full.
 */
import type { CID } from '../../../../core/cid.js'
import { generateUnsealedCid } from '../../../../core/piece/index.js'
import { registeredPoStProof, registeredSealProof, sealProofSectorSize, sectorId } from '../../../../core/sector/index.js'
import { DevVerifier, type Verifier } from '../../../../proofs/index.js'
import type { ProofVerifier } from '../../../vm/syscalls.js'

export function devProofVerifier (verifier: Verifier = new DevVerifier()): ProofVerifier {
  return {
    verifySeal: async (i) => verifier.verifySeal({
      sealProof: registeredSealProof(i.SealProof),
      sectorId: sectorId(i.SectorID.Miner, i.SectorID.Number),
      randomness: i.Randomness,
      interactiveRandomness: i.InteractiveRandomness,
      proof: i.Proof,
      sealedCid: i.SealedCID,
      unsealedCid: i.UnsealedCID
    }),
    verifyWindowPoSt: async (i) => verifier.verifyWindowPoSt({
      randomness: i.Randomness,
      proofs: i.Proofs.map((p) => ({ postProof: registeredPoStProof(p.PoStProof), proofBytes: p.ProofBytes })),
      challengedSectors: i.ChallengedSectors.map((s) => ({ sealProof: registeredSealProof(s.SealProof), sectorNumber: s.SectorNumber, sealedCid: s.SealedCID })),
      prover: i.Prover
    }),
    computeUnsealedSectorCid: async (sealProof, pieces): Promise<CID> =>
      generateUnsealedCid(sealProofSectorSize(registeredSealProof(sealProof)), pieces.map((p) => ({ size: Number(p.Size), pieceCid: p.PieceCID })))
  }
}
