import { test } from 'node:test'
import assert from 'node:assert/strict'
import { newIdAddress } from '../../../src/core/address/index.js'
import { keyAddress } from '../../../src/core/crypto/index.js'
import { encodeCbor } from '../../../src/core/cbor/index.js'
import { cborTypes } from '../../../src/core/cbor/index.js'
import type { MethodNum, TokenAmount } from '../../../src/core/types.js'
import {
  AccountActorCode, AccountMethods, BurntFundsActorAddr, RewardActorAddr
} from '../../../src/chain/actors/index.js'
import { applyMessage, applyImplicitMessage, ExitCode, defineActor, method, anyCaller, InvalidMessageError } from '../../../src/chain/vm/index.js'
import { builtinActorCode } from '../../../src/chain/actors/index.js'
import { computeGasOutputs } from '../../../src/chain/gas/index.js'
import { tuple } from '../../../src/core/cbor/struct.js'
import { fixture, message, signed, testKey, FIL } from './kit.js'

const balanceOf = async (f: Awaited<ReturnType<typeof fixture>>, a: Parameters<typeof f.tree.getActor>[0]): Promise<bigint> =>
  (await f.tree.getActor(a))?.Balance ?? 0n

test('a value transfer moves the value, bumps the nonce and splits the gas payment as Lotus', async () => {
  const f = await fixture()
  const [a, b] = f.addrs as [typeof f.addrs[0], typeof f.addrs[0]]
  const before = { a: await balanceOf(f, a), b: await balanceOf(f, b), burnt: await balanceOf(f, BurntFundsActorAddr), reward: await balanceOf(f, RewardActorAddr) }
  const msg = message({ From: a, To: b, Value: (5n * FIL) as TokenAmount })
  const ret = await applyMessage(f.tree, signed(msg, f.keys[0]!), f.vm)
  assert.equal(ret.receipt.ExitCode, 0, ret.error ?? '')
  assert.ok(ret.receipt.GasUsed > 0n)
  const out = computeGasOutputs(ret.receipt.GasUsed, msg.GasLimit, f.vm.baseFee, msg.GasFeeCap, msg.GasPremium)
  assert.deepEqual(ret.gasCosts, out)
  assert.equal(await balanceOf(f, b), before.b + 5n * FIL)
  assert.equal(await balanceOf(f, a), before.a - 5n * FIL - out.BaseFeeBurn - out.OverEstimationBurn - out.MinerTip)
  assert.equal(await balanceOf(f, BurntFundsActorAddr), before.burnt + out.BaseFeeBurn + out.OverEstimationBurn)
  assert.equal(await balanceOf(f, RewardActorAddr), before.reward + out.MinerTip)
  assert.equal((await f.tree.getActor(a))!.Nonce, 1n)
})

test('sending to a new f1 address creates its account actor through init', async () => {
  const f = await fixture()
  const fresh = keyAddress(testKey(70))
  assert.equal(await f.tree.lookupId(fresh), null)
  const ret = await applyMessage(f.tree, signed(message({ From: f.addrs[0]!, To: fresh, Value: 1n as TokenAmount }), f.keys[0]!), f.vm)
  assert.equal(ret.receipt.ExitCode, 0, ret.error ?? '')
  const id = await f.tree.lookupId(fresh)
  assert.ok(id !== null)
  assert.equal(id.id(), 1000n, 'first ID after genesis is 1000')
  const actor = await f.tree.getActor(fresh)
  assert.ok(actor!.Code.equals(AccountActorCode))
  assert.equal(actor!.Balance, 1n)
  assert.ok((await f.tree.resolveToKeyAddress(id)).equals(fresh))
})

test('a wrong nonce or too small a balance fails the message without touching state', async () => {
  const f = await fixture({ balance: 1000n })
  const root = await f.tree.flush()
  const bad = await applyMessage(f.tree, signed(message({ From: f.addrs[0]!, To: f.addrs[1]!, Nonce: 3n }), f.keys[0]!), { ...f.vm, baseFee: 1n as TokenAmount })
  assert.equal(bad.receipt.ExitCode, ExitCode.SysErrSenderStateInvalid)
  assert.equal(bad.receipt.GasUsed, 0n)
  assert.equal(bad.gasCosts.MinerPenalty, 10_000_000n, 'miner pays baseFee × GasLimit')
  const poor = await applyMessage(f.tree, signed(message({ From: f.addrs[0]!, To: f.addrs[1]! }), f.keys[0]!), f.vm)
  assert.equal(poor.receipt.ExitCode, ExitCode.SysErrSenderStateInvalid)
  assert.match(poor.error ?? '', /balance less than needed/)
  const unknown = keyAddress(testKey(90))
  const ghost = await applyMessage(f.tree, message({ From: unknown, To: f.addrs[1]! }), f.vm)
  assert.equal(ghost.receipt.ExitCode, ExitCode.SysErrSenderInvalid)
  assert.ok((await f.tree.flush()).equals(root), 'state unchanged')
})

