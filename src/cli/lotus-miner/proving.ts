/**
 * `lotus-miner proving info|deadlines|deadline|faults|check` (Lotus v1.20
 * `cmd/lotus-miner/proving.go`): the miner's Window PoSt state as the full node reads it from
 * the chain (deadlines, partitions, faults, recoveries), in Lotus's labels and tabwriter tables;
 * `check` asks the mining node whether each sector's files can be proven.
 */
import { Command, Option } from 'commander'
import type { FullNodeApi } from '../../api/fullnode/index.js'
import type { Partition } from '../../api/fullnode/types/miner.js'
import type { Address } from '../../core/address/index.js'
import type { BitField } from '../../core/bitfield/index.js'
import { InvalidInputError } from '../../core/errors.js'
import { TipSetKey } from '../../chain/types/index.js'
import { routeTo } from '../routing.js'
import { TabWriter } from '../tabwriter.js'
import { withFullNode } from '../lotus/full-api.js'
import { sizeStr } from '../lotus-shed/commp.js'
import { epochTime } from './format.js'
import { print } from './miner-api.js'
import { deadlineArg, minerActor } from './proving-args.js'
import { provingCheckCommand } from './proving-check.js'

export function provingCommand (): Command {
  const proving = routeTo(new Command('proving'), 'miner').description('View proving information')
  proving.addCommand(infoCommand()).addCommand(deadlinesCommand()).addCommand(deadlineCommand())
    .addCommand(faultsCommand()).addCommand(provingCheckCommand())
  return proving
}

/** Partitions of every deadline, by deadline index. */
async function allPartitions (full: FullNodeApi, maddr: Address, deadlines: number): Promise<Partition[][]> {
  const out: Partition[][] = []
  for (let i = 0; i < deadlines; i++) out.push(await full.StateMinerPartitions(maddr, i, TipSetKey.empty))
  return out
}

function infoCommand (): Command {
  return new Command('info').description('View current state information')
    .action(async (_flags: unknown, cmd: Command) => {
      const maddr = await minerActor(cmd)
      await withFullNode(cmd, async (full) => {
        const head = await full.ChainHead()
        const cd = await full.StateMinerProvingDeadline(maddr, head.key)
        const delay = (await full.Version()).BlockDelay
        const parts = await allPartitions(full, maddr, (await full.StateMinerDeadlines(maddr, head.key)).length)
        let proving = 0
        let faults = 0
        let recovering = 0
        let current = 0
        parts.forEach((ps, dl) => {
          for (const p of ps) {
            proving += p.LiveSectors.count()
            if (dl === cd.Index) current += p.LiveSectors.count()
            faults += p.FaultySectors.count()
            recovering += p.RecoveringSectors.count()
          }
        })
        // Lotus divides as integers before printing with two decimals.
        const faultPerc = proving > 0 ? Math.floor(faults * 100 / proving) : 0
        const at = (e: number): string => epochTime(cd.CurrentEpoch, e, delay)
        print(cmd, [
          `Miner: ${maddr.toString()}`,
          `Current Epoch:           ${cd.CurrentEpoch}`,
          `Proving Period Boundary: ${cd.PeriodStart % cd.WPoStProvingPeriod}`,
          `Proving Period Start:    ${at(cd.PeriodStart)}`,
          `Next Period Start:       ${at(cd.PeriodStart + cd.WPoStProvingPeriod)}`,
          '',
          `Faults:      ${faults} (${faultPerc.toFixed(2)}%)`,
          `Recovering:  ${recovering}`,
          `Deadline Index:       ${cd.Index}`,
          `Deadline Sectors:     ${current}`,
          `Deadline Open:        ${at(cd.Open)}`,
          `Deadline Close:       ${at(cd.Close)}`,
          `Deadline Challenge:   ${at(cd.Challenge)}`,
          `Deadline FaultCutoff: ${at(cd.FaultCutoff)}`,
          ''
        ].join('\n'))
      })
    })
}

function deadlinesCommand (): Command {
  return new Command('deadlines').description('View the current proving period deadlines information')
    .addOption(new Option('--all', 'Count all sectors (only live sectors are counted by default)'))
    .action(async (flags: { all?: boolean }, cmd: Command) => {
      const maddr = await minerActor(cmd)
      await withFullNode(cmd, async (full) => {
        const deadlines = await full.StateMinerDeadlines(maddr, TipSetKey.empty)
        const di = await full.StateMinerProvingDeadline(maddr, TipSetKey.empty)
        const parts = await allPartitions(full, maddr, deadlines.length)
        const tw = new TabWriter().line('deadline', 'partitions', 'sectors (faults)', 'proven partitions')
        deadlines.forEach((d, dl) => {
          let partitions = 0
          let sectors = 0
          let faults = 0
          for (const p of parts[dl]!) {
            const n = (flags.all === true ? p.AllSectors : p.LiveSectors).count()
            if (flags.all === true || n > 0) partitions++
            sectors += n
            faults += p.FaultySectors.count()
          }
          const proven = d.PostSubmissions.count()
          tw.write(`${dl}\t${partitions}\t${sectors} (${faults})\t${proven}${di.Index === dl ? '\t(current)' : ''}\n`)
        })
        print(cmd, `Miner: ${maddr.toString()}\n${tw.flush()}`)
      })
    })
}

