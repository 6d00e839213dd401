/**
 * `lotus-miner sectors list|status|pledge|remove|update-state` (Lotus
 * `cmd/lotus-miner/sectors.go`): the sealing records of the mining node beside what the chain
 * holds for them, in Lotus's columns and labels.
 */
import { Command, Option } from 'commander'
import type { FullNodeApi } from '../../api/fullnode/index.js'
import { SECTOR_STATES, type SectorInfo, type SectorState } from '../../api/sealing.js'
import { InvalidInputError } from '../../core/errors.js'
import { formatFil, formatFilShort } from '../../core/token/index.js'
import { type SectorNumber, sectorNumber } from '../../core/types.js'
import { TipSetKey } from '../../chain/types/index.js'
import { warnLine } from '../io.js'
import { programInfo, routeTo } from '../routing.js'
import { withFullNode } from '../lotus/full-api.js'
import { TableWriter } from '../lotus/table.js'
import { bytesSize, cidOrNil, epochTime, goTime, hex } from './format.js'
import { type MinerApi, actorAddress, print, withMiner } from './miner-api.js'
import { terminateCommand } from './sectors-terminate.js'

const ADVANCED = 'this is a command for advanced users, only use it if you are sure what you are doing'

export function sectorsCommand (): Command {
  const sectors = routeTo(new Command('sectors'), 'miner').description('interact with sector store')
  sectors.addCommand(listCommand()).addCommand(statusCommand()).addCommand(pledgeCommand())
    .addCommand(removeCommand()).addCommand(terminateCommand()).addCommand(updateStateCommand())
  return sectors
}

function sectorArg (text: string | undefined, source: string): SectorNumber {
  if (text === undefined || !/^\d+$/.test(text)) throw new InvalidInputError('ERR_ARGS', `could not parse sector number: ${JSON.stringify(text ?? '')}`, { value: text, source })
  return sectorNumber(Number(text), source)
}

/** SectorsStatus with on-chain info, falling back to the record alone when the chain cannot say. */
async function status (api: MinerApi, n: SectorNumber, onChain: boolean): Promise<SectorInfo> {
  if (!onChain) return await api.SectorsStatus(n, false)
  try {
    return await api.SectorsStatus(n, true)
  } catch {
    return await api.SectorsStatus(n, false)
  }
}

interface ListFlags { showRemoved?: boolean, fast?: boolean, events?: boolean, initialPledge?: boolean, sealTime?: boolean, states?: string, unproven?: boolean }

function listCommand (): Command {
  return new Command('list').description('List sectors')
    .option('-r, --show-removed', 'show removed sectors')
    .option('-c, --color', 'use color in display output')
    .option('-f, --fast', 'don\'t show on-chain info for better performance')
    .option('-e, --events', 'display number of events the sector has received')
    .option('-p, --initial-pledge', 'display initial pledge')
    .option('-t, --seal-time', 'display how long it took for the sector to be sealed')
    .option('--states <states>', 'filter sectors by a comma-separated list of states')
    .option('-u, --unproven', 'only show sectors which aren\'t in the \'Proving\' state')
    .action(async (flags: ListFlags, cmd: Command) => {
      await withMiner(cmd, async (api) => {
        await withFullNode(cmd, async (full) => { await listSectors(cmd, api, full, flags) })
      })
    })
}

