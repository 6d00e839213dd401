/**
 * `lotus sync status|wait` (Lotus `cli/sync.go`). This node has one sync worker, which takes
 * each block submitted to it; `wait` returns once the head is less than one block delay old.
 */
import { Command } from 'commander'
import { SyncStateStage } from '../../chain/consensus/index.js'
import { programInfo, routeTo } from '../routing.js'
import { type FullNodeApi, goCidList, out, withFullNode } from './full-api.js'

const STAGE_NAMES: Record<number, string> = {
  [SyncStateStage.StageIdle]: 'idle',
  [SyncStateStage.StageHeaders]: 'header sync',
  [SyncStateStage.StagePersistHeaders]: 'persisting headers',
  [SyncStateStage.StageMessages]: 'message sync',
  [SyncStateStage.StageSyncComplete]: 'complete',
  [SyncStateStage.StageSyncErrored]: 'error',
  [SyncStateStage.StageFetchingMessages]: 'fetching messages'
}

function stageName (stage: number): string {
  return STAGE_NAMES[stage] ?? `<unknown: ${stage}>`
}

/** Go's `time.Duration.String()` for the elapsed time of a sync. */
function goDuration (ms: number): string {
  if (ms < 1) return `${Math.round(ms * 1e6)}ns`
  if (ms < 1000) return `${Number(ms.toFixed(3))}ms`
  const total = ms / 1000
  const h = Math.floor(total / 3600)
  const m = Math.floor((total % 3600) / 60)
  const s = Number((total % 60).toFixed(3))
  return `${h > 0 ? `${h}h` : ''}${h > 0 || m > 0 ? `${m}m` : ''}${s}s`
}

/** Go's zero time (year 1) or a missing one. */
function isZero (d: Date | null): boolean {
  return d === null || d.getUTCFullYear() <= 1
}

export function syncCommand (): Command {
  const sync = routeTo(new Command('sync').description('Inspect or interact with the chain syncer'), 'full')

  sync.command('status')
    .description('check sync status')
    .action(async (_o: unknown, cmd: Command) => {
      await withFullNode(cmd, async (api) => {
        const state = await api.SyncState()
        let text = 'sync status:\n'
        for (const ss of state.ActiveSyncs) {
          text += `worker ${ss.WorkerID}:\n`
          let heightDiff = ss.Base !== null ? ss.Base.height : 0
          heightDiff = ss.Target !== null ? ss.Target.height - heightDiff : 0
          text += `\tBase:\t${goCidList(ss.Base?.cids ?? [])}\n`
          text += `\tTarget:\t${goCidList(ss.Target?.cids ?? [])} (${ss.Target?.height ?? 0})\n`
          text += `\tHeight diff:\t${heightDiff}\n`
          text += `\tStage: ${stageName(ss.Stage)}\n`
          text += `\tHeight: ${ss.Height}\n`
          if (isZero(ss.End)) {
            if (!isZero(ss.Start)) text += `\tElapsed: ${goDuration(Date.now() - ss.Start.getTime())}\n`
          } else {
            text += `\tElapsed: ${goDuration(ss.End.getTime() - ss.Start.getTime())}\n`
          }
          if (ss.Stage === SyncStateStage.StageSyncErrored) text += `\tError: ${ss.Message}\n`
        }
        out(cmd, text)
      })
    })

  sync.command('wait')
    .description('Wait for sync to be complete')
    .option('--watch', "don't exit after node is synced")
    .action(async (opts: { watch?: boolean }, cmd: Command) => {
      await withFullNode(cmd, async (api) => { await syncWait(cmd, api, opts.watch === true) })
    })

  return sync
}

async function syncWait (cmd: Command, api: FullNodeApi, watch: boolean): Promise<void> {
  const { io } = programInfo(cmd)
  const blockDelay = (await api.Version()).BlockDelay
  for (;;) {
    const state = await api.SyncState()
    const head = await api.ChainHead()
    const ss = state.ActiveSyncs[state.ActiveSyncs.length - 1]
    if (ss !== undefined) {
      const base = ss.Base?.height ?? 0
      const target = ss.Target?.height ?? 0
      out(cmd, `Worker: ${ss.WorkerID}; Base: ${base}; Target: ${target} (diff: ${ss.Target !== null ? target - base : 0})\n`)
      out(cmd, `State: ${stageName(ss.Stage)}; Current Epoch: ${ss.Height}; Todo: ${target - ss.Height}\n`)
    }
    if (!watch && Date.now() / 1000 - head.minTimestamp < blockDelay) {
      out(cmd, '\nDone!\n')
      return
    }
    await io.sleep(250)
  }
}
