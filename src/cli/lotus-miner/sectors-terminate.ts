/**
 * `lotus-miner sectors terminate` with `flush` and `pending` (Lotus `cmd/lotus-miner/sectors.go`):
 * terminate a sector on chain (TerminateSectors from the address `[Addresses]` selects), then
 * remove it. The termination fee is charged and the sector's power and collateral are lost.
 */
import { Command, Option } from 'commander'
import { newIdAddress } from '../../core/address/index.js'
import { InvalidInputError } from '../../core/errors.js'
import { sectorNumber } from '../../core/types.js'
import { actorAddress, print, withMiner } from './miner-api.js'

export function terminateCommand (): Command {
  const terminate = new Command('terminate')
    .description('Terminate sector on-chain then remove (WARNING: This means losing power and collateral for the removed sector)')
    .argument('[sectorNum]')
    .addOption(new Option('--really-do-it', 'pass this flag if you know what you are doing'))
    .action(async (arg: string | undefined, flags: { reallyDoIt?: boolean }, cmd: Command) => {
      if (flags.reallyDoIt !== true) throw new InvalidInputError('ERR_CONFIRM', 'pass --really-do-it to confirm this action')
      if (arg === undefined) throw new InvalidInputError('ERR_ARGS', 'must pass sector number')
      if (!/^\d+$/.test(arg)) throw new InvalidInputError('ERR_ARGS', `could not parse sector number: ${JSON.stringify(arg)}`, { value: arg, source: 'sectorNum' })
      const n = sectorNumber(Number(arg), 'sectorNum')
      await withMiner(cmd, async (api) => { await api.SectorTerminate(n) })
    })

  terminate.command('flush').description('Send a terminate message if there are sectors queued for termination')
    .action(async (_flags: unknown, cmd: Command) => {
      await withMiner(cmd, async (api) => {
        const sent = await api.SectorTerminateFlush()
        print(cmd, sent === null ? 'Nothing to flush\n' : `Sent termination message: ${sent.toString()}\n`)
      })
    })

  terminate.command('pending').description('List sector numbers of sectors pending termination')
    .action(async (_flags: unknown, cmd: Command) => {
      await withMiner(cmd, async (api) => {
        const maddr = await actorAddress(cmd, api)
        const pending = await api.SectorTerminatePending()
        const own = pending.filter((id) => newIdAddress(id.miner).equals(maddr))
        print(cmd, own.map((id) => `${id.number}\n`).join(''))
      })
    })
  return terminate
}
