import { test } from 'node:test'
import assert from 'node:assert/strict'
import { newIdAddress } from '../../../src/core/address/index.js'
import { decodeCbor, encodeCbor, cborTypes } from '../../../src/core/cbor/index.js'
import { sign } from '../../../src/core/crypto/index.js'
import type { MethodNum, TokenAmount } from '../../../src/core/types.js'
import {
  AccountActorCode, AccountMethods, authenticateMessageParamsCbor, builtinActorCode, builtinActorCodeName, CronActorAddr,
  CronMethods, cronStateCbor, execParamsCbor, InitActorAddr, InitMethods, RewardActorAddr, RewardMethods, StorageMinerActorCode,
  SystemActorAddr, thisEpochRewardReturnCbor, estimateValue, DefaultEpochReward, awardBlockRewardParamsCbor, applyRewardParamsCbor,
  setupGenesisActor, MinerApplyRewardsMethod, BurntFundsActorAddr
} from '../../../src/chain/actors/index.js'
import { anyCaller, applyImplicitMessage, applyMessage, defineActor, ExitCode, method } from '../../../src/chain/vm/index.js'
import { tuple } from '../../../src/core/cbor/struct.js'
import { fixture, message, signed } from '../vm/kit.js'

test('code CIDs are identity raw CIDs of fil/<version>/<name>', () => {
  assert.deepEqual(builtinActorCodeName(AccountActorCode), { version: 16, name: 'account' })
  assert.equal(AccountActorCode.code, 0x55)
  assert.equal(new TextDecoder().decode(builtinActorCode('storageminer', 7).multihash.digest), 'fil/7/storageminer')
})

test('account AuthenticateMessage accepts its key\'s signature and refuses others', async () => {
  const f = await fixture()
  const payload = new TextEncoder().encode('deal proposal bytes')
  const good = sign(f.keys[1]!, payload)
  const call = async (sigData: Uint8Array, nonce: bigint): Promise<number> => (await applyMessage(f.tree, signed(message({
    From: f.addrs[0]!, To: f.addrs[1]!, Nonce: nonce, Method: BigInt(AccountMethods.AuthenticateMessage) as MethodNum,
    Params: encodeCbor(authenticateMessageParamsCbor, { Signature: sigData, Message: payload })
  }), f.keys[0]!), f.vm)).receipt.ExitCode
  assert.equal(await call(good.data, 0n), ExitCode.Ok)
  assert.equal(await call(sign(f.keys[0]!, payload).data, 1n), ExitCode.ErrIllegalArgument)
})

test('init Exec refuses codes the caller may not create', async () => {
  const f = await fixture()
  const ret = await applyMessage(f.tree, signed(message({
    From: f.addrs[0]!, To: InitActorAddr, Method: BigInt(InitMethods.Exec) as MethodNum,
    Params: encodeCbor(execParamsCbor, { CodeCID: AccountActorCode, ConstructorParams: new Uint8Array(0) })
  }), f.keys[0]!), f.vm)
  assert.equal(ret.receipt.ExitCode, ExitCode.ErrForbidden)
})

test('reward ThisEpochReward reports the smoothed reward and baseline', async () => {
  const f = await fixture()
  const ret = await applyImplicitMessage(f.tree, message({ From: SystemActorAddr, To: RewardActorAddr, Method: BigInt(RewardMethods.ThisEpochReward) as MethodNum }), f.vm)
  assert.equal(ret.receipt.ExitCode, 0)
  const r = decodeCbor(thisEpochRewardReturnCbor, ret.receipt.Return)
  assert.equal(estimateValue(r.ThisEpochRewardSmoothed), DefaultEpochReward)
  assert.equal(r.ThisEpochBaselinePower, (5n << 60n) / 2n)
})

// A stand-in miner actor: takes ApplyRewards and records what it got.
const minerState = tuple('FakeMiner', { Got: cborTypes.tokenAmount, Penalty: cborTypes.tokenAmount })
const fakeMiner = defineActor({
  name: 'storageminer',
  code: StorageMinerActorCode,
  methods: {
    [MinerApplyRewardsMethod]: method({
      name: 'ApplyRewards',
      params: applyRewardParamsCbor,
      returns: null,
      callers: anyCaller,
      handler: async (rt, p) => { await rt.state.transaction(minerState, (s) => { s.Got = p.Reward; s.Penalty = p.Penalty }) }
    }),
    100: method({
      name: 'Tick',
      params: null,
      returns: null,
      callers: anyCaller,
      handler: async (rt) => { await rt.state.transaction(minerState, (s) => { s.Got = (s.Got + 1n) as TokenAmount }) }
    })
  }
})

