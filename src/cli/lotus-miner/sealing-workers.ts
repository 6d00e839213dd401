/**
 * `lotus-miner sealing workers` (Lotus `cmd/lotus-miner/sealing.go`): each sealing worker with
 * its host, tasks, and CPU, RAM and virtual-memory bars (yellow: used outside tasks, green:
 * reserved by tasks; printed without colour).
 */
import type { Command } from 'commander'
import type { WorkerStats } from '../../api/miner.js'
import { sizeStr } from '../lotus/go-fmt.js'
import { print, withMiner } from './miner-api.js'

const BAR_COLS = 64

/** Lotus `barString`: `y` bars of one colour, `g` of another, the rest blank. */
function bar (total: number, y: number, g: number): string {
  const yBars = total > 0 ? Math.floor(y / total * BAR_COLS) : 0
  const gBars = total > 0 ? Math.floor(g / total * BAR_COLS) : 0
  return '|'.repeat(yBars) + '|'.repeat(gBars) + ' '.repeat(Math.max(0, BAR_COLS - yBars - gBars))
}

const SHORT: Record<string, string> = {
  'seal/v0/addpiece': 'AP',
  'seal/v0/precommit/1': 'PC1',
  'seal/v0/precommit/2': 'PC2',
  'seal/v0/commit/1': 'C1',
  'seal/v0/commit/2': 'C2',
  'seal/v0/finalize': 'FIN',
  'seal/v0/fetch': 'GET'
}

export function workerLines (id: string, stat: WorkerStats): string {
  const r = stat.Info.Resources
  const counts = (stat.TaskCounts ?? {}) as Record<string, number>
  const tasks = stat.Tasks.map((t) => `${SHORT[t] ?? t}${counts[t] !== undefined ? `(${counts[t]})` : ''}`)
  let out = `Worker ${id}, host ${stat.Info.Hostname}${stat.Enabled ? '' : ' (disabled)'}\n`
  out += `\tTASK: ${tasks.join(' ')}\n`
  out += `\tCPU:  [${bar(r.CPUs, 0, stat.CpuUse)}] ${stat.CpuUse}/${r.CPUs} core(s) in use\n`
  const ramReserved = r.MemUsed > stat.MemUsedMin ? r.MemUsed - stat.MemUsedMin : 0
  const ramPct = r.MemPhysical > 0 ? Math.floor((stat.MemUsedMin + ramReserved) * 100 / r.MemPhysical) : 0
  out += `\tRAM:  [${bar(r.MemPhysical, ramReserved, stat.MemUsedMin)}] ${ramPct}% ${sizeStr(BigInt(stat.MemUsedMin + r.MemUsed))}/${sizeStr(BigInt(r.MemPhysical))}\n`
  const vmemTotal = r.MemPhysical + r.MemSwap
  const vmemUsed = r.MemUsed + r.MemSwapUsed
  const vmemReserved = vmemUsed > stat.MemUsedMax ? vmemUsed - stat.MemUsedMax : 0
  const vmemPct = vmemTotal > 0 ? Math.floor((stat.MemUsedMax + vmemReserved) * 100 / vmemTotal) : 0
  out += `\tVMEM: [${bar(vmemTotal, vmemReserved, stat.MemUsedMax)}] ${vmemPct}% ${sizeStr(BigInt(stat.MemUsedMax + vmemReserved))}/${sizeStr(BigInt(vmemTotal))}\n`
  for (const gpu of r.GPUs) out += `\tGPU: ${gpu}\n`
  return out
}

export function addWorkersCommand (sealing: Command): void {
  sealing.command('workers').description('list workers')
    .action(async (_flags: unknown, cmd: Command) => {
      await withMiner(cmd, async (api) => {
        const stats = await api.WorkerStats()
        const ids = Object.keys(stats).sort((a, b) => stats[a]!.Info.Hostname.localeCompare(stats[b]!.Info.Hostname) || a.localeCompare(b))
        print(cmd, ids.map((id) => workerLines(id, stats[id]!)).join(''))
      })
    })
}
