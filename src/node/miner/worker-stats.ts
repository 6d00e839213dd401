/**
 * WorkerStats for the miner's own sealing: this node seals in its own process, so there is one
 * local worker (Lotus's miner-embedded worker), with this machine's CPUs and memory (Linux
 * /proc/meminfo for swap) and, as its running tasks, the sectors in a state that runs one.
 */
import { randomUUID } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { availableParallelism, freemem, hostname, totalmem } from 'node:os'
import type { WorkerStats } from '../../api/miner.js'
import type { SealingApi, SectorState } from '../../api/sealing.js'

/** Sealing states and the sealtasks.TaskType each runs. */
const STATE_TASKS: Partial<Record<SectorState, string>> = {
  AddPiece: 'seal/v0/addpiece',
  Packing: 'seal/v0/addpiece',
  PreCommit1: 'seal/v0/precommit/1',
  PreCommit2: 'seal/v0/precommit/2',
  Committing: 'seal/v0/commit/2',
  FinalizeSector: 'seal/v0/finalize'
}
const TASKS = ['seal/v0/addpiece', 'seal/v0/precommit/1', 'seal/v0/precommit/2', 'seal/v0/commit/1', 'seal/v0/commit/2', 'seal/v0/finalize', 'seal/v0/fetch']

function swap (): { total: number, used: number } {
  try {
    const info = readFileSync('/proc/meminfo', 'utf8')
    const kb = (k: string): number => Number(new RegExp(`^${k}:\\s+(\\d+) kB$`, 'm').exec(info)?.[1] ?? 0) * 1024
    return { total: kb('SwapTotal'), used: kb('SwapTotal') - kb('SwapFree') }
  } catch {
    return { total: 0, used: 0 }
  }
}

export function localWorkerStats (sealing: Pick<SealingApi, 'SectorsListInStates' | 'SectorsStatus'>): () => Promise<Record<string, WorkerStats>> {
  // A worker ID for this process's life, as Lotus's local worker gets one per session.
  const id = randomUUID()
  return async () => {
    const counts: Record<string, number> = {}
    for (const n of await sealing.SectorsListInStates(Object.keys(STATE_TASKS) as SectorState[])) {
      const task = STATE_TASKS[(await sealing.SectorsStatus(n, false)).State]
      if (task !== undefined) counts[task] = (counts[task] ?? 0) + 1
    }
    const running = Object.values(counts).reduce((a, b) => a + b, 0)
    const cpus = availableParallelism()
    const s = swap()
    return {
      [id]: {
        Info: {
          Hostname: hostname(),
          IgnoreResources: false,
          Resources: { MemPhysical: totalmem(), MemUsed: totalmem() - freemem(), MemSwap: s.total, MemSwapUsed: s.used, CPUs: cpus, GPUs: [], Resources: {} }
        },
        Tasks: TASKS,
        Enabled: true,
        MemUsedMin: 0,
        MemUsedMax: 0,
        GpuUsed: 0,
        CpuUse: Math.min(running, cpus),
        TaskCounts: counts
      }
    }
  }
}