test('block rewards reach a miner actor through ApplyRewards with the penalty', async () => {
  const f = await fixture({ extra: [fakeMiner] })
  const miner = newIdAddress(1000)
  await setupGenesisActor(f.tree, miner, StorageMinerActorCode, minerState, { Got: 0n as TokenAmount, Penalty: 0n as TokenAmount })
  const params = encodeCbor(awardBlockRewardParamsCbor, { Miner: miner, Penalty: 7n as TokenAmount, GasReward: 0n as TokenAmount, WinCount: 5n })
  const ret = await applyImplicitMessage(f.tree, message({ From: SystemActorAddr, To: RewardActorAddr, Method: BigInt(RewardMethods.AwardBlockReward) as MethodNum, Params: params }), f.vm)
  assert.equal(ret.receipt.ExitCode, 0, ret.error ?? '')
  const actor = (await f.tree.getActor(miner))!
  assert.equal(actor.Balance, DefaultEpochReward)
  assert.deepEqual(decodeCbor(minerState, (await f.store.get(actor.Head))!), { Got: DefaultEpochReward, Penalty: 7n })

  // Only the system may award rewards.
  const forbidden = await applyMessage(f.tree, signed(message({ From: f.addrs[0]!, To: RewardActorAddr, Method: BigInt(RewardMethods.AwardBlockReward) as MethodNum, Params: params }), f.keys[0]!), f.vm)
  assert.equal(forbidden.receipt.ExitCode, ExitCode.ErrForbidden)
})

test('a reward the miner cannot take is burnt', async () => {
  const f = await fixture()
  const notAMiner = newIdAddress(1)
  const burnt = (await f.tree.getActor(BurntFundsActorAddr))!.Balance
  const params = encodeCbor(awardBlockRewardParamsCbor, { Miner: notAMiner, Penalty: 0n as TokenAmount, GasReward: 0n as TokenAmount, WinCount: 1n })
  const ret = await applyImplicitMessage(f.tree, message({ From: SystemActorAddr, To: RewardActorAddr, Method: BigInt(RewardMethods.AwardBlockReward) as MethodNum, Params: params }), f.vm)
  assert.equal(ret.receipt.ExitCode, 0, ret.error ?? '')
  assert.equal((await f.tree.getActor(BurntFundsActorAddr))!.Balance - burnt, DefaultEpochReward / 5n)
})

test('cron calls every entry even when one fails', async () => {
  const f = await fixture({ extra: [fakeMiner] })
  const miner = newIdAddress(1000)
  await setupGenesisActor(f.tree, miner, StorageMinerActorCode, minerState, { Got: 0n as TokenAmount, Penalty: 0n as TokenAmount })
  const cronHead = (await f.tree.getActor(CronActorAddr))!.Head
  assert.deepEqual(decodeCbor(cronStateCbor, (await f.store.get(cronHead))!), { Entries: [] })
  const entries = [{ Receiver: miner, MethodNum: 99n as MethodNum }, { Receiver: miner, MethodNum: 100n as MethodNum }]
  await setupGenesisActor(f.tree, CronActorAddr, builtinActorCode('cron'), cronStateCbor, { Entries: entries })
  const ret = await applyImplicitMessage(f.tree, message({ From: SystemActorAddr, To: CronActorAddr, Method: BigInt(CronMethods.EpochTick) as MethodNum }), f.vm)
  assert.equal(ret.receipt.ExitCode, 0)
  assert.equal(decodeCbor(minerState, (await f.store.get((await f.tree.getActor(miner))!.Head))!).Got, 1n, 'second entry ran')
  const nope = await applyMessage(f.tree, signed(message({ From: f.addrs[0]!, To: CronActorAddr, Method: BigInt(CronMethods.EpochTick) as MethodNum }), f.keys[0]!), f.vm)
  assert.equal(nope.receipt.ExitCode, ExitCode.ErrForbidden)
})