test('a value larger than the balance left after the gas deposit fails with SysErrInsufficientFunds and pays gas', async () => {
  const f = await fixture({ balance: 1n * FIL })
  const a = f.addrs[0]!
  const ret = await applyMessage(f.tree, signed(message({ From: a, To: f.addrs[1]!, Value: (1n * FIL) as TokenAmount }), f.keys[0]!), f.vm)
  assert.equal(ret.receipt.ExitCode, ExitCode.SysErrInsufficientFunds)
  assert.equal(await balanceOf(f, f.addrs[1]!), 1n * FIL)
  assert.equal((await f.tree.getActor(a))!.Nonce, 1n)
  assert.ok(await balanceOf(f, a) < 1n * FIL, 'gas was paid')
})

test('calling a method an actor does not have exits with ErrUnhandledMessage', async () => {
  const f = await fixture()
  const ret = await applyMessage(f.tree, signed(message({ From: f.addrs[0]!, To: f.addrs[1]!, Method: 77n as MethodNum }), f.keys[0]!), f.vm)
  assert.equal(ret.receipt.ExitCode, ExitCode.ErrUnhandledMessage)
  assert.ok(ret.receipt.GasUsed > 0n)
})

test('methods check their callers and parameters', async () => {
  const f = await fixture()
  // Only the system may construct an account.
  const forbidden = await applyMessage(f.tree, signed(message({
    From: f.addrs[0]!, To: f.addrs[1]!, Method: BigInt(AccountMethods.Constructor) as MethodNum, Params: encodeCbor(cborTypes.address, f.addrs[0]!)
  }), f.keys[0]!), f.vm)
  assert.equal(forbidden.receipt.ExitCode, ExitCode.ErrForbidden)
  const garbled = await applyMessage(f.tree, signed(message({
    From: f.addrs[0]!, To: f.addrs[1]!, Nonce: 1n, Method: BigInt(AccountMethods.AuthenticateMessage) as MethodNum, Params: Uint8Array.of(0x01)
  }), f.keys[0]!), f.vm)
  assert.equal(garbled.receipt.ExitCode, ExitCode.ErrSerialization)
  const ok = await applyMessage(f.tree, signed(message({
    From: f.addrs[0]!, To: f.addrs[1]!, Nonce: 2n, Method: BigInt(AccountMethods.PubkeyAddress) as MethodNum
  }), f.keys[0]!), f.vm)
  assert.equal(ok.receipt.ExitCode, 0)
  assert.deepEqual(ok.receipt.Return, encodeCbor(cborTypes.address, f.addrs[1]!))
})

// A test actor that changes its state, moves funds, then aborts: everything must roll back.
const counterCode = builtinActorCode('multisig', 99)
const counterState = tuple('Counter', { Count: cborTypes.uint64 })
const counterActor = defineActor({
  name: 'counter',
  code: counterCode,
  execableBy: 'any',
  methods: {
    1: method({ name: 'Constructor', params: null, returns: null, callers: anyCaller, handler: async (rt) => { await rt.state.create(counterState, { Count: 0n }) } }),
    2: method({
      name: 'IncrementThenFail',
      params: null,
      returns: null,
      callers: anyCaller,
      handler: async (rt) => {
        await rt.state.transaction(counterState, (s) => { s.Count++ })
        await rt.transfer(BurntFundsActorAddr, 1n as TokenAmount)
        rt.abort(ExitCode.ErrIllegalState, 'deliberate failure')
      }
    }),
    3: method({ name: 'Increment', params: null, returns: cborTypes.uint64, callers: anyCaller, handler: async (rt) => await rt.state.transaction(counterState, (s) => ++s.Count) }),
    5: method({
      name: 'CallFailingThenIncrement',
      params: null,
      returns: cborTypes.uint64,
      callers: anyCaller,
      handler: async (rt) => {
        const inner = await rt.send(rt.receiver, 2, new Uint8Array(0), 0n as TokenAmount)
        return BigInt(inner.exitCode) * 1000n + await rt.state.transaction(counterState, (s) => ++s.Count)
      }
    }),
    4: method({ name: 'Spin', params: null, returns: null, callers: anyCaller, handler: async (rt) => { for (;;) rt.chargeGas('spin', 1_000_000n) } })
  }
})

async function withCounter (): Promise<{ f: Awaited<ReturnType<typeof fixture>>, counter: ReturnType<typeof newIdAddress> }> {
  const f = await fixture({ extra: [counterActor] })
  const { InitMethods, execParamsCbor, execReturnCbor, InitActorAddr } = await import('../../../src/chain/actors/index.js')
  const { decodeCbor } = await import('../../../src/core/cbor/index.js')
  const ret = await applyMessage(f.tree, signed(message({
    From: f.addrs[0]!, To: InitActorAddr, Value: 10n as TokenAmount, Method: BigInt(InitMethods.Exec) as MethodNum,
    Params: encodeCbor(execParamsCbor, { CodeCID: counterCode, ConstructorParams: new Uint8Array(0) })
  }), f.keys[0]!), { ...f.vm })
  assert.equal(ret.receipt.ExitCode, 0, ret.error ?? '')
  const { IDAddress } = decodeCbor(execReturnCbor, ret.receipt.Return)
  return { f, counter: IDAddress }
}