async function listSectors (cmd: Command, api: MinerApi, full: FullNodeApi, flags: ListFlags): Promise<void> {
  const { io } = programInfo(cmd)
  let states: SectorState[] | undefined
  if (flags.states !== undefined) {
    states = flags.states.split(',').map((s) => {
      if (!(SECTOR_STATES as readonly string[]).includes(s)) throw new InvalidInputError('ERR_ARGS', `unknown sector state: ${s}`, { value: s, source: '--states' })
      return s as SectorState
    })
  } else if (flags.unproven === true) {
    states = SECTOR_STATES.filter((s) => s !== 'Proving' && s !== 'Removed')
  }
  const showRemoved = flags.showRemoved === true || flags.states !== undefined
  const list = (states !== undefined ? await api.SectorsListInStates(states) : await api.SectorsList()).sort((a, b) => a - b)
  const maddr = await actorAddress(cmd, api)
  const head = await full.ChainHead()
  const delay = (await full.Version()).BlockDelay
  let committed: Set<number> | undefined
  let active: Set<number> | undefined
  try {
    committed = new Set((await full.StateMinerSectors(maddr, null, TipSetKey.empty)).map((s) => s.SectorNumber))
    active = new Set((await full.StateMinerActiveSectors(maddr, TipSetKey.empty)).map((s) => s.SectorNumber))
  } catch (err) {
    warnLine(io, 'main', `the full node cannot list ${maddr.toString()}'s on-chain sectors (${(err as Error).message}); OnChain/Active show '?'`)
  }
  const yesno = (set: Set<number> | undefined, n: number): string => set === undefined ? '?' : set.has(n) ? 'YES' : 'NO'

  const tw = new TableWriter([
    { name: 'ID' }, { name: 'State' }, { name: 'OnChain' }, { name: 'Active' }, { name: 'Expiration' }, { name: 'SealTime' },
    { name: 'Events' }, { name: 'Deals' }, { name: 'DealWeight' }, { name: 'VerifiedPower' }, { name: 'Pledge' },
    { name: 'Error', separateLine: true }, { name: 'RecoveryTimeout', separateLine: true }
  ])
  const fast = flags.fast === true
  for (const n of list) {
    let st: SectorInfo
    try {
      st = await status(api, n, !fast)
    } catch (err) {
      tw.write({ ID: n, Error: (err as Error).message })
      continue
    }
    if (!showRemoved && st.State === 'Removed') continue
    const inS = committed?.has(n) ?? false
    const deals = st.Deals.filter((d) => d !== 0).length
    const row: Record<string, unknown> = { ID: n, State: st.State, OnChain: yesno(committed, n), Active: yesno(active, n) }
    row.Deals = deals > 0 ? String(deals) : st.ToUpgrade ? 'CC(upgrade)' : 'CC'
    const exp = st.OnTime > 0 && st.OnTime < st.Expiration ? st.OnTime : st.Expiration
    if (!fast) {
      if (!inS) row.Expiration = 'n/a'
      else {
        row.Expiration = epochTime(head.height, exp, delay)
        if (st.Early > 0) row.RecoveryTimeout = epochTime(head.height, st.Early, delay)
        if (flags.initialPledge === true) row.Pledge = formatFilShort(st.InitialPledge)
      }
    }
    if (!fast && deals > 0) {
      let dw = 0
      let vp = 0
      if (st.Expiration - st.Activation > 0) {
        const span = BigInt(st.Expiration - st.Activation)
        dw = Number((st.DealWeight + st.VerifiedDealWeight) / span)
        vp = Number(st.VerifiedDealWeight * 9n / span)
      } else {
        for (const p of st.Pieces) {
          if (p.DealInfo === null) continue
          dw += p.Piece.Size
          if (p.DealInfo.DealProposal?.VerifiedDeal === true) vp += p.Piece.Size * 9
        }
      }
      row.DealWeight = bytesSize(dw)
      if (vp > 0) row.VerifiedPower = bytesSize(vp)
    }
    if (flags.events === true) row.Events = st.Log.filter((l) => l.Kind.startsWith('event;')).length
    if (flags.sealTime === true && st.Log.length > 0) {
      const end = st.Log.find((l) => l.Kind.includes('SectorProving') || l.Kind.includes('SectorFinalized')) ?? st.Log[st.Log.length - 1]!
      row.SealTime = `${Math.max(0, end.Timestamp - st.Log[0]!.Timestamp)}s`
    }
    tw.write(row)
  }
  print(cmd, tw.render())
}

interface StatusFlags { log?: boolean, onChainInfo?: boolean, partitionInfo?: boolean, proof?: boolean }

