/**
 * `lotus-seed genesis new <file>`: a Lotus genesis template plus the devnet's network
 * parameters (flags below) and pre-funded accounts whose keys go in `<file>.keys/`.
 */
import { Command } from 'commander'
import { InvalidInputError } from '../../core/errors.js'
import { parseFil } from '../../core/token/index.js'
import { DEFAULT_NETWORK_PARAMS, newTemplate, writeTemplate, writeTemplateKeys, type NetworkParams } from '../../chain/genesis/index.js'
import { expandHome, FlagValueError, parseByteSize, parseCount, parseDurationMs, parseTimestamp } from './flags.js'
import type { SeedIo } from './io.js'

interface NewFlags {
  networkName?: string
  timestamp?: string
  accounts: string
  accountBalance: string
  blockDelay?: string
  sectorSizes?: string
  provingPeriod?: string
  deadlines?: string
  challengeWindow?: string
  preCommitChallengeDelay?: string
  minDealDuration?: string
  maxDealDuration?: string
  minMinerPower?: string
}

/** The network parameter flags, read into a partial NetworkParams with errors naming each flag. */
export function paramsFromFlags (f: NewFlags): Partial<NetworkParams> {
  const p: Partial<NetworkParams> = {}
  if (f.blockDelay !== undefined) {
    p.BlockDelayMs = parseDurationMs(f.blockDelay, '--block-delay')
    if (p.BlockDelayMs < 100) throw new FlagValueError('--block-delay', `block delay must be at least 100ms, got ${f.blockDelay}`, f.blockDelay)
  }
  if (f.sectorSizes !== undefined) p.SupportedSectorSizes = f.sectorSizes.split(',').map((s) => parseByteSize(s, '--sector-sizes'))
  const epochs = (v: string | undefined, flag: string): number | undefined => v === undefined ? undefined : parseCount(v, flag, 1)
  const deadlines = epochs(f.deadlines, '--deadlines') ?? DEFAULT_NETWORK_PARAMS.WPoStPeriodDeadlines
  const window = epochs(f.challengeWindow, '--challenge-window') ?? DEFAULT_NETWORK_PARAMS.WPoStChallengeWindow
  const period = epochs(f.provingPeriod, '--proving-period')
  if (f.deadlines !== undefined || f.challengeWindow !== undefined || period !== undefined) {
    // Two of the three fix the third; all three must agree.
    if (period === undefined) {
      p.WPoStPeriodDeadlines = deadlines
      p.WPoStChallengeWindow = window
      p.WPoStProvingPeriod = deadlines * window
    } else if (f.challengeWindow === undefined && period % deadlines === 0) {
      p.WPoStPeriodDeadlines = deadlines
      p.WPoStChallengeWindow = period / deadlines
      p.WPoStProvingPeriod = period
    } else if (period !== deadlines * window) {
      throw new FlagValueError('--proving-period', `proving period ${period} must equal --deadlines (${deadlines}) × --challenge-window (${window})`, period)
    } else {
      p.WPoStPeriodDeadlines = deadlines
      p.WPoStChallengeWindow = window
      p.WPoStProvingPeriod = period
    }
  }
  const delay = epochs(f.preCommitChallengeDelay, '--pre-commit-challenge-delay')
  if (delay !== undefined) p.PreCommitChallengeDelay = delay
  const minDeal = epochs(f.minDealDuration, '--min-deal-duration')
  if (minDeal !== undefined) p.MinDealDuration = minDeal
  const maxDeal = epochs(f.maxDealDuration, '--max-deal-duration')
  if (maxDeal !== undefined) p.MaxDealDuration = maxDeal
  if (f.minMinerPower !== undefined) p.ConsensusMinerMinPower = BigInt(parseByteSize(f.minMinerPower, '--min-miner-power'))
  return p
}

export function genesisNewCommand (io: SeedIo): Command {
  const d = DEFAULT_NETWORK_PARAMS
  return new Command('new')
    .description('create new genesis template')
    .argument('<file>', 'the template to write, e.g. localnet.json')
    .option('--network-name <name>', 'network name (default localnet-<uuid>)')
    .option('--timestamp <time>', 'the genesis timestamp as an RFC3339 string, e.g. 2025-02-27T15:04:05Z (default: when the genesis is made)')
    .option('--accounts <n>', 'pre-funded accounts to create; their keys go in <file>.keys/', '1')
    .option('--account-balance <fil>', 'balance of each pre-funded account', '10000000 FIL')
    .option('--block-delay <duration>', `epoch length, e.g. 4s or 250ms (default ${d.BlockDelayMs / 1000}s)`)
    .option('--sector-sizes <sizes>', `comma-separated sector sizes miners may use (default ${d.SupportedSectorSizes.map((s) => s >= 2 ** 20 ? `${s / 2 ** 20}MiB` : `${s / 1024}KiB`).join(',')})`)
    .option('--proving-period <epochs>', `Window PoSt proving period (default ${d.WPoStProvingPeriod}, = deadlines × challenge window)`)
    .option('--deadlines <n>', `deadlines per proving period (default ${d.WPoStPeriodDeadlines})`)
    .option('--challenge-window <epochs>', `epochs per deadline (default ${d.WPoStChallengeWindow})`)
    .option('--pre-commit-challenge-delay <epochs>', `epochs from PreCommit to the ProveCommit seed (default ${d.PreCommitChallengeDelay})`)
    .option('--min-deal-duration <epochs>', `shortest deal (default ${d.MinDealDuration})`)
    .option('--max-deal-duration <epochs>', `longest deal (default ${d.MaxDealDuration})`)
    .option('--min-miner-power <size>', `power a miner needs to mine blocks (default ${d.ConsensusMinerMinPower} bytes)`)
    .action(async (file: string, flags: NewFlags) => {
      const path = expandHome(file, io.home)
      let balance
      try {
        balance = parseFil(flags.accountBalance, '--account-balance')
      } catch (err) {
        throw new FlagValueError('--account-balance', (err as InvalidInputError).message.replace(/^--account-balance: /, ''), flags.accountBalance)
      }
      const { template, keys } = newTemplate({
        networkName: flags.networkName,
        timestamp: flags.timestamp === undefined ? undefined : parseTimestamp(flags.timestamp, '--timestamp'),
        accounts: parseCount(flags.accounts, '--accounts'),
        accountBalance: balance,
        params: paramsFromFlags(flags)
      })
      await writeTemplate(path, template)
      const files = await writeTemplateKeys(path, keys)
      io.stdout(`Wrote genesis template ${path} (network ${template.NetworkName})\n`)
      for (const a of template.Accounts) io.stdout(`  account ${a.Type === 'account' ? a.Meta.Owner.toString() : '(multisig)'}\n`)
      io.stdout(`Account keys (hex, for \`lotus wallet import\`) in ${files.length > 0 ? `${path}.keys/` : '(none)'}\n`)
    })
}
