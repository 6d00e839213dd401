/**
 * The VM: actors as data, the runtime they get, message application and tipset execution.
 *
 * @example
 * const { tree } = await makeInitialState(store, { networkName: 'devnet', accounts })
 * const vm = { epoch, networkVersion: 25, baseFee, registry: newActorRegistry() }
 * const ret = await applyMessage(tree, signedMessage, vm) // ret.receipt: ExitCode, Return, GasUsed
 * const root = await tree.flush()
 */
export { ExitCode, exitCodeName, isSystemExitCode } from './exitcode.js'
export { ActorError, VmFatalError, InvalidMessageError } from './errors.js'
export {
  type CallerRule, anyCaller, signableCaller, callerIs, callerCodeIs, type ActorMethod, type MethodEntry, method,
  type ActorDefinition, defineActor, ActorRegistry
} from './actor.js'
export type { Runtime, StateAccess, SendResult } from './runtime.js'
export { DomainSeparationTag, type Randomness } from './randomness.js'
export {
  type Syscalls, defaultSyscalls, type ProofVerifier, type SealVerifyInfo, type WindowPoStVerifyInfo, type PoStProof,
  type ProvenSectorInfo, type SectorId, type PieceInfo
} from './syscalls.js'
export { type VmContext, EmptyObjectCid, MaxCallDepth } from './context.js'
export { type MessageReceipt, messageReceiptCbor, messageReceiptJson } from './receipt.js'
export {
  type ChainMessage, type ApplyRet, applyMessage, applyImplicitMessage, isSignedMessage, vmMessage, chainMessageCid
} from './apply.js'
export { type TipsetBlock, type ApplyTipsetParams, type ApplyTipsetResult, applyTipset } from './execute.js'