interface DeadlineFlags { sectorNums?: boolean, bitfield?: boolean }

function deadlineCommand (): Command {
  return new Command('deadline').description('View the current proving period deadline information by its index')
    .argument('[deadlineIdx]')
    .option('-n, --sector-nums', 'Print sector/fault numbers belonging to this deadline')
    .option('-b, --bitfield', 'Print partition bitfield stats')
    .action(async (_arg: string | undefined, flags: DeadlineFlags, cmd: Command) => {
      const dl = deadlineArg(cmd.args)
      const maddr = await minerActor(cmd)
      await withFullNode(cmd, async (full) => {
        const deadlines = await full.StateMinerDeadlines(maddr, TipSetKey.empty)
        const deadline = deadlines[dl]
        if (deadline === undefined) {
          throw new InvalidInputError('ERR_ARGS', `deadline index ${dl} is out of range: miner ${maddr.toString()} has ${deadlines.length} deadlines`, { value: dl, source: '<deadlineIdx>' })
        }
        const di = await full.StateMinerProvingDeadline(maddr, TipSetKey.empty)
        const partitions = await full.StateMinerPartitions(maddr, dl, TipSetKey.empty)
        const lines = [
          `Deadline Index:           ${dl}`,
          `Partitions:               ${partitions.length}`,
          `Proven Partitions:        ${deadline.PostSubmissions.count()}`,
          `Current:                  ${String(di.Index === dl)}`,
          ''
        ]
        partitions.forEach((p, i) => {
          lines.push(`Partition Index:          ${i}`)
          const sets: Array<[string, BitField]> = [['All', p.AllSectors], ['Live', p.LiveSectors], ['Active', p.ActiveSectors], ['Faulty', p.FaultySectors], ['Recovering', p.RecoveringSectors]]
          for (const [name, bf] of sets) lines.push(...bitfieldStats(name, bf, flags))
        })
        print(cmd, `${lines.join('\n')}\n`)
      })
    })
}

/** One sector set of a partition: its count, with `--bitfield` its run statistics, with `--sector-nums` its numbers. */
function bitfieldStats (name: string, bf: BitField, flags: DeadlineFlags): string[] {
  const count = bf.count()
  let line = `\t${name} Sectors:${' '.repeat(18 - name.length)}${count}`
  if (flags.bitfield === true) {
    let zeroRuns = 0
    let zeros = 0
    let prev = 0
    for (const r of bf.ranges()) {
      if (r.start > prev) {
        zeroRuns++
        zeros += r.start - prev
      }
      prev = r.end
    }
    const oneRuns = bf.ranges().length
    const sz = cborBytesSize(bf.encode().length)
    line += ` (bitfield - runs ${zeroRuns}+${oneRuns}=${zeroRuns + oneRuns} - ${zeros} 0s ${count} 1s - 0 inv - ${sizeStr(sz)} ${sz}B)`
  }
  const out = [line]
  if (flags.sectorNums === true) out.push(`\t${name} Sector Numbers:${' '.repeat(12 - name.length)}[${[...bf.values()].join(' ')}]`)
  return out
}

/** Bytes of a CBOR byte string holding `n` bytes: the header, then the bytes. */
function cborBytesSize (n: number): number {
  return n + (n < 24 ? 1 : n < 0x100 ? 2 : n < 0x10000 ? 3 : 5)
}

function faultsCommand (): Command {
  return new Command('faults').description('View the currently known proving faulty sectors information')
    .action(async (_flags: unknown, cmd: Command) => {
      const maddr = await minerActor(cmd)
      await withFullNode(cmd, async (full) => {
        const deadlines = await full.StateMinerDeadlines(maddr, TipSetKey.empty)
        const parts = await allPartitions(full, maddr, deadlines.length)
        const tw = new TabWriter().line('deadline', 'partition', 'sectors')
        parts.forEach((ps, dl) => {
          ps.forEach((p, pi) => {
            for (const n of p.FaultySectors.values()) tw.line(dl, pi, n)
          })
        })
        print(cmd, `Miner: ${maddr.toString()}\n${tw.flush()}`)
      })
    })
}
