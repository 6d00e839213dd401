// `lotus-miner sealing workers` in-process against a fake miner API: Lotus v1.20's lines per
// worker (sorted by ID), running task counts in sealtasks order, the CPU/RAM/VMEM bars and
// percentages, and the GPU lines.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { runLotusMiner } from '../../kit/miner-cli.js'

const GiB = 1024 ** 3
const worker = (hostname: string, counts: Record<string, number>, gpus: string[] = []): unknown => ({
  Info: { Hostname: hostname, IgnoreResources: false, Resources: { MemPhysical: 16 * GiB, MemUsed: 4 * GiB, MemSwap: 16 * GiB, MemSwapUsed: 0, CPUs: 8, GPUs: gpus, Resources: {} } },
  Tasks: ['seal/v0/addpiece', 'seal/v0/precommit/1'],
  Enabled: true,
  MemUsedMin: 2 * GiB,
  MemUsedMax: 4 * GiB,
  GpuUsed: 0,
  CpuUse: 2,
  TaskCounts: counts
})
const miner = {
  WorkerStats: async () => ({
    'bbbbbbbb-0000-0000-0000-000000000000': worker('idle', {}),
    'aaaaaaaa-0000-0000-0000-000000000000': worker('sealer', { '5:seal/v0/addpiece': 1, 'seal/v0/precommit/1': 2, 'seal/v0/fetch': 0 }, ['RTX 3090'])
  }),
  close: async () => {}
}

test('sealing workers: each worker as Lotus prints it', async () => {
  const r = await runLotusMiner(['sealing', 'workers'], { miner, full: {} })
  assert.equal(r.code, 0, r.stderr)
  const cpu = `${'|'.repeat(16)}${' '.repeat(48)}`
  const ram = `${'|'.repeat(8)}${'|'.repeat(8)}${' '.repeat(48)}`
  const vmem = `${'|'.repeat(8)}${' '.repeat(56)}`
  assert.equal(r.stdout, [
    'Worker aaaaaaaa-0000-0000-0000-000000000000, host sealer',
    '\tTASK: PC1(2) AP(1) ',
    `\tCPU:  [${cpu}] 2/8 core(s) in use`,
    `\tRAM:  [${ram}] 25% 6 GiB/16 GiB`,
    `\tVMEM: [${vmem}] 12% 4 GiB/32 GiB`,
    `\tGPU:  [${' '.repeat(64)}] 0% 0.00/1 gpu(s) in use`,
    '\tGPU: RTX 3090, not used',
    'Worker bbbbbbbb-0000-0000-0000-000000000000, host idle',
    `\tCPU:  [${cpu}] 2/8 core(s) in use`,
    `\tRAM:  [${ram}] 25% 6 GiB/16 GiB`,
    `\tVMEM: [${vmem}] 12% 4 GiB/32 GiB`,
    ''
  ].join('\n'))
})
