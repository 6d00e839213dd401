/**
 * `lotus-miner sealing jobs` (and `workers`, sealing-workers.ts) (Lotus `cmd/lotus-miner/sealing.go`). This node seals in its own
 * process (no separate workers), so the jobs are the sectors whose current state runs a sealing
 * task, with Lotus's task names and the time since the state was entered.
 */
import { Command } from 'commander'
import type { SectorState } from '../../api/sealing.js'
import { routeTo } from '../routing.js'
import { TableWriter } from '../lotus/table.js'
import { duraFmt } from './format.js'
import { print, withMiner } from './miner-api.js'
import { addWorkersCommand } from './sealing-workers.js'

/** Sealing states and the Lotus task each runs (sealtasks). */
const TASKS: Partial<Record<SectorState, string>> = {
  AddPiece: 'AP',
  PreCommit1: 'PC1',
  PreCommit2: 'PC2',
  Committing: 'C2',
  FinalizeSector: 'FIN',
  Packing: 'AP'
}

export function sealingCommand (): Command {
  const sealing = routeTo(new Command('sealing'), 'miner').description('interact with sealing pipeline')
  sealing.command('jobs').description('list running jobs')
    .option('--show-ret-done', 'show returned but not consumed calls')
    .action(async (_flags: unknown, cmd: Command) => {
      await withMiner(cmd, async (api) => {
        const states = Object.keys(TASKS) as SectorState[]
        const list = (await api.SectorsListInStates(states)).sort((a, b) => a - b)
        const tw = new TableWriter([{ name: 'ID' }, { name: 'Sector' }, { name: 'Worker' }, { name: 'Hostname' }, { name: 'Task' }, { name: 'State' }, { name: 'Time' }])
        const now = Math.floor(Date.now() / 1000)
        for (const n of list) {
          const st = await api.SectorsStatus(n, false)
          const since = st.Log[st.Log.length - 1]?.Timestamp ?? now
          tw.write({ ID: `local-${n}`, Sector: n, Worker: 'local', Hostname: 'miner', Task: TASKS[st.State] ?? st.State, State: 'running', Time: duraFmt(now - since) })
        }
        print(cmd, tw.render())
      })
    })
  addWorkersCommand(sealing)
  return sealing
}
