/**
 * `lotus state` over the miner and power actors (Lotus v1.20 `cli/state.go`): miner-info,
 * miner-proving-deadline, sector-size, power. Each reads the state of `--tipset` (the head
 * when unset).
 */
import type { Command } from 'commander'
import type { DeadlineInfo, MinerInfo } from '../../api/fullnode/types/miner.js'
import type { Address } from '../../core/address/index.js'
import { formatFil } from '../../core/token/index.js'
import { builtinActorCodeName } from '../../chain/actors/index.js'
import type { TipSetKey } from '../../chain/types/index.js'
import { epochTime } from '../lotus-miner/format.js'
import { addressArg, type FullNodeApi, out, withFullNode } from './full-api.js'
import { deciStr, percentStr, sizeStr } from './go-fmt.js'
import { multiaddrString } from './multiaddr-bytes.js'
import { requireArg, stateTipSet } from './state-args.js'

export function addMinerStateCommands (state: Command): void {
  state.command('power')
    .description('Query network or miner power')
    .argument('[minerAddress]', 'optional')
    .action(async (addrText: string | undefined, _o: unknown, cmd: Command) => {
      const maddr = addrText === undefined ? undefined : addressArg(addrText, 'minerAddress')
      await withFullNode(cmd, async (api) => {
        const ts = await stateTipSet(api, cmd)
        if (maddr !== undefined) {
          const actor = await api.StateGetActor(maddr, ts.key)
          if (builtinActorCodeName(actor.Code)?.name !== 'storageminer') {
            throw new Error(`provided address ${maddr.toString()} does not correspond to a miner actor (code ${actor.Code.toString()})`)
          }
        }
        const power = await api.StateMinerPower(maddr ?? null, ts.key)
        const tp = power.TotalPower.QualityAdjPower
        if (maddr === undefined) {
          out(cmd, `${tp}(${sizeStr(tp)})\n`)
          return
        }
        const mp = power.MinerPower.QualityAdjPower
        out(cmd, `${mp}(${sizeStr(mp)}) / ${tp}(${sizeStr(tp)}) ~= ${percentStr(mp, tp)}%\n`)
      })
    })

  state.command('sector-size')
    .description('Look up miners sector size')
    .argument('[minerAddress]')
    .action(async (addrText: string | undefined, _o: unknown, cmd: Command) => {
      const maddr = addressArg(requireArg(addrText, "must pass miner's address"), 'minerAddress')
      await withFullNode(cmd, async (api) => {
        const mi = await api.StateMinerInfo(maddr, (await stateTipSet(api, cmd)).key)
        out(cmd, `${sizeStr(BigInt(mi.SectorSize))} (${mi.SectorSize})\n`)
      })
    })

  state.command('miner-info')
    .description('Retrieve miner information')
    .argument('[minerAddress]')
    .action(async (addrText: string | undefined, _o: unknown, cmd: Command) => {
      const maddr = addressArg(requireArg(addrText, 'must specify miner to get information for'), 'minerAddress')
      await withFullNode(cmd, async (api) => { out(cmd, await minerInfoText(api, cmd, maddr)) })
    })

  state.command('miner-proving-deadline')
    .description("Retrieve information about a given miner's proving deadline")
    .argument('[minerAddress]')
    .action(async (addrText: string | undefined, _o: unknown, cmd: Command) => {
      const maddr = addressArg(requireArg(addrText, 'must specify miner to get information for'), 'minerAddress')
      await withFullNode(cmd, async (api) => {
        const cd = await provingDeadline(api, maddr, (await stateTipSet(api, cmd)).key)
        out(cmd, [
          `Period Start:\t${cd.PeriodStart}`, `Index:\t\t${cd.Index}`, `Open:\t\t${cd.Open}`, `Close:\t\t${cd.Close}`,
          `Challenge:\t${cd.Challenge}`, `FaultCutoff:\t${cd.FaultCutoff}`, ''
        ].join('\n'))
      })
    })
}

async function provingDeadline (api: FullNodeApi, maddr: Address, tsk: TipSetKey): Promise<DeadlineInfo> {
  try {
    return await api.StateMinerProvingDeadline(maddr, tsk)
  } catch (err) {
    throw new Error(`getting miner info: ${(err as Error).message}`, { cause: err })
  }
}

async function minerInfoText (api: FullNodeApi, cmd: Command, maddr: Address): Promise<string> {
  const ts = await stateTipSet(api, cmd)
  const mi = await api.StateMinerInfo(maddr, ts.key)
  let available
  try {
    available = await api.StateMinerAvailableBalance(maddr, ts.key)
  } catch (err) {
    throw new Error(`getting miner available balance: ${(err as Error).message}`, { cause: err })
  }
  let text = `Available Balance: ${formatFil(available)}\n`
  text += `Owner:\t${mi.Owner.toString()}\n`
  text += `Worker:\t${mi.Worker.toString()}\n`
  mi.ControlAddresses.forEach((a, i) => { text += `Control ${i}: \t${a.toString()}\n` })
  text += beneficiaryText(mi)
  text += `PeerID:\t${mi.PeerId ?? '<nil>'}\n`
  text += `Multiaddrs:\t${mi.Multiaddrs.map((m) => `${multiaddrString(m)} `).join('')}\n`
  text += `Consensus Fault End:\t${mi.ConsensusFaultElapsed}\n`
  text += `SectorSize:\t${sizeStr(BigInt(mi.SectorSize))} (${mi.SectorSize})\n`

  const pow = await api.StateMinerPower(maddr, ts.key)
  const [mp, tp] = [pow.MinerPower, pow.TotalPower]
  text += `Byte Power:   ${sizeStr(mp.RawBytePower)} / ${sizeStr(tp.RawBytePower)} (${percentStr(mp.RawBytePower, tp.RawBytePower)}%)\n`
  text += `Actual Power: ${deciStr(mp.QualityAdjPower)} / ${deciStr(tp.QualityAdjPower)} (${percentStr(mp.QualityAdjPower, tp.QualityAdjPower)}%)\n`
  text += '\n'

  const cd = await provingDeadline(api, maddr, ts.key)
  const blockDelay = (await api.Version()).BlockDelay
  text += `Proving Period Start:\t${epochTime(cd.CurrentEpoch, cd.PeriodStart, blockDelay)}\n`
  return text
}

/** The beneficiary, its term when it is not the owner, and a pending change (amounts in attoFIL, as Lotus prints them). */
function beneficiaryText (mi: MinerInfo): string {
  let text = `Beneficiary:\t${mi.Beneficiary.toString()}\n`
  if (!mi.Beneficiary.equals(mi.Owner) && mi.BeneficiaryTerm !== null) {
    text += `Beneficiary Quota:\t${mi.BeneficiaryTerm.Quota}\n`
    text += `Beneficiary Used Quota:\t${mi.BeneficiaryTerm.UsedQuota}\n`
    text += `Beneficiary Expiration:\t${mi.BeneficiaryTerm.Expiration}\n`
  }
  const p = mi.PendingBeneficiaryTerm
  if (p !== null) {
    text += 'Pending Beneficiary Term:\n'
    text += `New Beneficiary:\t${p.NewBeneficiary.toString()}\n`
    text += `New Quota:\t${p.NewQuota}\n`
    text += `New Expiration:\t${p.NewExpiration}\n`
    text += `Approved By Beneficiary:\t${p.ApprovedByBeneficiary}\n`
    text += `Approved By Nominee:\t${p.ApprovedByNominee}\n`
  }
  return text
}
