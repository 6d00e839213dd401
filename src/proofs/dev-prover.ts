/**
 * The dev proof system behind the Prover and Verifier interfaces. Not secure against a prover
 * who regenerates sealed data on demand: it is for Nelumbo's devnet, where it keeps sector
 * files, commitments and challenges honest and cheap. A native prover could replace it.
 */
import { registeredPoStProof, isWinningPoStProof, postProofName, type RegisteredPoStProof } from '../core/sector/index.js'
import type { ActorId } from '../core/types.js'
import { winningPoStSectorChallenge } from './challenges.js'
import { ProofInputError } from './errors.js'
import { checkSealProof, sealCommit } from './porep.js'
import { checkProvable, checkWindowPoStProof, checkWinningPoStProof, generateWindowPoSt, generateWinningPoSt, type CheckProvableOptions } from './post.js'
import { sealPreCommit1, sealPreCommit2 } from './seal.js'
import { readPiece, unseal } from './unseal.js'
import type {
  GeneratePoStInput, PoStProof, PoStVerifyInfo, PreCommit1Out, PrivateSectorInfo, Prover, ProvableCheck, ReadPieceInput,
  SealCommitInput, SealPreCommit1Input, SealPreCommit2Input, SealVerifyInfo, SectorCids, UnsealInput, Verifier
} from './types.js'

export class DevProver implements Prover {
  private readonly checkOptions: CheckProvableOptions

  constructor (options: CheckProvableOptions = {}) {
    this.checkOptions = options
  }

  async sealPreCommit1 (input: SealPreCommit1Input): Promise<PreCommit1Out> {
    return await sealPreCommit1(input)
  }

  async sealPreCommit2 (input: SealPreCommit2Input): Promise<SectorCids> {
    return await sealPreCommit2(input)
  }

  async sealCommit (input: SealCommitInput): Promise<Uint8Array> {
    return await sealCommit(input)
  }

  async generateWindowPoSt (input: GeneratePoStInput): Promise<PoStProof[]> {
    return await generateWindowPoSt(input)
  }

  async generateWinningPoSt (input: GeneratePoStInput): Promise<PoStProof[]> {
    return await generateWinningPoSt(input)
  }

  async checkProvable (miner: ActorId, sectors: readonly PrivateSectorInfo[]): Promise<ProvableCheck[]> {
    return await checkProvable(miner, sectors, this.checkOptions)
  }

  async unseal (input: UnsealInput): Promise<void> {
    await unseal(input)
  }

  readPiece (input: ReadPieceInput): AsyncIterable<Uint8Array> {
    return readPiece(input)
  }
}

export class DevVerifier implements Verifier {
  verifySeal (info: SealVerifyInfo): boolean {
    return checkSealProof(info).valid
  }

  verifyWindowPoSt (info: PoStVerifyInfo): boolean {
    return checkWindowPoStProof(info).valid
  }

  verifyWinningPoSt (info: PoStVerifyInfo): boolean {
    return checkWinningPoStProof(info).valid
  }

  generateWinningPoStSectorChallenge (postProof: RegisteredPoStProof, miner: ActorId, randomness: Uint8Array, eligibleSectorCount: number): number[] {
    const p = registeredPoStProof(postProof, 'postProof')
    if (!isWinningPoStProof(p)) throw new ProofInputError(`${postProofName(p)} is not a Winning PoSt proof type`, p, 'postProof')
    return winningPoStSectorChallenge(miner, randomness, eligibleSectorCount)
  }
}
