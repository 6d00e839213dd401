import { Protocol, newActorAddress, type Address } from '../../core/address/index.js'
import { decodeCbor, encodeCbor, type CborCodec } from '../../core/cbor/index.js'
import { address as addressCbor } from '../../core/cbor/scalars.js'
import type { CID } from '../../core/cid.js'
import { SigType, type Signature } from '../../core/crypto/index.js'
import { NelumboError } from '../../core/errors.js'
import { getBlock, putBlock, type Blockstore } from '../../core/ipld/index.js'
import type { ChainEpoch, TokenAmount } from '../../core/types.js'
import { InitActorAddr } from '../actors/builtin/addresses.js'
import { onCreateActor, onHashing, onVerifySeal, onVerifyPoSt, onVerifySignature } from '../gas/index.js'
import type { NetworkPolicy } from '../actors/policy.js'
import type { ActorRegistry } from './actor.js'
import { contextPolicy, EmptyObjectBytes, EmptyObjectCid, type MessageCall } from './context.js'
import { ActorError, VmFatalError } from './errors.js'
import { ExitCode } from './exitcode.js'
import type { DomainSeparationTag } from './randomness.js'
import type { Runtime, SendResult, StateAccess } from './runtime.js'
import { defaultSyscalls, type PieceInfo, type ProofVerifier, type SealVerifyInfo, type WindowPoStVerifyInfo } from './syscalls.js'

type SendFn = (call: MessageCall, from: Address, to: Address, method: bigint, params: Uint8Array, value: TokenAmount, depth: number) => Promise<SendResult>

interface Frame { receiver: Address, caller: Address, value: TokenAmount, depth: number }

/** The {@link Runtime} of one actor call. */
export class InvocationRuntime implements Runtime {
  readonly receiver: Address
  readonly caller: Address
  readonly valueReceived: TokenAmount
  readonly state: StateAccess
  readonly #call: MessageCall
  readonly #depth: number
  readonly #send: SendFn
  #inTransaction = false

