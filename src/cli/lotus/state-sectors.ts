/**
 * `lotus state` over a miner's sectors (Lotus v1.20 `cli/state.go`): sectors, active-sectors,
 * sector (alias sector-info). Each reads the state of `--tipset` (the head when unset).
 */
import type { Command } from 'commander'
import type { SectorOnChainInfo } from '../../api/fullnode/types/miner.js'
import { formatFil } from '../../core/token/index.js'
import { sectorNumber } from '../../core/types.js'
import { addressArg, checkArgCount, out, withFullNode } from './full-api.js'
import { epochTimeTs } from './go-fmt.js'
import { requireArg, stateTipSet, uintArg } from './state-args.js'

export function addSectorStateCommands (state: Command): void {
  state.command('sectors')
    .description('Query the sector set of a miner')
    .argument('[minerAddress]')
    .action(async (addrText: string | undefined, _o: unknown, cmd: Command) => {
      const maddr = addressArg(requireArg(addrText, 'must specify miner to list sectors for'), 'minerAddress')
      await withFullNode(cmd, async (api) => {
        const sectors = await api.StateMinerSectors(maddr, null, (await stateTipSet(api, cmd)).key)
        out(cmd, sectorLines(sectors))
      })
    })

  state.command('active-sectors')
    .description('Query the active sector set of a miner')
    .argument('[minerAddress]')
    .action(async (addrText: string | undefined, _o: unknown, cmd: Command) => {
      const maddr = addressArg(requireArg(addrText, 'must specify miner to list sectors for'), 'minerAddress')
      await withFullNode(cmd, async (api) => {
        const sectors = await api.StateMinerActiveSectors(maddr, (await stateTipSet(api, cmd)).key)
        out(cmd, sectorLines(sectors))
      })
    })

  state.command('sector')
    .alias('sector-info')
    .description('Get miner sector info')
    .argument('[minerAddress]')
    .argument('[sectorNumber]')
    .action(async (addrText: string | undefined, numText: string | undefined, _o: unknown, cmd: Command) => {
      checkArgCount(cmd, cmd.args, 2)
      const maddr = addressArg(addrText, 'minerAddress')
      const sid = sectorNumber(uintArg(numText ?? '', 'sector number', 'sectorNumber'), 'sectorNumber')
      await withFullNode(cmd, async (api) => {
        const ts = await stateTipSet(api, cmd)
        const si = await api.StateSectorGetInfo(maddr, sid, ts.key)
        if (si === null) throw new Error(`sector ${sid} for miner ${maddr.toString()} not found`)
        const sp = await api.StateSectorPartition(maddr, sid, ts.key)
        const blockDelay = (await api.Version()).BlockDelay
        const when = (e: number): string => epochTimeTs(ts.height, e, ts, blockDelay)
        // Go's fmt.Println: operands joined by a space, so `"SealProof: ", 8` prints two spaces.
        const lines = [
          `SectorNumber:  ${si.SectorNumber}`,
          `SealProof:  ${si.SealProof}`,
          `SealedCID:  ${si.SealedCID.toString()}`,
          ...(si.SectorKeyCID === null ? [] : [`SectorKeyCID:  ${si.SectorKeyCID.toString()}`]),
          `DealIDs:  [${si.DealIDs.join(' ')}]`,
          '',
          `Activation:  ${when(si.Activation)}`,
          `Expiration:  ${when(si.Expiration)}`,
          '',
          `DealWeight:  ${si.DealWeight}`,
          `VerifiedDealWeight:  ${si.VerifiedDealWeight}`,
          `InitialPledge:  ${formatFil(si.InitialPledge)}`,
          `ExpectedDayReward:  ${formatFil(si.ExpectedDayReward)}`,
          `ExpectedStoragePledge:  ${formatFil(si.ExpectedStoragePledge)}`,
          '',
          `Deadline:  ${sp.Deadline}`,
          `Partition:  ${sp.Partition}`,
          ''
        ]
        out(cmd, lines.join('\n'))
      })
    })
}

function sectorLines (sectors: readonly SectorOnChainInfo[]): string {
  return sectors.map((s) => `${s.SectorNumber}: ${s.SealedCID.toString()}\n`).join('')
}