test('init Exec creates an actor with an f2 address, runs its constructor and passes the value on', async () => {
  const { f, counter } = await withCounter()
  assert.equal(counter.id(), 1000n)
  const actor = await f.tree.getActor(counter)
  assert.ok(actor!.Code.equals(counterCode))
  assert.equal(actor!.Balance, 10n)
})

test('a failing actor call rolls back its state changes but the sender still pays gas', async () => {
  const { f, counter } = await withCounter()
  const rootBefore = (await f.tree.getActor(counter))!.Head
  const burntBefore = (await f.tree.getActor(BurntFundsActorAddr))!.Balance
  const senderBefore = (await f.tree.getActor(f.addrs[0]!))!
  const msg = message({ From: f.addrs[0]!, To: counter, Nonce: 1n, Method: 2n as MethodNum })
  const ret = await applyMessage(f.tree, signed(msg, f.keys[0]!), f.vm)
  assert.equal(ret.receipt.ExitCode, ExitCode.ErrIllegalState)
  assert.match(ret.error ?? '', /deliberate failure/)
  assert.ok((await f.tree.getActor(counter))!.Head.equals(rootBefore), 'counter state reverted')
  const burntAfter = (await f.tree.getActor(BurntFundsActorAddr))!.Balance
  assert.equal(burntAfter - burntBefore, ret.gasCosts.BaseFeeBurn + ret.gasCosts.OverEstimationBurn, 'only gas burnt, not the 1 attoFIL')
  const senderAfter = (await f.tree.getActor(f.addrs[0]!))!
  assert.equal(senderAfter.Nonce, 2n)
  assert.equal(senderBefore.Balance - senderAfter.Balance, ret.gasCosts.BaseFeeBurn + ret.gasCosts.OverEstimationBurn + ret.gasCosts.MinerTip)

  const inc = await applyMessage(f.tree, signed(message({ From: f.addrs[0]!, To: counter, Nonce: 2n, Method: 3n as MethodNum }), f.keys[0]!), f.vm)
  assert.equal(inc.receipt.ExitCode, 0)
  assert.deepEqual(inc.receipt.Return, encodeCbor(cborTypes.uint64, 1n))
})

test('running out of gas exits with SysErrOutOfGas, uses the whole limit and reverts', async () => {
  const { f, counter } = await withCounter()
  const msg = message({ From: f.addrs[0]!, To: counter, Nonce: 1n, Method: 4n as MethodNum, GasLimit: 5_000_000n })
  const ret = await applyMessage(f.tree, signed(msg, f.keys[0]!), f.vm)
  assert.equal(ret.receipt.ExitCode, ExitCode.SysErrOutOfGas)
  assert.equal(ret.receipt.GasUsed, 5_000_000n)
  const tiny = await applyMessage(f.tree, signed(message({ From: f.addrs[0]!, To: counter, Nonce: 2n, GasLimit: 1000n }), f.keys[0]!), f.vm)
  assert.equal(tiny.receipt.ExitCode, ExitCode.SysErrOutOfGas)
  assert.equal(tiny.receipt.GasUsed, 0n)
})

test('a message with no gas limit cannot be applied at all', async () => {
  const f = await fixture()
  await assert.rejects(applyMessage(f.tree, message({ From: f.addrs[0]!, To: f.addrs[1]!, GasLimit: 0n }), f.vm), InvalidMessageError)
})

test('implicit messages pay no gas and need no nonce', async () => {
  const f = await fixture()
  const { SystemActorAddr } = await import('../../../src/chain/actors/index.js')
  const before = await f.tree.flush()
  const ret = await applyImplicitMessage(f.tree, message({ From: SystemActorAddr, To: f.addrs[0]!, Nonce: 42n, GasFeeCap: 0n as TokenAmount, GasPremium: 0n as TokenAmount, Method: BigInt(AccountMethods.PubkeyAddress) as MethodNum }), f.vm)
  assert.equal(ret.receipt.ExitCode, 0)
  assert.equal(ret.receipt.GasUsed, 0n)
  assert.ok((await f.tree.flush()).equals(before))
  assert.ok(newIdAddress(0).equals(SystemActorAddr))
})

test('an internal send that fails is reverted on its own and the caller carries on', async () => {
  const { f, counter } = await withCounter()
  const burnt = (await f.tree.getActor(BurntFundsActorAddr))!.Balance
  const ret = await applyMessage(f.tree, signed(message({ From: f.addrs[0]!, To: counter, Nonce: 1n, Method: 5n as MethodNum }), f.keys[0]!), f.vm)
  assert.equal(ret.receipt.ExitCode, 0, ret.error ?? '')
  // Inner exit code 20 (ErrIllegalState); the count is 1, not 2: the inner increment was rolled back.
  assert.deepEqual(ret.receipt.Return, encodeCbor(cborTypes.uint64, 20_001n))
  assert.equal((await f.tree.getActor(BurntFundsActorAddr))!.Balance - burnt, ret.gasCosts.BaseFeeBurn + ret.gasCosts.OverEstimationBurn)
})
