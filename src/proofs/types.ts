/**
 * The proof system's contract: what the sealing and mining subsystems ask of a prover and what
 * the chain asks of a verifier. Shapes follow Lotus/filecoin-ffi (SealVerifyInfo,
 * WindowPoStVerifyInfo, PrivateSectorInfo, PoStProof) so a native prover could sit behind the
 * same interface. Files are named by explicit paths; where they live is the storage layer's job.
 */
import type { CID } from 'multiformats/cid'
import type { PieceCid, PieceInfo } from '../core/piece/index.js'
import type { RegisteredPoStProof, RegisteredSealProof, SectorId } from '../core/sector/index.js'
import type { ActorId, SectorNumber } from '../core/types.js'
import type { SealedCid } from './commitments.js'
import type { BadSector } from './errors.js'

/** Opaque PreCommit1 output, handed to PreCommit2 (Lotus keeps it in the sector record). */
export type PreCommit1Out = Uint8Array

/** storiface.SectorCids. */
export interface SectorCids {
  readonly unsealed: PieceCid
  readonly sealed: SealedCid
}

export interface SealPreCommit1Input {
  readonly proofType: RegisteredSealProof
  readonly sector: SectorId
  /** SealRandomness: chain randomness at the ticket epoch, 32 bytes. */
  readonly ticket: Uint8Array
  /** The pieces in the sector, in order; the unsealed file must have their CommD. */
  readonly pieces: readonly PieceInfo[]
  /** The fr32-padded unsealed sector; its first sector-size bytes are read. */
  readonly unsealedPath: string
  /** Written (replaced) with the sealed replica. */
  readonly sealedPath: string
  /** The sector's cache folder, created when missing. */
  readonly cacheDirPath: string
}

export interface SealPreCommit2Input {
  readonly phase1Output: PreCommit1Out
  readonly sealedPath: string
  readonly cacheDirPath: string
}

export interface SealCommitInput {
  readonly proofType: RegisteredSealProof
  readonly sector: SectorId
  readonly ticket: Uint8Array
  /** InteractiveSealRandomness: chain randomness at PreCommit epoch + PreCommitChallengeDelay. */
  readonly seed: Uint8Array
  readonly cids: SectorCids
  readonly sealedPath: string
  readonly cacheDirPath: string
}

export interface UnsealInput {
  readonly proofType: RegisteredSealProof
  readonly sector: SectorId
  readonly ticket: Uint8Array
  readonly unsealedCid: PieceCid | CID | string
  readonly sealedPath: string
  /** Written in place (created when missing, never truncated), at the same offsets. */
  readonly unsealedPath: string
  /** Padded byte range to unseal, multiples of 128 bytes; default the whole sector. */
  readonly offset?: number
  readonly size?: number
}

export interface ReadPieceInput {
  readonly unsealedPath: string
  /** Unpadded byte offset into the sector (storiface.UnpaddedByteIndex). */
  readonly offset: number
  /** Unpadded bytes to read. */
  readonly size: number
}

/** proof.SectorInfo: what the chain knows about a sector a PoSt covers. */
export interface SectorInfo {
  readonly sealProof: RegisteredSealProof
  readonly sectorNumber: SectorNumber
  readonly sealedCid: SealedCid | CID
}

/** ffi.PrivateSectorInfo: a sector's chain facts and where its files are. */
export interface PrivateSectorInfo extends SectorInfo {
  readonly sealedSectorPath: string
  readonly cacheDirPath: string
}

/** proof.PoStProof. */
export interface PoStProof {
  readonly postProof: RegisteredPoStProof
  readonly proofBytes: Uint8Array
}

export interface GeneratePoStInput {
  readonly miner: ActorId
  /** PoStRandomness, 32 bytes. */
  readonly randomness: Uint8Array
  readonly sectors: readonly PrivateSectorInfo[]
  /** The PoSt type to prove with; default the V1_1 Window / V1 Winning type of the sectors. */
  readonly postProof?: RegisteredPoStProof
}

/** proof.SealVerifyInfo. */
export interface SealVerifyInfo {
  readonly sealProof: RegisteredSealProof
  readonly sectorId: SectorId
  /** SealRandomness (the ticket). */
  readonly randomness: Uint8Array
  /** InteractiveSealRandomness (the seed). */
  readonly interactiveRandomness: Uint8Array
  readonly proof: Uint8Array
  readonly sealedCid: SealedCid | CID
  readonly unsealedCid: PieceCid | CID
}

/** proof.WindowPoStVerifyInfo and proof.WinningPoStVerifyInfo. */
export interface PoStVerifyInfo {
  readonly randomness: Uint8Array
  readonly proofs: readonly PoStProof[]
  readonly challengedSectors: readonly SectorInfo[]
  readonly prover: ActorId
}

/** A verification outcome; `reason` says what did not check out. */
export type ProofCheck = { valid: true } | { valid: false, reason: string }

/** One sector's readiness to be proven. */
export type ProvableCheck = { sector: SectorId, ok: true } | (BadSector & { ok: false })

export interface Prover {
  sealPreCommit1 (input: SealPreCommit1Input): Promise<PreCommit1Out>
  sealPreCommit2 (input: SealPreCommit2Input): Promise<SectorCids>
  sealCommit (input: SealCommitInput): Promise<Uint8Array>
  /** Throws SectorProvingError listing every sector that could not be proven. */
  generateWindowPoSt (input: GeneratePoStInput): Promise<PoStProof[]>
  generateWinningPoSt (input: GeneratePoStInput): Promise<PoStProof[]>
  /** Reports, per sector, whether its files are present and match its commitments. */
  checkProvable (miner: ActorId, sectors: readonly PrivateSectorInfo[]): Promise<ProvableCheck[]>
  unseal (input: UnsealInput): Promise<void>
  readPiece (input: ReadPieceInput): AsyncIterable<Uint8Array>
}

export interface Verifier {
  verifySeal (info: SealVerifyInfo): boolean
  verifyWindowPoSt (info: PoStVerifyInfo): boolean
  verifyWinningPoSt (info: PoStVerifyInfo): boolean
  /** The sector indexes a Winning PoSt must prove (GenerateWinningPoStSectorChallenge). */
  generateWinningPoStSectorChallenge (postProof: RegisteredPoStProof, miner: ActorId, randomness: Uint8Array, eligibleSectorCount: number): number[]
}
