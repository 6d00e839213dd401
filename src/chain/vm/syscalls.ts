import { blake2b } from '@noble/hashes/blake2.js'
import type { Address } from '../../core/address/index.js'
import type { CID } from '../../core/cid.js'
import { verify, type Signature } from '../../core/crypto/index.js'
import type { ActorId, DealId, SectorNumber } from '../../core/types.js'

/** A sector's identity across the network (go-state-types `abi.SectorID`). */
export interface SectorId {
  Miner: ActorId
  Number: SectorNumber
}

/** What a PoRep proof is checked against (go-state-types `proof.SealVerifyInfo`). */
export interface SealVerifyInfo {
  SealProof: number
  SectorID: SectorId
  DealIDs: DealId[]
  Randomness: Uint8Array
  InteractiveRandomness: Uint8Array
  Proof: Uint8Array
  /** CommR */
  SealedCID: CID
  /** CommD */
  UnsealedCID: CID
}

/** One PoSt proof (go-state-types `proof.PoStProof`). */
export interface PoStProof {
  PoStProof: number
  ProofBytes: Uint8Array
}

/** A challenged sector of a PoSt (go-state-types `proof.SectorInfo`). */
export interface ProvenSectorInfo {
  SealProof: number
  SectorNumber: SectorNumber
  SealedCID: CID
}

/** What a Window PoSt is checked against (go-state-types `proof.WindowPoStVerifyInfo`). */
export interface WindowPoStVerifyInfo {
  Randomness: Uint8Array
  Proofs: PoStProof[]
  ChallengedSectors: ProvenSectorInfo[]
  Prover: ActorId
}

/** A piece of a sector, for CommD (go-state-types `abi.PieceInfo`). */
export interface PieceInfo {
  Size: bigint
  PieceCID: CID
}

/**
 * Proof checks the storage actors call through the runtime. The dev proof system
 * (`src/proofs/`) implements it; the VM charges the gas and turns exceptions into fatal errors.
 */
export interface ProofVerifier {
  verifySeal: (info: SealVerifyInfo) => Promise<boolean>
  verifyWindowPoSt: (info: WindowPoStVerifyInfo) => Promise<boolean>
  computeUnsealedSectorCid: (sealProof: number, pieces: PieceInfo[]) => Promise<CID>
}

/** Pure helpers the runtime offers actors (Lotus `runtime.Syscalls`), apart from proofs. */
export interface Syscalls {
  /** Checks `signature` by the key address `signer` over `plaintext`. */
  verifySignature: (signature: Signature, signer: Address, plaintext: Uint8Array) => boolean
  hashBlake2b: (data: Uint8Array) => Uint8Array
}

/** The signature and hashing syscalls over the foundation's crypto. */
export const defaultSyscalls: Syscalls = {
  verifySignature: (signature, signer, plaintext) => verify(signature, signer, plaintext),
  hashBlake2b: (data) => blake2b(data, { dkLen: 32 })
}
