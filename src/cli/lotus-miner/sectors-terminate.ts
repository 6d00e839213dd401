/**
 * `lotus-miner sectors terminate` with `flush` and `pending` (Lotus v1.20 `cmd/lotus-miner/sectors.go`):
 * queue a sector for termination on chain (the node's TerminateBatcher sends TerminateSectors
 * from the address `[Addresses]` selects), then it is removed. The termination fee is charged and
 * the sector's power and collateral are lost.
 */
import { Command, Option } from 'commander'
import { InvalidInputError, NelumboError } from '../../core/errors.js'
import { sectorNumber } from '../../core/types.js'
import { TipSetKey } from '../../chain/types/index.js'
import { checkArgCount, withFullNode } from '../lotus/full-api.js'
import { actorAddress, print, withMiner } from './miner-api.js'

export function terminateCommand (): Command {
  const terminate = new Command('terminate')
    .description('Terminate sector on-chain then remove (WARNING: This means losing power and collateral for the removed sector)')
    .argument('[sectorNum]')
    .addOption(new Option('--really-do-it', 'pass this flag if you know what you are doing'))
    .action(async (arg: string | undefined, flags: { reallyDoIt?: boolean }, cmd: Command) => {
      if (flags.reallyDoIt !== true) throw new InvalidInputError('ERR_CONFIRM', 'pass --really-do-it to confirm this action')
      checkArgCount(cmd, cmd.args, 1)
      if (arg === undefined || !/^\d+$/.test(arg)) {
        throw new InvalidInputError('ERR_ARGS', `could not parse sector number: strconv.ParseUint: parsing ${JSON.stringify(arg)}: invalid syntax`, { value: arg, source: 'sectorNum' })
      }
      const n = sectorNumber(Number(arg), 'sectorNum')
      await withMiner(cmd, async (api) => { await api.SectorTerminate(n) })
    })

  terminate.command('flush').description('Send a terminate message if there are sectors queued for termination')
    .action(async (_flags: unknown, cmd: Command) => {
      await withMiner(cmd, async (api) => {
        const sent = await api.SectorTerminateFlush()
        if (sent === null) throw new NelumboError('ERR_NOTHING_QUEUED', 'no sectors were queued for termination')
        print(cmd, `${sent.toString()}\n`)
      })
    })

  terminate.command('pending').description('List sector numbers of sectors pending termination')
    .action(async (_flags: unknown, cmd: Command) => {
      await withMiner(cmd, async (api) => {
        await withFullNode(cmd, async (full) => {
          const pending = await api.SectorTerminatePending()
          const maddr = await actorAddress(cmd, api)
          const dl = await full.StateMinerProvingDeadline(maddr, TipSetKey.empty)
          const period = dl.WPoStPeriodDeadlines
          let out = ''
          for (const id of pending) {
            const loc = await full.StateSectorPartition(maddr, id.number, TipSetKey.empty)
            // The batcher holds these back until their deadline is out of the proving window.
            const inWindow = loc.Deadline === (dl.Index + 1) % period || loc.Deadline === dl.Index || (loc.Deadline + 1) % period === dl.Index
            out += `${id.number}${inWindow ? ' (in proving window)' : ''}\n`
          }
          print(cmd, out)
        })
      })
    })
  return terminate
}