function statusCommand (): Command {
  return new Command('status').description('Get the seal status of a sector by its number')
    .argument('[sectorNum]')
    .option('-l, --log', 'display event log')
    .option('-c, --on-chain-info', 'show sector on chain info')
    .option('-p, --partition-info', 'show partition related info')
    .option('--proof', 'print snark proof bytes as hex')
    .action(async (arg: string | undefined, flags: StatusFlags, cmd: Command) => {
      if (arg === undefined) throw new InvalidInputError('ERR_ARGS', 'must specify sector number to get status of')
      const n = sectorArg(arg, 'sectorNum')
      await withMiner(cmd, async (api) => {
        const onChain = flags.onChainInfo === true
        const st = await api.SectorsStatus(n, onChain)
        const lines = [
          `SectorID:\t${st.SectorID}`, `Status:\t\t${st.State}`, `CIDcommD:\t${cidOrNil(st.CommD)}`, `CIDcommR:\t${cidOrNil(st.CommR)}`,
          `Ticket:\t\t${hex(st.Ticket.Value)}`, `TicketH:\t${st.Ticket.Epoch}`, `Seed:\t\t${hex(st.Seed.Value)}`, `SeedH:\t\t${st.Seed.Epoch}`,
          `Precommit:\t${cidOrNil(st.PreCommitMsg)}`, `Commit:\t\t${cidOrNil(st.CommitMsg)}`
        ]
        if (flags.proof === true) lines.push(`Proof:\t\t${hex(st.Proof)}`)
        lines.push(`Deals:\t\t[${st.Deals.join(' ')}]`, `Retries:\t${st.Retries}`)
        if (st.LastErr !== '') lines.push(`Last Error:\t\t${st.LastErr}`)
        if (onChain) {
          lines.push('', 'Sector On Chain Info', `SealProof:\t\t${st.SealProof.toString(16)}`, `Activation:\t\t${st.Activation}`,
            `Expiration:\t\t${st.Expiration}`, `DealWeight:\t\t${st.DealWeight}`, `VerifiedDealWeight:\t\t${st.VerifiedDealWeight}`,
            `InitialPledge:\t\t${formatFil(st.InitialPledge)}`, '', 'Expiration Info', `OnTime:\t\t${st.OnTime}`, `Early:\t\t${st.Early}`)
        }
        if (flags.log === true) {
          lines.push('--------', 'Event Log:')
          st.Log.forEach((l, i) => {
            lines.push(`${i}.\t${goTime(l.Timestamp)}:\t[${l.Kind}]\t${l.Message}`)
            if (l.Trace !== '') lines.push(`\t${l.Trace}`)
          })
        }
        print(cmd, `${lines.join('\n')}\n`)
      })
    })
}

function pledgeCommand (): Command {
  return new Command('pledge').description('store random data in a sector')
    .action(async (_flags: unknown, cmd: Command) => {
      await withMiner(cmd, async (api) => {
        const id = await api.PledgeSector()
        print(cmd, `Created CC sector:  ${id.number}\n`)
      })
    })
}

function removeCommand (): Command {
  return new Command('remove').description('Forcefully remove a sector (WARNING: This means losing power and collateral for the removed sector (use \'terminate\' for lower penalty))')
    .argument('[sectorNum]')
    .addOption(new Option('--really-do-it', 'pass this flag if you know what you are doing'))
    .action(async (arg: string | undefined, flags: { reallyDoIt?: boolean }, cmd: Command) => {
      if (flags.reallyDoIt !== true) throw new InvalidInputError('ERR_CONFIRM', ADVANCED)
      if (arg === undefined) throw new InvalidInputError('ERR_ARGS', 'must pass sector number')
      const n = sectorArg(arg, 'sectorNum')
      await withMiner(cmd, async (api) => { await api.SectorRemove(n) })
    })
}

function updateStateCommand (): Command {
  return new Command('update-state').description('ADVANCED: manually update the state of a sector, this may aid in error recovery')
    .argument('[sectorNum]').argument('[newState]')
    .addOption(new Option('--really-do-it', 'pass this flag if you know what you are doing'))
    .action(async (num: string | undefined, state: string | undefined, flags: { reallyDoIt?: boolean }, cmd: Command) => {
      if (flags.reallyDoIt !== true) throw new InvalidInputError('ERR_CONFIRM', ADVANCED)
      if (num === undefined || state === undefined) throw new InvalidInputError('ERR_ARGS', 'expected 2 arguments: [sector number] [new state]')
      const n = sectorArg(num, 'sectorNum')
      if (!(SECTOR_STATES as readonly string[]).includes(state)) {
        print(cmd, ` "${state}" is not a valid state. Possible states for sectors are: \n${SECTOR_STATES.map((s) => `${s}\n`).join('')}`)
        return
      }
      await withMiner(cmd, async (api) => { await api.SectorsUpdate(n, state as SectorState) })
    })
}
