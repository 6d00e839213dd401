/**
 * `lotus-miner proving check <deadlineIdx>` (Lotus v1.20 `provingCheckProvableCmd`): for each
 * partition of the deadline, the live sectors the chain lists are handed to the mining node's
 * `CheckProvable`, and each is printed `good` or `bad (<reason>)`. `--slow` runs the expensive
 * check (leaf openings against CommR); `--storage-id` and `--faulty` narrow the sectors checked.
 */
import { Command } from 'commander'
import type { SectorRef } from '../../api/sealing.js'
import { sectorId } from '../../core/sector/index.js'
import { actorId } from '../../core/types.js'
import { TipSetKey } from '../../chain/types/index.js'
import { TabWriter } from '../tabwriter.js'
import { withFullNode } from '../lotus/full-api.js'
import { print, withMiner } from './miner-api.js'
import { deadlineArg } from './proving-args.js'

interface CheckFlags { onlyBad?: boolean, slow?: boolean, storageId?: string, faulty?: boolean }

export function provingCheckCommand (): Command {
  return new Command('check').description('Check sectors provable')
    .argument('[deadlineIdx]')
    .option('--only-bad', 'print only bad sectors')
    .option('--slow', 'run slower checks')
    .option('--storage-id <id>', 'filter sectors by storage path (path id)')
    .option('--faulty', 'only check faulty sectors')
    .action(async (_arg: string | undefined, flags: CheckFlags, cmd: Command) => {
      const dl = deadlineArg(cmd.args)
      await withFullNode(cmd, async (full) => {
        await withMiner(cmd, async (miner) => {
          const maddr = await miner.ActorAddress()
          const mid = actorId(maddr.id(), 'miner address')
          const info = await full.StateMinerInfo(maddr, TipSetKey.empty)
          const partitions = await full.StateMinerPartitions(maddr, dl, TipSetKey.empty)

          // Sector numbers to keep, when a filter asks for it.
          let filter: Set<number> | undefined
          if (flags.storageId !== undefined) {
            const decls = (await miner.StorageList())[flags.storageId] ?? []
            filter = new Set(decls.filter((d) => d.SectorID.miner === mid).map((d) => d.SectorID.number))
          }
          if (flags.faulty === true) {
            const faulty = await full.StateMinerFaults(maddr, TipSetKey.empty)
            filter = new Set([...faulty.values()].filter((n) => filter === undefined || filter.has(n)))
          }

          const tw = new TabWriter().line('deadline', 'partition', 'sector', 'status')
          for (const [pi, p] of partitions.entries()) {
            const infos = await full.StateMinerSectors(maddr, p.LiveSectors, TipSetKey.empty)
            const refs: SectorRef[] = infos
              .filter((s) => filter === undefined || filter.has(s.SectorNumber))
              .map((s) => ({ ID: sectorId(mid, s.SectorNumber), ProofType: s.SealProof }))
            const bad = await miner.CheckProvable(info.WindowPoStProofType, refs, flags.slow === true)
            for (const n of refs.map((r) => r.ID.number).sort((a, b) => a - b)) {
              const reason = bad[String(n)]
              if (reason !== undefined) tw.line(dl, pi, n, `bad (${reason})`)
              else if (flags.onlyBad !== true) tw.line(dl, pi, n, 'good')
            }
          }
          print(cmd, tw.flush())
        })
      })
    })
}
