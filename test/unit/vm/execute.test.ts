import { test } from 'node:test'
import assert from 'node:assert/strict'
import { newIdAddress } from '../../../src/core/address/index.js'
import { cborTypes } from '../../../src/core/cbor/index.js'
import { tuple } from '../../../src/core/cbor/struct.js'
import type { ChainEpoch, MethodNum, TokenAmount } from '../../../src/core/types.js'
import {
  builtinActorCode, ExpectedLeadersPerEpoch, DefaultEpochReward, RewardActorAddr, CronActorAddr, setupGenesisActor
} from '../../../src/chain/actors/index.js'
import { StateTree } from '../../../src/chain/state/index.js'
import { readAmt0 } from '../../../src/chain/types/amt0.js'
import {
  applyTipset, callerIs, defineActor, method, messageReceiptCbor, ExitCode, type ApplyTipsetParams
} from '../../../src/chain/vm/index.js'
import { fixture, message, signed, testKey, FIL } from './kit.js'
import { keyAddress } from '../../../src/core/crypto/index.js'

// A test actor cron calls each epoch; it records the epochs it saw.
const tickerCode = builtinActorCode('storagepower', 99)
const tickerState = tuple('Ticker', { Epochs: cborTypes.array(cborTypes.int) })
const tickerId = newIdAddress(4)
const ticker = defineActor({
  name: 'ticker',
  code: tickerCode,
  methods: {
    5: method({
      name: 'OnEpochTickEnd',
      params: null,
      returns: null,
      callers: callerIs(CronActorAddr),
      handler: async (rt) => { await rt.state.transaction(tickerState, (s) => { s.Epochs.push(rt.currentEpoch) }) }
    })
  }
})

async function setup (): Promise<{ f: Awaited<ReturnType<typeof fixture>>, root: Awaited<ReturnType<StateTree['flush']>> }> {
  const f = await fixture({ extra: [ticker], cronEntries: [{ Receiver: tickerId, MethodNum: 5n as MethodNum }] })
  await setupGenesisActor(f.tree, tickerId, tickerCode, tickerState, { Epochs: [] })
  return { f, root: await f.tree.flush() }
}

function params (f: Awaited<ReturnType<typeof fixture>>, root: ApplyTipsetParams['parentStateRoot'], over: Partial<ApplyTipsetParams>): ApplyTipsetParams {
  return {
    store: f.store,
    parentStateRoot: root,
    parentEpoch: 0 as ChainEpoch,
    epoch: 1 as ChainEpoch,
    blocks: [],
    baseFee: 100n as TokenAmount,
    vm: () => ({ networkVersion: 25, registry: f.registry }),
    ...over
  }
}

test('cron runs once for every null round and once for the tipset epoch', async () => {
  const { f, root } = await setup()
  const miner = f.addrs[1]!
  const res = await applyTipset(params(f, root, { parentEpoch: 3 as ChainEpoch, epoch: 7 as ChainEpoch, blocks: [{ miner, winCount: 1, blsMessages: [], secpMessages: [] }] }))
  const tree = await StateTree.load(f.store, res.stateRoot)
  const { decodeCbor } = await import('../../../src/core/cbor/index.js')
  const st = decodeCbor(tickerState, (await f.store.get((await tree.getActor(tickerId))!.Head))!)
  assert.deepEqual(st.Epochs, [4, 5, 6, 7])
  assert.equal(res.receipts.length, 0)
})

test('a message in two blocks is applied once; receipts go into a v0 AMT; rewards and tips are paid', async () => {
  const { f, root } = await setup()
  const [alice, bob, carol] = [f.addrs[0]!, f.addrs[1]!, keyAddress(testKey(50))]
  const m1 = signed(message({ From: alice, To: carol, Value: 3n as TokenAmount }), f.keys[0]!)
  const m2 = signed(message({ From: alice, To: carol, Nonce: 1n, Value: 4n as TokenAmount }), f.keys[0]!)
  const before = await StateTree.load(f.store, root)
  const bobBefore = (await before.getActor(bob))!.Balance
  const rewardBefore = (await before.getActor(RewardActorAddr))!.Balance

  const applied: string[] = []
  const res = await applyTipset(params(f, root, {
    blocks: [
      { miner: bob, winCount: 2, blsMessages: [], secpMessages: [m1] },
      { miner: bob, winCount: 1, blsMessages: [], secpMessages: [m1, m2] }
    ],
    onMessageApplied: (cid, _m, _r, implicit) => { if (!implicit) applied.push(cid.toString()) }
  }))
  assert.equal(res.receipts.length, 2)
  assert.equal(applied.length, 2)
  assert.ok(res.receipts.every((r) => r.ExitCode === ExitCode.Ok))
  assert.equal(res.gasUsed, res.receipts[0]!.GasUsed + res.receipts[1]!.GasUsed)
  const stored = await readAmt0(f.store, res.receiptsRoot, 'receipts')
  assert.deepEqual(stored.map((v) => messageReceiptCbor.fromCbor(v, 'r')), res.receipts)

  const after = await StateTree.load(f.store, res.stateRoot)
  const tips = res.receipts.reduce((sum) => sum + 500n * 10_000_000n, 0n)
  const blockRewards = DefaultEpochReward * 3n / ExpectedLeadersPerEpoch
  assert.equal((await after.getActor(bob))!.Balance - bobBefore, blockRewards + tips)
  assert.equal(rewardBefore - (await after.getActor(RewardActorAddr))!.Balance, blockRewards)
  assert.equal((await after.getActor(carol))!.Balance, 7n)
  assert.equal((await after.getActor(alice))!.Nonce, 2n)
})

test('tipset execution is deterministic and keeps the parent state readable', async () => {
  const { f, root } = await setup()
  const m = signed(message({ From: f.addrs[0]!, To: f.addrs[1]!, Value: FIL as TokenAmount }), f.keys[0]!)
  const p = params(f, root, { parentEpoch: 1 as ChainEpoch, epoch: 3 as ChainEpoch, blocks: [{ miner: f.addrs[1]!, winCount: 1, blsMessages: [], secpMessages: [m] }] })
  const a = await applyTipset(p)
  const b = await applyTipset(p)
  assert.ok(a.stateRoot.equals(b.stateRoot))
  assert.ok(a.receiptsRoot.equals(b.receiptsRoot))
  const parent = await StateTree.load(f.store, root)
  assert.equal((await parent.getActor(f.addrs[0]!))!.Nonce, 0n)
})

test('a failed message still gets its receipt and the block still pays out', async () => {
  const { f, root } = await setup()
  const bad = signed(message({ From: f.addrs[0]!, To: f.addrs[1]!, Nonce: 5n }), f.keys[0]!)
  const res = await applyTipset(params(f, root, { blocks: [{ miner: f.addrs[1]!, winCount: 1, blsMessages: [], secpMessages: [bad] }] }))
  assert.equal(res.receipts[0]!.ExitCode, ExitCode.SysErrSenderStateInvalid)
})