  constructor (call: MessageCall, frame: Frame, sendFn: SendFn) {
    this.#call = call
    this.#send = sendFn
    this.#depth = frame.depth
    this.receiver = frame.receiver
    this.caller = frame.caller
    this.valueReceived = frame.value
    this.state = {
      create: async (codec, state) => { await this.#createState(codec, state) },
      read: async (codec) => await this.#readState(codec),
      transaction: async (codec, fn) => await this.#transaction(codec, fn)
    }
  }

  get origin (): Address { return this.#call.origin }
  get currentEpoch (): ChainEpoch { return this.#call.vm.epoch }
  get networkVersion (): number { return this.#call.vm.networkVersion }
  get baseFee (): TokenAmount { return this.#call.vm.baseFee }
  get circulatingSupply (): TokenAmount { return this.#call.vm.circulatingSupply ?? 0n as TokenAmount }
  get policy (): NetworkPolicy { return contextPolicy(this.#call.vm) }
  get store (): Blockstore { return this.#call.store }
  get registry (): ActorRegistry { return this.#call.vm.registry }

  async currentBalance (): Promise<TokenAmount> {
    return (await this.#call.tree.requireActor(this.receiver)).Balance
  }

  async send (to: Address, method: bigint | number, params: Uint8Array, value: TokenAmount): Promise<SendResult> {
    if (this.#inTransaction) throw new VmFatalError(`actor ${this.receiver.toString()} sent a message inside a state transaction`)
    const ret = await this.#send(this.#call, this.receiver, to, BigInt(method), params, value, this.#depth + 1)
    return { exitCode: ret.exitCode, return: ret.return }
  }

  async transfer (to: Address, value: TokenAmount): Promise<void> {
    const ret = await this.send(to, 0n, new Uint8Array(0), value)
    if (ret.exitCode !== ExitCode.Ok) this.abort(ret.exitCode, `failed to send ${value} attoFIL to ${to.toString()}`)
  }

  async createActor (code: CID, id: Address, delegatedAddress: Address | null = null): Promise<void> {
    if (!this.receiver.equals(InitActorAddr)) this.abort(ExitCode.SysErrForbidden, 'only the init actor may create actors')
    if (id.protocol !== Protocol.ID) this.abort(ExitCode.SysErrIllegalArgument, `CreateActor needs an ID address, got ${id.toString()}`)
    if (this.registry.get(code) === undefined) this.abort(ExitCode.SysErrIllegalArgument, `cannot create actor with unknown code ${code.toString()}`)
    if (await this.#call.tree.getActor(id) !== null) this.abort(ExitCode.SysErrIllegalArgument, `actor address ${id.toString()} already exists`)
    this.#call.gas.charge(onCreateActor())
    await putBlock(this.#call.tree.store, EmptyObjectBytes)
    // The ID was handed out by init's address map (or is new), so the state tree can store under it directly.
    await this.#call.tree.setActor(id, { Code: code, Head: EmptyObjectCid, Nonce: 0n, Balance: 0n as TokenAmount, DelegatedAddress: delegatedAddress })
  }

  newActorAddress (): Address {
    // Lotus/FVM: CBOR(origin key address) || big-endian u64 origin nonce || big-endian u64 actors created so far.
    const origin = encodeCbor(addressCbor, this.#call.originKey)
    const buf = new Uint8Array(origin.length + 16)
    buf.set(origin, 0)
    const view = new DataView(buf.buffer)
    view.setBigUint64(origin.length, this.#call.originNonce)
    view.setBigUint64(origin.length + 8, BigInt(this.#call.actorsCreated))
    this.#call.actorsCreated++
    return newActorAddress(buf)
  }

  async resolveAddress (addr: Address): Promise<Address | null> {
    const id = await this.#call.tree.lookupId(addr)
    if (id === null) return null
    return await this.#call.tree.getActor(id) === null ? null : id
  }

  async getActorCodeCid (addr: Address): Promise<CID | null> {
    return (await this.#call.tree.getActor(addr))?.Code ?? null
  }

  abort (exitCode: number, message: string): never {
    throw new ActorError(exitCode, message)
  }

  chargeGas (name: string, gas: bigint): void {
    this.#call.gas.charge({ name, gas })
  }

  async getRandomnessFromTickets (dst: DomainSeparationTag, epoch: ChainEpoch, entropy: Uint8Array): Promise<Uint8Array> {
    return await this.#randomness().getChainRandomness(dst, epoch, entropy)
  }

  async getRandomnessFromBeacon (dst: DomainSeparationTag, epoch: ChainEpoch, entropy: Uint8Array): Promise<Uint8Array> {
    return await this.#randomness().getBeaconRandomness(dst, epoch, entropy)
  }

  async verifySignature (signature: Signature, signer: Address, plaintext: Uint8Array): Promise<boolean> {
    let key: Address
    try {
      key = await this.#call.tree.resolveToKeyAddress(signer)
    } catch (err) {
      if (err instanceof NelumboError) this.abort(ExitCode.ErrIllegalArgument, `cannot resolve signer ${signer.toString()}: ${err.message}`)
      throw err
    }
    this.#call.gas.charge(onVerifySignature(signature.type === SigType.BLS))
    return (this.#call.vm.syscalls ?? defaultSyscalls).verifySignature(signature, key, plaintext)
  }

  hashBlake2b (data: Uint8Array): Uint8Array {
    this.#call.gas.charge(onHashing())
    return (this.#call.vm.syscalls ?? defaultSyscalls).hashBlake2b(data)
  }

  async verifySeal (info: SealVerifyInfo): Promise<boolean> {
    this.#call.gas.charge(onVerifySeal())
    return await this.#proofs().verifySeal(info)
  }

  async verifyWindowPoSt (info: WindowPoStVerifyInfo): Promise<boolean> {
    this.#call.gas.charge(onVerifyPoSt(info.Proofs.length))
    return await this.#proofs().verifyWindowPoSt(info)
  }

  async computeUnsealedSectorCid (sealProof: number, pieces: PieceInfo[]): Promise<CID> {
    this.#call.gas.charge(onHashing())
    return await this.#proofs().computeUnsealedSectorCid(sealProof, pieces)
  }

  #randomness (): NonNullable<MessageCall['vm']['randomness']> {
    const r = this.#call.vm.randomness
    if (r === undefined) throw new VmFatalError('the VM was given no randomness source')
    return r
  }

  #proofs (): ProofVerifier {
    const p = this.#call.vm.proofs
    if (p === undefined) throw new VmFatalError('the VM was given no proof verifier')
    return p
  }

  async #createState<S> (codec: CborCodec<S>, state: S): Promise<void> {
    const actor = await this.#call.tree.requireActor(this.receiver)
    if (!actor.Head.equals(EmptyObjectCid)) this.abort(ExitCode.ErrIllegalState, `${this.receiver.toString()} already has state`)
    await this.#writeState(codec, state)
  }

  async #readState<S> (codec: CborCodec<S>): Promise<S> {
    const actor = await this.#call.tree.requireActor(this.receiver)
    const where = `${codec.name} of ${this.receiver.toString()}`
    const bytes = await getBlock(this.#call.store, actor.Head, where)
    try {
      return decodeCbor(codec, bytes, where)
    } catch (err) {
      if (err instanceof NelumboError) this.abort(ExitCode.ErrIllegalState, `failed to read state: ${err.message}`)
      throw err
    }
  }

  async #writeState<S> (codec: CborCodec<S>, state: S): Promise<void> {
    const head = await putBlock(this.#call.store, encodeCbor(codec, state))
    await this.#call.tree.mutateActor(this.receiver, (a) => ({ ...a, Head: head }))
  }

  async #transaction<S, R> (codec: CborCodec<S>, fn: (state: S) => R | Promise<R>): Promise<R> {
    if (this.#inTransaction) throw new VmFatalError(`nested state transaction in ${this.receiver.toString()}`)
    const state = await this.#readState(codec)
    this.#inTransaction = true
    let ret: R
    try {
      ret = await fn(state)
    } finally {
      this.#inTransaction = false
    }
    await this.#writeState(codec, state)
    return ret
  }
}
