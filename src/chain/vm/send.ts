import { encodeCbor } from '../../core/cbor/index.js'
import { address as addressCbor } from '../../core/cbor/scalars.js'
import { Protocol, type Address } from '../../core/address/index.js'
import { putBlock } from '../../core/ipld/index.js'
import type { TokenAmount } from '../../core/types.js'
import { AccountActorCode } from '../actors/builtin/codes.js'
import { SystemActorAddr } from '../actors/builtin/addresses.js'
import { onCreateActor, onMethodInvocation, OutOfGasError } from '../gas/index.js'
import type { Actor } from '../state/index.js'
import type { CallerRule } from './actor.js'
import { EmptyObjectBytes, EmptyObjectCid, MaxCallDepth, type MessageCall } from './context.js'
import { ActorError, VmFatalError } from './errors.js'
import { ExitCode } from './exitcode.js'
import { InvocationRuntime } from './invocation-runtime.js'
import type { SendResult } from './runtime.js'

/** A send's outcome with the error behind a non-zero exit code, for receipts and traces. */
export interface SendOutcome extends SendResult {
  error?: ActorError
}

const empty = new Uint8Array(0)

/**
 * One actor call (top-level or internal) as FVM makes it, in its own state snapshot: charge
 * the call, find or auto-create the receiver, move the value, run the method. An actor error
 * reverts the call's changes and comes back as an exit code; running out of gas reverts and
 * propagates to the message; anything else is fatal.
 */
export async function send (
  call: MessageCall, from: Address, to: Address, method: bigint, params: Uint8Array, value: TokenAmount, depth: number
): Promise<SendOutcome> {
  call.tree.snapshot()
  try {
    const ret = await invoke(call, from, to, method, params, value, depth)
    call.tree.clearSnapshot()
    return { exitCode: ExitCode.Ok, return: ret }
  } catch (err) {
    call.tree.revert()
    if (err instanceof ActorError) return { exitCode: err.exitCode, return: empty, error: err }
    if (err instanceof OutOfGasError || err instanceof VmFatalError) throw err
    const why = err instanceof Error ? err.message : String(err)
    throw new VmFatalError(`fatal error calling method ${method} of ${to.toString()} from ${from.toString()}: ${why}`, { cause: err })
  }
}

async function invoke (
  call: MessageCall, from: Address, to: Address, method: bigint, params: Uint8Array, value: TokenAmount, depth: number
): Promise<Uint8Array> {
  if (depth > MaxCallDepth) throw new ActorError(ExitCode.SysErrForbidden, `call depth exceeded (${MaxCallDepth})`)
  call.gas.charge(onMethodInvocation(value, method))
  if (value < 0n) throw new ActorError(ExitCode.SysErrIllegalArgument, `attempted to transfer negative value ${value}`)

  const found = await call.tree.lookupId(to)
  const existing = found === null ? null : await call.tree.getActor(found)
  const toId = found !== null && existing !== null ? found : await createAccountActor(call, to, depth)
  const toActor = existing ?? await call.tree.requireActor(toId)
  if (value > 0n) await transfer(call, from, toId, value)
  if (method === 0n) return empty

  const def = call.vm.registry.get(toActor.Code)
  if (def === undefined) throw new VmFatalError(`actor ${toId.toString()} has unknown code ${toActor.Code.toString()}`)
  const entry = def.methods.get(method)
  if (entry === undefined) throw new ActorError(ExitCode.ErrUnhandledMessage, `${def.name} actor has no method ${method}`)
  await checkCaller(call, entry.callers, from, def.name, entry.name)

  const rt = new InvocationRuntime(call, { receiver: toId, caller: from, value, depth }, send)
  return await entry.invoke(rt, params)
}

/**
 * A value sent to an unknown f1/f3 address creates an account actor there (Lotus
 * `TryCreateAccountActor`): the init actor gives it an ID and the system calls its constructor.
 */
async function createAccountActor (call: MessageCall, to: Address, depth: number): Promise<Address> {
  if (to.protocol !== Protocol.SECP256K1 && to.protocol !== Protocol.BLS) {
    throw new ActorError(ExitCode.SysErrInvalidReceiver, `no actor at ${to.toString()}`)
  }
  call.gas.charge(onCreateActor())
  const id = await call.tree.registerNewAddress(to)
  await putBlock(call.tree.store, EmptyObjectBytes)
  const actor: Actor = { Code: AccountActorCode, Head: EmptyObjectCid, Nonce: 0n, Balance: 0n as TokenAmount, DelegatedAddress: null }
  await call.tree.setActor(id, actor)
  const ret = await send(call, SystemActorAddr, id, 1n, encodeCbor(addressCbor, to), 0n as TokenAmount, depth + 1)
  if (ret.exitCode !== ExitCode.Ok) {
    throw new ActorError(ret.exitCode, `failed to construct account actor for ${to.toString()}: ${ret.error?.message ?? ''}`)
  }
  return id
}

/** Moves `value` between two actors (both must exist); SysErrInsufficientFunds if the sender lacks it. */
export async function transfer (call: MessageCall, from: Address, to: Address, value: TokenAmount): Promise<void> {
  const fromActor = await call.tree.getActor(from)
  if (fromActor === null) throw new ActorError(ExitCode.SysErrSenderInvalid, `transfer from unknown actor ${from.toString()}`)
  if (fromActor.Balance < value) {
    throw new ActorError(ExitCode.SysErrInsufficientFunds, `${from.toString()} has ${fromActor.Balance} attoFIL, cannot send ${value}`)
  }
  const toActor = await call.tree.getActor(to)
  if (toActor === null) throw new ActorError(ExitCode.SysErrInvalidReceiver, `transfer to unknown actor ${to.toString()}`)
  if (from.equals(to)) return
  await call.tree.setActor(from, { ...fromActor, Balance: (fromActor.Balance - value) as TokenAmount })
  await call.tree.setActor(to, { ...toActor, Balance: (toActor.Balance + value) as TokenAmount })
}

async function checkCaller (call: MessageCall, rule: CallerRule, caller: Address, actor: string, method: string): Promise<void> {
  let ok: boolean
  switch (rule.kind) {
    case 'any':
      return
    case 'addresses':
      ok = rule.addresses.some((a) => a.equals(caller))
      break
    case 'signable':
    case 'codes': {
      const code = (await call.tree.getActor(caller))?.Code
      ok = code !== undefined && (rule.kind === 'signable' ? call.vm.registry.isAccount(code) : rule.codes.some((c) => c.equals(code)))
      break
    }
  }
  if (!ok) throw new ActorError(ExitCode.ErrForbidden, `caller ${caller.toString()} may not call ${actor}.${method}`)
}
