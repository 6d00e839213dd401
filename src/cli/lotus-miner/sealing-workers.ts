/**
 * `lotus-miner sealing workers` (Lotus v1.20 `cmd/lotus-miner/sealing.go`): each sealing worker,
 * by ID, with its host, the tasks it is running, and CPU, RAM and virtual-memory bars (yellow:
 * used outside tasks, green: reserved by tasks; printed without colour).
 */
import type { Command } from 'commander'
import type { WorkerStats } from '../../api/miner.js'
import { sizeStr } from '../lotus/go-fmt.js'
import { print, withMiner } from './miner-api.js'

const BAR_COLS = 64

/** Lotus `lcli.BarString`: `y` bars of one colour, `g` of another, the rest blank. */
function bar (total: number, y: number, g: number): string {
  const yBars = Math.max(0, Math.round(y / total * BAR_COLS))
  const gBars = Math.max(0, Math.round(g / total * BAR_COLS))
  return '|'.repeat(yBars + gBars) + ' '.repeat(Math.max(0, BAR_COLS - yBars - gBars))
}

/** sealtasks short names and their order (`TaskType.Less`: most urgent first). */
const TASKS: Record<string, { short: string, order: number }> = {
  'seal/v0/datacid': { short: 'DC', order: 10 },
  'seal/v0/addpiece': { short: 'AP', order: 9 },
  'seal/v0/precommit/1': { short: 'PC1', order: 5 },
  'seal/v0/precommit/2': { short: 'PC2', order: 4 },
  'seal/v0/commit/2': { short: 'C2', order: 3 },
  'seal/v0/commit/1': { short: 'C1', order: 2 },
  'seal/v0/unseal': { short: 'UNS', order: 1 },
  'seal/v0/fetch': { short: 'GET', order: -1 },
  'seal/v0/finalize': { short: 'FIN', order: -3 }
}

/** TaskCounts keys are `<seal proof>:<task type>` (Lotus `sealtasks.SealTaskType`); the task type alone is accepted too. */
const taskOf = (key: string): string => key.slice(key.indexOf(':') + 1)

export function workerLines (id: string, stat: WorkerStats): string {
  const r = stat.Info.Resources
  const counts = Object.entries((stat.TaskCounts ?? {}) as Record<string, number>)
    .filter(([, c]) => c > 0)
    .map(([k, c]) => ({ task: taskOf(k), c }))
    .sort((a, b) => (TASKS[a.task]?.order ?? 0) - (TASKS[b.task]?.order ?? 0))
  let out = `Worker ${id}, host ${stat.Info.Hostname}${stat.Enabled ? '' : ' (disabled)'}\n`
  if (counts.length > 0) out += `\tTASK: ${counts.map(({ task, c }) => `${TASKS[task]?.short ?? task}(${c}) `).join('')}\n`
  out += `\tCPU:  [${bar(r.CPUs, 0, stat.CpuUse)}] ${stat.CpuUse}/${r.CPUs} core(s) in use\n`
  const ramReserved = r.MemUsed > stat.MemUsedMin ? r.MemUsed - stat.MemUsedMin : 0
  out += `\tRAM:  [${bar(r.MemPhysical, ramReserved, stat.MemUsedMin)}] ${Math.floor((stat.MemUsedMin + ramReserved) * 100 / r.MemPhysical)}% ` +
    `${sizeStr(BigInt(stat.MemUsedMin + r.MemUsed))}/${sizeStr(BigInt(r.MemPhysical))}\n`
  const vmemTotal = r.MemPhysical + r.MemSwap
  const vmemUsed = r.MemUsed + r.MemSwapUsed
  const vmemReserved = vmemUsed > stat.MemUsedMax ? vmemUsed - stat.MemUsedMax : 0
  out += `\tVMEM: [${bar(vmemTotal, vmemReserved, stat.MemUsedMax)}] ${Math.floor((stat.MemUsedMax + vmemReserved) * 100 / vmemTotal)}% ` +
    `${sizeStr(BigInt(stat.MemUsedMax + vmemReserved))}/${sizeStr(BigInt(vmemTotal))}\n`
  const gpus = r.GPUs.length
  if (gpus > 0) {
    out += `\tGPU:  [${bar(gpus, 0, stat.GpuUsed)}] ${(stat.GpuUsed * 100 / gpus).toFixed(0)}% ${stat.GpuUsed.toFixed(2)}/${gpus} gpu(s) in use\n`
  }
  for (const gpu of r.GPUs) out += `\tGPU: ${gpu}, ${stat.GpuUsed > 0 ? '' : 'not '}used\n`
  return out
}

export function addWorkersCommand (sealing: Command): void {
  sealing.command('workers').description('list workers')
    .option('--color', 'use color in display output')
    .action(async (_flags: unknown, cmd: Command) => {
      await withMiner(cmd, async (api) => {
        const stats = await api.WorkerStats()
        const ids = Object.keys(stats).sort()
        print(cmd, ids.map((id) => workerLines(id, stats[id]!)).join(''))
      })
    })
}
