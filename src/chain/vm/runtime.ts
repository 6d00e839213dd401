import type { Address } from '../../core/address/index.js'
import type { CborCodec } from '../../core/cbor/index.js'
import type { CID } from '../../core/cid.js'
import type { Signature } from '../../core/crypto/index.js'
import type { Blockstore } from '../../core/ipld/index.js'
import type { ChainEpoch, TokenAmount } from '../../core/types.js'
import type { NetworkPolicy } from '../actors/policy.js'
import type { ActorRegistry } from './actor.js'
import type { ExitCode } from './exitcode.js'
import type { DomainSeparationTag } from './randomness.js'
import type { PieceInfo, SealVerifyInfo, WindowPoStVerifyInfo } from './syscalls.js'

/** What an internal send came back with: a failed callee's changes are already reverted. */
export interface SendResult {
  exitCode: ExitCode
  return: Uint8Array
}

/** The receiving actor's own state, read and written through a codec. */
export interface StateAccess {
  /** Writes the first state of an actor being constructed (its head must still be empty). */
  create: <S>(codec: CborCodec<S>, state: S) => Promise<void>
  read: <S>(codec: CborCodec<S>) => Promise<S>
  /**
   * Loads the state, lets `fn` change it in place and writes it back. If `fn` throws (an
   * abort) nothing is written. No sends inside: builtin-actors forbid re-entrancy the same way.
   */
  transaction: <S, R>(codec: CborCodec<S>, fn: (state: S) => R | Promise<R>) => Promise<R>
}

/**
 * What the VM gives an actor method (builtin-actors' `Runtime`): who called with what value,
 * the chain's clock and randomness, the actor's state, sends to other actors and the syscalls.
 * Every address it hands out is an ID address.
 */
export interface Runtime {
  readonly receiver: Address
  /** The immediate caller. */
  readonly caller: Address
  /** The sender of the top-level message. */
  readonly origin: Address
  readonly valueReceived: TokenAmount
  readonly currentEpoch: ChainEpoch
  readonly networkVersion: number
  readonly baseFee: TokenAmount
  /** Circulating supply the chain computed for this epoch (pledge and collateral formulas). */
  readonly circulatingSupply: TokenAmount
  /** The network's actor policy: proving periods, deadlines, deal bounds, minimum power. */
  readonly policy: NetworkPolicy
  /** The state blockstore; every read and write is charged gas. */
  readonly store: Blockstore
  readonly registry: ActorRegistry
  readonly state: StateAccess

  currentBalance: () => Promise<TokenAmount>
  /** Calls `method` on `to` with `value`; a failure comes back as a non-zero exit code. */
  send: (to: Address, method: bigint | number, params: Uint8Array, value: TokenAmount) => Promise<SendResult>
  /** Plain value send (method 0); aborts with the callee's exit code if it fails. */
  transfer: (to: Address, value: TokenAmount) => Promise<void>
  /** Creates an actor with `code` at the ID address `id` (init actor only). */
  createActor: (code: CID, id: Address, delegatedAddress?: Address | null) => Promise<void>
  /** A fresh robust (f2) address for an actor created by this message. */
  newActorAddress: () => Address
  /** The ID address `addr` stands for, or null if no actor has it. */
  resolveAddress: (addr: Address) => Promise<Address | null>
  getActorCodeCid: (addr: Address) => Promise<CID | null>
  abort: (exitCode: ExitCode, message: string) => never
  chargeGas: (name: string, gas: bigint) => void

  getRandomnessFromTickets: (dst: DomainSeparationTag, epoch: ChainEpoch, entropy: Uint8Array) => Promise<Uint8Array>
  getRandomnessFromBeacon: (dst: DomainSeparationTag, epoch: ChainEpoch, entropy: Uint8Array) => Promise<Uint8Array>

  /** Checks a signature by `signer` (any address of an account; resolved to its key address). */
  verifySignature: (signature: Signature, signer: Address, plaintext: Uint8Array) => Promise<boolean>
  hashBlake2b: (data: Uint8Array) => Uint8Array
  verifySeal: (info: SealVerifyInfo) => Promise<boolean>
  verifyWindowPoSt: (info: WindowPoStVerifyInfo) => Promise<boolean>
  computeUnsealedSectorCid: (sealProof: number, pieces: PieceInfo[]) => Promise<CID>
}
