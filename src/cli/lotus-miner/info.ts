/**
 * `lotus-miner info` (Lotus `cmd/lotus-miner/info.go`): the subsystems the miner (and markets)
 * API report, uptime, chain sync, the miner's power, expected win rate and blocks won, balances
 * from the full node, its sectors by state and, with `--blocks N`, its newest blocks. Figures
 * the full node cannot answer yet are reported as such, not invented.
 */
import { Command } from 'commander'
import type { FullNodeApi } from '../../api/fullnode/index.js'
import type { MinerPower } from '../../api/fullnode/types/miner.js'
import { MinerContract } from '../../api/miner.js'
import { SECTOR_STATES } from '../../api/sealing.js'
import type { Address } from '../../core/address/index.js'
import { InvalidInputError } from '../../core/errors.js'
import { formatFilShort } from '../../core/token/index.js'
import { ExpectedLeadersPerEpoch } from '../../chain/actors/builtin/reward/state.js'
import { TipSetKey, type TipSet } from '../../chain/types/index.js'
import { withNodeApi } from '../node-api.js'
import { routeTo } from '../routing.js'
import { withFullNode } from '../lotus/full-api.js'
import { deciStr, sizeStr } from '../lotus/go-fmt.js'
import { goTime } from './format.js'
import { blocksWonLine, producedBlocks } from './info-blocks.js'
import { type MinerApi, actorAddress, print, withMiner } from './miner-api.js'

interface InfoFlags { hideSectorsInfo?: boolean, blocks?: string }

export function infoCommand (): Command {
  const info = routeTo(new Command('info'), 'miner')
    .description('Print miner info')
    .option('--hide-sectors-info', 'hide sectors info')
    .option('--blocks <n>', 'Log of produced <blocks> newest blocks and rewards(Miner Fee excluded)')
    .action(async (flags: InfoFlags, cmd: Command) => {
      if (flags.blocks !== undefined && !/^\d+$/.test(flags.blocks)) {
        throw new InvalidInputError('ERR_ARGS', `invalid value ${JSON.stringify(flags.blocks)} for flag --blocks: not a non-negative integer`, { value: flags.blocks, source: '--blocks' })
      }
      await withMiner(cmd, async (miner) => {
        await withFullNode(cmd, async (full) => { await printInfo(cmd, miner, full, flags) })
      })
    })
  return info
}

async function printInfo (cmd: Command, miner: MinerApi, full: FullNodeApi, flags: InfoFlags): Promise<void> {
  const out = (s: string): void => { print(cmd, s) }
  out(`Enabled subsystems (from miner API): [${(await miner.RuntimeSubsystems()).join(' ')}]\n`)
  const markets = await withNodeApi(cmd, MinerContract, async (m) => await m.RuntimeSubsystems(), { target: 'markets' })
    .then((s) => `[${s.join(' ')}]`, (err: Error) => `unavailable (${err.message})`)
  out(`Enabled subsystems (from markets API): ${markets}\n`)
  const start = await miner.StartTime()
  out(`StartTime: ${goDuration(Date.now() - start.getTime())} (started at ${goTime(Math.floor(start.getTime() / 1000))})\n`)

  const head = await full.ChainHead()
  const delay = (await full.Version()).BlockDelay
  const behind = Math.floor(Date.now() / 1000) - head.minTimestamp
  const sync = behind < delay * 3 / 2 ? 'sync ok' : behind < delay * 5 ? `sync slow (${goDuration(behind * 1000)} behind)` : `sync behind! (${goDuration(behind * 1000)} behind)`
  out(`Chain: [${sync}] [basefee ${formatFilShort(head.minTicketBlock.ParentBaseFee)}]\n`)
  out('\n')

  const maddr = await actorAddress(cmd, miner)
  const sectorSize = await miner.ActorSectorSize(maddr)
  out(`Miner: ${maddr.toString()} (${sizeStr(BigInt(sectorSize))} sectors)\n`)
  await printPower(out, full, maddr, sectorSize)
  await printMining(out, full, head, maddr, delay)
  out('\n')
  await printBalances(out, full, maddr)

  if (flags.hideSectorsInfo !== true) {
    out('\n')
    out('Sectors:\n')
    const summary = await miner.SectorsSummary()
    const total = Object.values(summary).reduce((a, b) => a + b, 0)
    const order = ['Total', 'Proving', 'Available', ...SECTOR_STATES.filter((s: string) => s !== 'Proving' && s !== 'Available')]
    const rank = (s: string): number => { const i = order.indexOf(s); return i < 0 ? order.length : i }
    const rows = [['Total', total] as const, ...Object.entries(summary)].sort((a, b) => rank(a[0]) - rank(b[0]))
    for (const [state, n] of rows) out(`\t${state}: ${n}\n`)
  }

  if (flags.blocks !== undefined) {
    out('Produced newest blocks:\n')
    out(await producedBlocks(full, head, maddr, Number(flags.blocks)))
  }
}

type Out = (s: string) => void

