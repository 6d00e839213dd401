// `lotus-miner proving info|deadlines|deadline|faults|check` in-process against fake miner and
// full node APIs: Lotus's labels, tabwriter columns, the current deadline, live versus all
// sectors, and `check` printing each live sector good or bad with the miner's reason.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { SectorRef } from '../../../src/api/sealing.js'
import { parseAddress } from '../../../src/core/address/index.js'
import { BitField } from '../../../src/core/bitfield/index.js'
import { sectorId } from '../../../src/core/sector/index.js'
import type { ActorId } from '../../../src/core/types.js'
import { runLotusMiner, type CliRun } from '../../kit/miner-cli.js'

const bf = (...n: number[]): BitField => BitField.fromArray(n)

function partition (all: number[], live: number[], active: number[], faulty: number[], recovering: number[]): unknown {
  return { AllSectors: bf(...all), LiveSectors: bf(...live), ActiveSectors: bf(...active), FaultySectors: bf(...faulty), RecoveringSectors: bf(...recovering) }
}

// Four deadlines: a faulty sector in 0; two partitions in 1 (the current one), one sector faulty
// and recovering; a terminated sector in 2; nothing in 3.
const partitions: unknown[][] = [
  [partition([1, 2, 3], [1, 2, 3], [1, 3], [2], [])],
  [partition([4, 5], [4, 5], [4, 5], [], []), partition([6], [6], [], [6], [6])],
  [partition([7], [], [], [], [])],
  []
]

const checks: Array<{ pp: number, refs: SectorRef[], expensive: boolean }> = []
const miner = {
  ActorAddress: async () => parseAddress('t01000'),
  CheckProvable: async (pp: number, refs: SectorRef[], expensive: boolean) => {
    checks.push({ pp, refs, expensive })
    return refs.some((r) => r.ID.number === 5) ? { 5: 'stat /stor/sealed/s-t01000-5: no such file or directory' } : {}
  },
  StorageList: async () => ({ 'path-a': [{ SectorID: sectorId(1000n as ActorId, 4), SectorFileType: 2 }] }),
  close: async () => {}
}
const full = {
  ChainHead: async () => ({ height: 100, key: 'head' }),
  Version: async () => ({ Version: 'fake', APIVersion: 0, BlockDelay: 30 }),
  StateMinerProvingDeadline: async () => ({
    CurrentEpoch: 100, PeriodStart: 60, Index: 1, Open: 90, Close: 150, Challenge: 70, FaultCutoff: 48,
    WPoStPeriodDeadlines: 4, WPoStProvingPeriod: 240, WPoStChallengeWindow: 60, WPoStChallengeLookback: 20, FaultDeclarationCutoff: 42
  }),
  StateMinerDeadlines: async () => [bf(0), bf(), bf(), bf()].map((p) => ({ PostSubmissions: p, DisputableProofCount: 0 })),
  StateMinerPartitions: async (_a: unknown, dl: number) => partitions[dl],
  StateMinerInfo: async () => ({ WindowPoStProofType: 5 }),
  StateMinerSectors: async (_a: unknown, live: BitField) => [...live.values()].map((n) => ({ SectorNumber: n, SealProof: 5 })),
  StateMinerFaults: async () => bf(2, 6),
  close: async () => {}
}

const run = async (args: string[]): Promise<CliRun> => await runLotusMiner(args, { miner, full })

