import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { Registry } from 'prom-client'
import type { Partition } from '../../../src/api/fullnode/types/miner.js'
import { newIdAddress } from '../../../src/core/address/index.js'
import { BitField } from '../../../src/core/bitfield/index.js'
import type { SignedMessage } from '../../../src/core/message/index.js'
import type { MethodNum, TokenAmount } from '../../../src/core/types.js'
import {
  batchPartitions, chainCommitEpoch, deadlineAfter, MiningSubsystem, provingSettings, sectorDirFiles, selectMessages, selectPoStAddress,
  type MiningChainApi
} from '../../../src/mining/index.js'
import { DevProver } from '../../../src/proofs/index.js'
import { FakeChain, MINER, minerConfig, OWNER_ID, quietLog, WORKER_ID } from './fakes.js'

function part (live: number[], recovering: number[] = []): Partition {
  const l = BitField.fromArray(live)
  return { AllSectors: l, LiveSectors: l, ActiveSectors: l, FaultySectors: BitField.fromArray(recovering), RecoveringSectors: BitField.fromArray(recovering) }
}

describe('mining parts', () => {
  it('deadlineAfter wraps into the next proving period', () => {
    const chain = new FakeChain()
    const d3 = chain.deadlineAt(35)
    const next = deadlineAfter(d3, 2)
    assert.deepEqual([next.Index, next.PeriodStart, next.Open, next.Close, next.Challenge, next.FaultCutoff], [1, 40, 50, 60, 47, 45])
    assert.deepEqual(next, { ...chain.deadlineAt(50), CurrentEpoch: 35 })
  })

  it('batches partitions in order, and a recovering partition alone when configured', () => {
    const parts = [part([1]), part([2], [2]), part([3]), part([4])]
    const idx = (b: ReturnType<typeof batchPartitions>): number[][] => b.map((x) => x.map((p) => p.index))
    assert.deepEqual(idx(batchPartitions(parts, provingSettings(minerConfig().Proving))), [[0, 1, 2], [3]])
    assert.deepEqual(idx(batchPartitions(parts, provingSettings(minerConfig((c) => { c.Proving.MaxPartitionsPerPoStMessage = 5 }).Proving))), [[0, 1, 2], [3]], 'never above the network limit')
    assert.deepEqual(idx(batchPartitions(parts, provingSettings(minerConfig((c) => { c.Proving.SingleRecoveringPartitionPerPostMessage = true }).Proving))), [[0], [1], [2, 3]])
  })

  it('reads [Proving] durations and limits', () => {
    const s = provingSettings(minerConfig((c) => { c.Proving.SingleCheckTimeout = '1m30s'; c.Proving.ParallelCheckLimit = 4 }).Proving)
    assert.equal(s.singleCheckTimeoutMs, 90_000)
    assert.equal(s.partitionCheckTimeoutMs, 20 * 60_000)
    assert.equal(s.parallelCheckLimit, 4)
  })

  it('commits to a ticket at least the challenge lookback deep, never before the challenge', () => {
    const chain = new FakeChain()
    const di = chain.deadlineAt(10)
    assert.equal(chainCommitEpoch(di, chain.tipset(14, 'x')), 11)
    assert.equal(chainCommitEpoch(di, chain.tipset(8, 'x')), di.Challenge)
  })

  it('selectPoStAddress: a free control address first, then the worker; configured addresses are left alone', async () => {
    const chain = new FakeChain()
    const c1 = newIdAddress(1100)
    const c2 = newIdAddress(1101)
    const balances = new Map([[c1.toString(), 10n], [c2.toString(), 10n ** 20n], [WORKER_ID.toString(), 10n ** 20n]])
    const info = await chain.api.StateMinerInfo(MINER, chain.head.key)
    const api: MiningChainApi = {
      ...chain.api,
      StateMinerInfo: async () => ({ ...info, ControlAddresses: [c1, c2] }),
      WalletBalance: async (a) => (balances.get(a.toString()) ?? 0n) as TokenAmount
    }
    const cfg = minerConfig().Addresses
    assert.equal((await selectPoStAddress(api, MINER, cfg, 10n ** 18n)).toString(), c2.toString())
    const claimed = minerConfig((c) => { c.Addresses.CommitControl = [c2.toString()] }).Addresses
    assert.equal((await selectPoStAddress(api, MINER, claimed, 10n ** 18n)).toString(), WORKER_ID.toString(), 'c2 belongs to commits; c1 is too poor')
    const noWorker = minerConfig((c) => { c.Addresses.CommitControl = [c2.toString()]; c.Addresses.DisableWorkerFallback = true; c.Addresses.DisableOwnerFallback = true }).Addresses
    assert.equal((await selectPoStAddress(api, MINER, noWorker, 10n ** 18n)).toString(), c1.toString(), 'the richest candidate when none has enough')
    assert.notEqual(OWNER_ID.toString(), c1.toString())
  })

  it('selectMessages keeps each sender\'s nonces contiguous and the block gas limit', () => {
    const from = (id: number): ReturnType<typeof newIdAddress> => newIdAddress(id)
    const msg = (sender: number, nonce: bigint, premium: bigint, gas = 1000n): SignedMessage => ({
      Message: { Version: 0, To: from(99), From: from(sender), Nonce: nonce, Value: 0n as TokenAmount, GasLimit: gas, GasFeeCap: 0n as TokenAmount, GasPremium: premium as TokenAmount, Method: 0n as MethodNum, Params: new Uint8Array(0) },
      Signature: { type: 1, data: new Uint8Array(65) }
    })
    const picked = selectMessages([msg(1, 1n, 5n), msg(1, 0n, 5n), msg(1, 3n, 5n), msg(2, 7n, 9n)])
    assert.deepEqual(picked.map((m) => `${m.Message.From.toString()}:${m.Message.Nonce}`), ['t02:7', 't01:0', 't01:1'])
    assert.equal(selectMessages([msg(1, 0n, 1n, 600n), msg(1, 1n, 1n, 600n)], { gasLimit: 1000n }).length, 1)
  })

  it('MiningSubsystem runs block production and Window PoSt together and stops cleanly', async () => {
    const chain = new FakeChain()
    const mining = new MiningSubsystem(
      { full: chain.api, prover: new DevProver(), sectors: sectorDirFiles('/nonexistent'), config: () => minerConfig((c) => { c.Proving.DisableBuiltinWindowPoSt = true }), log: quietLog, registry: new Registry() },
      { miner: MINER, blockDelayMs: 1000, propagationDelayMs: 0, producer: { genesisTimestamp: Math.floor(Date.now() / 1000) } })
    chain.hooks.MinerGetBaseInfo = async () => null
    await mining.start()
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.equal(mining.status().blocks.running, true)
    assert.ok(mining.miningBase() !== undefined)
    await mining.stop()
    assert.equal(mining.status().blocks.running, false)
  })
})