async function printPower (out: Out, full: FullNodeApi, maddr: Address, sectorSize: number): Promise<void> {
  try {
    const pow = await full.StateMinerPower(maddr, TipSetKey.empty)
    const pct = (a: bigint, b: bigint): string => b === 0n ? '0.0000' : (Number(a * 1_000_000n / b) / 10_000).toFixed(4)
    out(`Power: ${deciStr(pow.MinerPower.QualityAdjPower)} / ${deciStr(pow.TotalPower.QualityAdjPower)} (${pct(pow.MinerPower.QualityAdjPower, pow.TotalPower.QualityAdjPower)}%)\n`)
    out(`\tRaw: ${sizeStr(pow.MinerPower.RawBytePower)} / ${sizeStr(pow.TotalPower.RawBytePower)} (${pct(pow.MinerPower.RawBytePower, pow.TotalPower.RawBytePower)}%)\n`)
  } catch (err) {
    out(`Power: unavailable (${(err as Error).message})\n`)
  }
  try {
    const c = await full.StateMinerSectorCount(maddr, TipSetKey.empty)
    out(`\tCommitted: ${sizeStr(BigInt(c.Live * sectorSize))}\n`)
    if (c.Faulty === 0) out(`\tProving: ${sizeStr(BigInt((c.Active + c.Faulty) * sectorSize))}\n`)
    else out(`\tProving: ${sizeStr(BigInt(c.Active * sectorSize))} (${sizeStr(BigInt(c.Faulty * sectorSize))} Faulty, ${(c.Faulty * 100 / c.Live).toFixed(2)}%)\n`)
  } catch (err) {
    out(`\tCommitted/Proving: unavailable from the full node (${(err as Error).message})\n`)
  }
}

/** Eligibility and expected win rate (Lotus), then the blocks won lately (Nelumbo). */
async function printMining (out: Out, full: FullNodeApi, head: TipSet, maddr: Address, blockDelaySecs: number): Promise<void> {
  try {
    for (const l of winRateLines(await full.StateMinerPower(maddr, TipSetKey.empty), blockDelaySecs)) out(`${l}\n`)
  } catch (err) {
    out(`Expected block win rate: unavailable (${(err as Error).message})\n`)
  }
  try {
    out(`${await blocksWonLine(full, head, maddr)}\n`)
  } catch (err) {
    out(`Blocks won: unavailable (${(err as Error).message})\n`)
  }
}

/**
 * Lotus's win-rate line: the QA share (in millionths, rounded down) × the expected leaders per
 * epoch is the chance to win an epoch; its inverse in block times is the expected interval.
 */
export function winRateLines (pow: MinerPower, blockDelaySecs: number): string[] {
  if (!pow.HasMinPower) return ['Below minimum power threshold, no blocks will be won']
  const total = pow.TotalPower.QualityAdjPower
  if (total <= 0n) return []
  const qperc = pow.MinerPower.QualityAdjPower * 1_000_000n / total
  const chance = Math.min(1, Number(qperc * ExpectedLeadersPerEpoch) / 1_000_000)
  if (chance <= 0) return []
  // Go keeps the interval as whole nanoseconds (time.Duration) before dividing a day by it.
  const intervalNs = Math.trunc(blockDelaySecs * 1e9 / chance)
  return [`Expected block win rate: ${(86_400e9 / intervalNs).toFixed(4)}/day (every ${goDuration(intervalNs / 1e6)})`]
}

async function printBalances (out: Out, full: FullNodeApi, maddr: Address): Promise<void> {
  const tryGet = async <T>(f: () => Promise<T>): Promise<T | undefined> => { try { return await f() } catch { return undefined } }
  const act = await tryGet(async () => await full.StateGetActor(maddr, TipSetKey.empty))
  const avail = await tryGet(async () => await full.StateMinerAvailableBalance(maddr, TipSetKey.empty))
  const fil = (v: bigint | undefined): string => v === undefined ? 'unavailable' : formatFilShort(v)
  out(`Miner Balance:    ${fil(act?.Balance)}\n`)
  out(`      Available:  ${fil(avail)}\n`)
  const mb = await tryGet(async () => await full.StateMarketBalance(maddr, TipSetKey.empty))
  out(`Market Balance:   ${fil(mb?.Escrow)}\n`)
  out(`       Locked:    ${fil(mb?.Locked)}\n`)
  out(`       Available: ${fil(mb === undefined ? undefined : mb.Escrow - mb.Locked)}\n`)
  const info = await tryGet(async () => await full.StateMinerInfo(maddr, TipSetKey.empty))
  const wb = info === undefined ? undefined : await tryGet(async () => await full.WalletBalance(info.Worker))
  out(`Worker Balance:   ${fil(wb)}\n`)
  const spendable = [avail, mb === undefined ? undefined : mb.Escrow - mb.Locked, wb].reduce<bigint | undefined>((a, b) => a === undefined || b === undefined ? undefined : a + b, 0n)
  out(`Total Spendable:  ${fil(spendable)}\n`)
}

/** Go's time.Duration String, truncated to seconds: `1h2m3s`, `4m0s`, `12s`. */
export function goDuration (ms: number): string {
  let s = Math.max(0, Math.floor(ms / 1000))
  const h = Math.floor(s / 3600)
  s -= h * 3600
  const m = Math.floor(s / 60)
  s -= m * 60
  if (h > 0) return `${h}h${m}m${s}s`
  if (m > 0) return `${m}m${s}s`
  return `${s}s`
}