test('proving info: period, faults and the current deadline as Lotus prints them', async () => {
  const r = await run(['proving', 'info'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stdout, [
    'Miner: t01000',
    'Current Epoch:           100',
    'Proving Period Boundary: 60',
    'Proving Period Start:    60 (20 minutes ago)',
    'Next Period Start:       300 (in 1 hour 40 minutes)',
    '',
    'Faults:      2 (33.00%)',
    'Recovering:  1',
    'Deadline Index:       1',
    'Deadline Sectors:     3',
    'Deadline Open:        90 (5 minutes ago)',
    'Deadline Close:       150 (in 25 minutes)',
    'Deadline Challenge:   70 (15 minutes ago)',
    'Deadline FaultCutoff: 48 (26 minutes ago)',
    ''
  ].join('\n'))
})

test('proving deadlines: live sectors by default, all with --all, the current one marked', async () => {
  const r = await run(['proving', 'deadlines'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stdout, [
    'Miner: t01000',
    'deadline  partitions  sectors (faults)  proven partitions',
    '0         1           3 (1)             1',
    '1         2           3 (1)             0  (current)',
    '2         0           0 (0)             0',
    '3         0           0 (0)             0',
    ''
  ].join('\n'))
  const all = await run(['proving', 'deadlines', '--all'])
  assert.match(all.stdout, /\n2 {9}1 {11}1 \(0\) {13}0\n/)
})

test('proving deadline <idx>: each partition\'s sector sets, with numbers and bitfield stats on request', async () => {
  const r = await run(['proving', 'deadline', '1'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stdout, [
    'Deadline Index:           1',
    'Partitions:               2',
    'Proven Partitions:        0',
    'Current:                  true',
    '',
    'Partition Index:          0',
    '\tAll Sectors:               2',
    '\tLive Sectors:              2',
    '\tActive Sectors:            2',
    '\tFaulty Sectors:            0',
    '\tRecovering Sectors:        0',
    'Partition Index:          1',
    '\tAll Sectors:               1',
    '\tLive Sectors:              1',
    '\tActive Sectors:            0',
    '\tFaulty Sectors:            1',
    '\tRecovering Sectors:        1',
    ''
  ].join('\n'))
  const nums = await run(['proving', 'deadline', '--sector-nums', '1'])
  assert.match(nums.stdout, /\n\tAll Sectors: {15}2\n\tAll Sector Numbers: {9}\[4 5\]\n/)
  assert.match(nums.stdout, /\n\tFaulty Sector Numbers: {6}\[\]\n/)
  const stats = await run(['proving', 'deadline', '-b', '1'])
  assert.match(stats.stdout, /\n\tAll Sectors: {15}2 \(bitfield - runs 1\+1=2 - 4 0s 2 1s - 0 inv - \d+ B \d+B\)\n/)
  const missing = await run(['proving', 'deadline'])
  assert.equal(missing.code, 1)
  assert.match(missing.stderr, /must pass deadline index/)
  const outside = await run(['proving', 'deadline', '9'])
  assert.equal(outside.code, 1)
  assert.match(outside.stderr, /deadline index 9 is out of range: miner t01000 has 4 deadlines/)
})

test('proving faults: one row per faulty sector', async () => {
  const r = await run(['proving', 'faults'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stdout, [
    'Miner: t01000',
    'deadline  partition  sectors',
    '0         0          2',
    '1         1          6',
    ''
  ].join('\n'))
})

test('proving check: live sectors of each partition, good or bad with the reason', async () => {
  checks.length = 0
  const r = await run(['proving', 'check', '1'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stdout, [
    'deadline  partition  sector  status',
    '1         0          4       good',
    '1         0          5       bad (stat /stor/sealed/s-t01000-5: no such file or directory)',
    '1         1          6       good',
    ''
  ].join('\n'))
  assert.deepEqual(checks.map((c) => [c.pp, c.refs.map((s) => [s.ID.miner, s.ID.number, s.ProofType]), c.expensive]), [
    [5, [[1000n, 4, 5], [1000n, 5, 5]], false],
    [5, [[1000n, 6, 5]], false]
  ])
})

test('proving check flags: --only-bad, --slow, --faulty, --storage-id', async () => {
  checks.length = 0
  const bad = await run(['proving', 'check', '--only-bad', '--slow', '1'])
  assert.equal(bad.stdout, 'deadline  partition  sector  status\n1         0          5       bad (stat /stor/sealed/s-t01000-5: no such file or directory)\n')
  assert.ok(checks.every((c) => c.expensive))
  const faulty = await run(['proving', 'check', '--faulty', '1'])
  assert.equal(faulty.stdout, 'deadline  partition  sector  status\n1         1          6       good\n')
  const path = await run(['proving', 'check', '--storage-id', 'path-a', '1'])
  assert.equal(path.stdout, 'deadline  partition  sector  status\n1         0          4       good\n')
  const parse = await run(['proving', 'check', 'x'])
  assert.equal(parse.code, 1)
  assert.match(parse.stderr, /could not parse deadline index: "x"/)
})
