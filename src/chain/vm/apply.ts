import { Protocol, type Address } from '../../core/address/index.js'
import type { CID } from '../../core/cid.js'
import {
  messageCid, serializeMessage, signedMessageChainLength, signedMessageCid, type Message, type SignedMessage
} from '../../core/message/index.js'
import type { TokenAmount } from '../../core/types.js'
import { BurntFundsActorAddr, RewardActorAddr } from '../actors/builtin/addresses.js'
import {
  computeGasOutputs, GasTracker, onChainMessage, onChainReturnValue, OutOfGasError, zeroGasOutputs, type GasOutputs
} from '../gas/index.js'
import type { StateTree } from '../state/index.js'
import { gasChargingStore, type MessageCall, type VmContext } from './context.js'
import { InvalidMessageError, VmFatalError } from './errors.js'
import { ExitCode, exitCodeName } from './exitcode.js'
import type { MessageReceipt } from './receipt.js'
import { send, type SendOutcome } from './send.js'

/** A message as it sits in a block: BLS messages unsigned, secp256k1 ones signed. */
export type ChainMessage = Message | SignedMessage

/** What applying a message produced (Lotus `vm.ApplyRet`). */
export interface ApplyRet {
  receipt: MessageReceipt
  gasCosts: GasOutputs
  /** Gas the call consumed; for implicit messages too (StateCall, gas estimation), though their receipts say 0. */
  gasUsed: bigint
  /** Why the exit code is not 0, for logs and StateReplay-like output. */
  error: string | null
  /** The message's CID as the chain names it (signed CID for secp256k1). */
  cid: CID
}

export function isSignedMessage (m: ChainMessage): m is SignedMessage {
  return 'Signature' in m && 'Message' in m
}

/** The unsigned message inside a chain message (Lotus `VMMessage`). */
export function vmMessage (m: ChainMessage): Message {
  return isSignedMessage(m) ? m.Message : m
}

export function chainMessageCid (m: ChainMessage): CID {
  return isSignedMessage(m) ? signedMessageCid(m) : messageCid(m)
}

function chainLength (m: ChainMessage): number {
  return isSignedMessage(m) ? signedMessageChainLength(m) : serializeMessage(m).length
}

const empty = new Uint8Array(0)

function rejected (cid: CID, exitCode: ExitCode, penalty: bigint, why: string): ApplyRet {
  const gasCosts = zeroGasOutputs()
  gasCosts.MinerPenalty = penalty as TokenAmount
  return { receipt: { ExitCode: exitCode, Return: empty, GasUsed: 0n, EventsRoot: null }, gasCosts, gasUsed: 0n, error: why, cid }
}

/**
 * Applies one message to `tree` as Lotus `ApplyMessage` does: checks the sender (exists, is an
 * account, nonce, balance for GasFeeCap × GasLimit) without touching state if they fail, then
 * takes the gas deposit, bumps the nonce, runs the call in a snapshot (reverted on a non-zero
 * exit code) and splits the deposit: base fee and over-estimation burnt, tip to the reward
 * actor for the block's miner, the rest refunded.
 */
