/**
 * The dev proof system (see shared/spec/dev-proofs.md): replica-keyed sealing, sha256-trunc254
 * CommR trees with cached upper rows, PoRep and PoSt as Merkle inclusion proofs of leaves
 * chosen from chain randomness, and the expected-consensus election. It reads the real sector
 * files, so a missing or corrupted sector fails its PoSt, but it is NOT secure against a prover
 * who regenerates sealed data on demand: it is for the devnet only.
 *
 * @example
 * ```ts
 * import { DevProver, DevVerifier } from 'nelumbo'
 * const prover = new DevProver()
 * const pc1 = await prover.sealPreCommit1({ proofType: 5, sector, ticket, pieces, unsealedPath, sealedPath, cacheDirPath })
 * const cids = await prover.sealPreCommit2({ phase1Output: pc1, sealedPath, cacheDirPath })
 * const proof = await prover.sealCommit({ proofType: 5, sector, ticket, seed, cids, sealedPath, cacheDirPath })
 * new DevVerifier().verifySeal({ sealProof: 5, sectorId: sector, randomness: ticket, interactiveRandomness: seed, proof, sealedCid: cids.sealed, unsealedCid: cids.unsealed })
 * ```
 */
export type {
  Prover, Verifier, PreCommit1Out, SectorCids, SealPreCommit1Input, SealPreCommit2Input, SealCommitInput, UnsealInput,
  ReadPieceInput, SectorInfo, PrivateSectorInfo, PoStProof, GeneratePoStInput, SealVerifyInfo, PoStVerifyInfo, ProofCheck,
  ProvableCheck
} from './types.js'
export { DevProver, DevVerifier } from './dev-prover.js'
export { ProofInputError, SectorFileError, SectorProvingError, type BadSector } from './errors.js'
export { type SealedCid, commRToSealedCid, sealedCidToCommR, unsealedCidToCommD } from './commitments.js'
export { POREP_CHALLENGES, POST_CHALLENGES, WINNING_POST_SECTOR_COUNT, CACHE_LEVEL, CACHE_FILES, treeGeometry, type TreeGeometry } from './params.js'
export { replicaId } from './replica.js'
export { porepChallenges, postLeafChallenges, postRandomness, winningPoStSectorChallenge } from './challenges.js'
export { sealPreCommit1, sealPreCommit2, clearCache } from './seal.js'
export { sealCommit, checkSealProof } from './porep.js'
export {
  generateWindowPoSt, generateWinningPoSt, checkWindowPoStProof, checkWinningPoStProof, checkProvable, type CheckProvableOptions
} from './post.js'
export { unseal, readPiece } from './unseal.js'
export { DomainSeparationTag, drawRandomness, drawRandomnessFromDigest, addressEntropy } from './randomness.js'
export { BLOCKS_PER_EPOCH, MAX_WIN_COUNT, computeWinCount, expneg, lambda, Poisson } from './poisson.js'
export {
  TICKET_RANDOMNESS_LOOKBACK, type ElectionProof, type VrfSigner, type RoundWinnerInput, vrfSignerFromKey, electionRandomness,
  ticketRandomness, winningPoStRandomness, computeVrf, verifyVrf, isRoundWinner, checkElectionProof
} from './election.js'
