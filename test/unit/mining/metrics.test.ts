// The mining series on the node's registry, which the miner serves at /debug/metrics: the
// MiningSubsystem registers blocks won and Window PoSt submitted / late / failed there, and
// what the counters count shows up in the Prometheus text.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { createNodeMetrics } from '../../../src/metrics/index.js'
import { blockProductionMetrics, MiningSubsystem, sectorDirFiles, windowPoStMetrics } from '../../../src/mining/index.js'
import { DevProver } from '../../../src/proofs/index.js'
import { FakeChain, MINER, minerConfig, quietLog } from './fakes.js'

const SERIES = [
  'lotus_miner_blocks_won_total', 'lotus_miner_last_win_epoch', 'lotus_miner_eligible_to_mine', 'lotus_miner_rounds_total',
  'lotus_wdpost_proofs_submitted_total', 'lotus_wdpost_proofs_late_total', 'lotus_wdpost_proofs_failed_total',
  'lotus_wdpost_faults_declared_total', 'lotus_wdpost_recoveries_declared_total', 'lotus_wdpost_prove_seconds'
]

test('MiningSubsystem registers the block and Window PoSt series on the node registry', async () => {
  const { registry } = createNodeMetrics({ defaultMetrics: false })
  const mining = new MiningSubsystem(
    { full: new FakeChain().api, prover: new DevProver(), sectors: sectorDirFiles('/nonexistent'), config: () => minerConfig(), log: quietLog, registry },
    { miner: MINER, blockDelayMs: 1000, propagationDelayMs: 0 })
  assert.ok(mining.status() !== undefined)
  const text = await registry.metrics()
  for (const name of SERIES) assert.match(text, new RegExp(`^# TYPE ${name} `, 'm'), `${name} on /debug/metrics`)
})

test('counted wins and proofs appear in the Prometheus text', async () => {
  const { registry } = createNodeMetrics({ defaultMetrics: false })
  const blocks = blockProductionMetrics(registry)
  const post = windowPoStMetrics(registry)
  blocks.blocksWon.inc(2)
  blocks.lastWinEpoch.set(42)
  post.submitted.inc(3)
  post.late.inc()
  post.failed.inc()
  const text = await registry.metrics()
  for (const line of [
    'lotus_miner_blocks_won_total 2', 'lotus_miner_last_win_epoch 42', 'lotus_wdpost_proofs_submitted_total 3',
    'lotus_wdpost_proofs_late_total 1', 'lotus_wdpost_proofs_failed_total 1'
  ]) assert.match(text, new RegExp(`^${line}$`, 'm'))
})