export async function applyMessage (tree: StateTree, chainMsg: ChainMessage, vm: VmContext): Promise<ApplyRet> {
  const msg = vmMessage(chainMsg)
  const cid = chainMessageCid(chainMsg)
  if (msg.GasLimit <= 0n) throw new InvalidMessageError(`message ${cid.toString()} has no positive gas limit (${msg.GasLimit})`)
  if (msg.Value < 0n) throw new InvalidMessageError(`message ${cid.toString()} has a negative value (${msg.Value})`)

  const msgGas = onChainMessage(chainLength(chainMsg))
  if (msgGas.gas > msg.GasLimit) {
    return rejected(cid, ExitCode.SysErrOutOfGas, vm.baseFee * msgGas.gas, 'message gas limit does not cover on-chain gas costs')
  }
  const penalty = vm.baseFee * msg.GasLimit
  const fromId = await tree.lookupId(msg.From)
  const fromActor = fromId === null ? null : await tree.getActor(fromId)
  if (fromId === null || fromActor === null) return rejected(cid, ExitCode.SysErrSenderInvalid, penalty, `actor not found: ${msg.From.toString()}`)
  if (!vm.registry.isAccount(fromActor.Code)) {
    return rejected(cid, ExitCode.SysErrSenderInvalid, penalty, `send from not account actor: ${fromActor.Code.toString()}`)
  }
  if (msg.Nonce !== fromActor.Nonce) {
    return rejected(cid, ExitCode.SysErrSenderStateInvalid, penalty, `actor nonce invalid: msg:${msg.Nonce} != state:${fromActor.Nonce}`)
  }
  const gasCost = msg.GasLimit * msg.GasFeeCap
  if (fromActor.Balance < gasCost) {
    return rejected(cid, ExitCode.SysErrSenderStateInvalid, penalty, `actor balance less than needed: ${fromActor.Balance} < ${gasCost}`)
  }

  // The deposit leaves the sender before the call, and the nonce moves, whatever the call does.
  await tree.setActor(fromId, { ...fromActor, Balance: (fromActor.Balance - gasCost) as TokenAmount, Nonce: fromActor.Nonce + 1n })

  const gas = new GasTracker(msg.GasLimit)
  gas.charge(msgGas)
  const call = newCall(tree, vm, gas, fromId, await originKey(tree, msg.From, fromId), msg.Nonce)
  tree.snapshot()
  let outcome: SendOutcome
  let why: string | null = null
  try {
    outcome = await send(call, fromId, msg.To, msg.Method, msg.Params, msg.Value, 0)
    if (outcome.return.length > 0) gas.charge(onChainReturnValue(outcome.return.length))
    if (outcome.exitCode !== ExitCode.Ok) why = outcome.error?.message ?? exitCodeName(outcome.exitCode)
  } catch (err) {
    if (!(err instanceof OutOfGasError)) {
      tree.revert()
      throw err
    }
    outcome = { exitCode: ExitCode.SysErrOutOfGas, return: empty }
    why = `${exitCodeName(ExitCode.SysErrOutOfGas)}: ${err.message}`
  }
  if (outcome.exitCode === ExitCode.Ok) tree.clearSnapshot()
  else tree.revert()

  const gasUsed = gas.used < 0n ? 0n : gas.used
  const gasCosts = computeGasOutputs(gasUsed, msg.GasLimit, vm.baseFee, msg.GasFeeCap, msg.GasPremium, true)
  await credit(tree, BurntFundsActorAddr, gasCosts.BaseFeeBurn + gasCosts.OverEstimationBurn)
  await credit(tree, RewardActorAddr, gasCosts.MinerTip)
  await credit(tree, fromId, gasCosts.Refund)
  if (gasCosts.BaseFeeBurn + gasCosts.OverEstimationBurn + gasCosts.MinerTip + gasCosts.Refund !== gasCost) {
    throw new VmFatalError(`gas handling math is wrong for ${cid.toString()}`)
  }
  return {
    receipt: { ExitCode: outcome.exitCode, Return: outcome.exitCode === ExitCode.Ok ? outcome.return : empty, GasUsed: gasUsed, EventsRoot: null },
    gasCosts,
    gasUsed,
    error: why,
    cid
  }
}

/**
 * Applies a message the system sends on its own (cron ticks, block rewards), as Lotus
 * `ApplyImplicitMessage`: no sender checks, no nonce, no gas payment, GasUsed 0 in the receipt.
 */
export async function applyImplicitMessage (tree: StateTree, msg: Message, vm: VmContext): Promise<ApplyRet> {
  const cid = messageCid(msg)
  const fromId = (await tree.lookupId(msg.From)) ?? msg.From
  const gas = new GasTracker(msg.GasLimit)
  const call = newCall(tree, vm, gas, fromId, msg.From, msg.Nonce)
  let outcome: SendOutcome
  let why: string | null = null
  try {
    outcome = await send(call, fromId, msg.To, msg.Method, msg.Params, msg.Value, 0)
    if (outcome.exitCode !== ExitCode.Ok) why = outcome.error?.message ?? exitCodeName(outcome.exitCode)
  } catch (err) {
    if (!(err instanceof OutOfGasError)) throw err
    outcome = { exitCode: ExitCode.SysErrOutOfGas, return: empty }
    why = err.message
  }
  return {
    receipt: { ExitCode: outcome.exitCode, Return: outcome.return, GasUsed: 0n, EventsRoot: null },
    gasCosts: zeroGasOutputs(),
    gasUsed: gas.used,
    error: why,
    cid
  }
}

function newCall (tree: StateTree, vm: VmContext, gas: GasTracker, origin: Address, key: Address, nonce: bigint): MessageCall {
  return { vm, tree, gas, store: gasChargingStore(tree.store, gas), origin, originKey: key, originNonce: nonce, actorsCreated: 0 }
}

/** The sender's key address, for robust addresses of actors it creates. */
async function originKey (tree: StateTree, from: Address, fromId: Address): Promise<Address> {
  if (from.protocol !== Protocol.ID) return from
  return await tree.resolveToKeyAddress(fromId)
}

async function credit (tree: StateTree, to: Address, amount: bigint): Promise<void> {
  if (amount === 0n) return
  await tree.mutateActor(to, (a) => ({ ...a, Balance: (a.Balance + amount) as TokenAmount }))
}
