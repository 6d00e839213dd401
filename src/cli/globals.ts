/**
 * Global flags of `lotus` and `lotus-miner` (Lotus `cmd/lotus-miner/main.go`), and their
 * effective values: a flag given on the command line, else its env var, else its default,
 * computed from the program's `CliIo` so tests control the environment.
 */
import { type Command, Option } from 'commander'
import { type RepoFlag, repoFlagValue } from './endpoint/index.js'
import { programInfo } from './routing.js'

interface RawGlobals {
  repo?: string
  minerRepo?: string
  storagerepo?: string
  marketsRepo?: string
  workerRepo?: string
  callOnMarkets?: boolean
  vv?: boolean
  actor?: string
  color?: boolean
}

export interface GlobalFlags {
  /** Effective value of every repo flag (empty when unset and without default). */
  readonly repoFlags: Readonly<Record<RepoFlag, string>>
  readonly callOnMarkets: boolean
  /** `--vv`: print which endpoint each API client uses. */
  readonly veryVerbose: boolean
  /** `--actor`: overrides the miner actor address commands would ask the miner for. */
  readonly actor: string | undefined
}

/** `lotus`: `--repo` (LOTUS_PATH), `--vv`, `--color`. */
export function addLotusGlobals (program: Command): Command {
  return program
    .addOption(new Option('--repo <path>', 'full node repo path (env: LOTUS_PATH) (default: "~/.lotus")'))
    .addOption(new Option('--vv', 'enables very verbose mode, useful for debugging the CLI'))
    .addOption(new Option('--color', 'use color in display output (default: depends on output being a TTY)'))
}

/** `lotus-miner`: the flags of §2.1, `--storagerepo` being the deprecated alias of `--miner-repo`. */
export function addLotusMinerGlobals (program: Command): Command {
  return program
    .addOption(new Option('-a, --actor <address>', 'specify other actor to query / manipulate'))
    .addOption(new Option('--color', 'use color in display output (default: depends on output being a TTY)'))
    .addOption(new Option('--repo <path>', 'full node repo path (env: LOTUS_PATH)').hideHelp())
    .addOption(new Option('--miner-repo <path>', 'miner repo path (env: LOTUS_MINER_PATH, LOTUS_STORAGE_PATH) (default: "~/.lotusminer")'))
    .addOption(new Option('--storagerepo <path>', 'deprecated alias of --miner-repo').hideHelp())
    .addOption(new Option('--markets-repo <path>', 'markets repo path (env: LOTUS_MARKETS_PATH)'))
    .addOption(new Option('--call-on-markets', '(experimental; may be removed) call this command against a markets node; use only with common commands like net, auth, pprof, etc.'))
    .addOption(new Option('--vv', 'enables very verbose mode, useful for debugging the CLI'))
}

export function globalFlags (cmd: Command): GlobalFlags {
  const raw = cmd.optsWithGlobals<RawGlobals>()
  const env = programInfo(cmd).io.env
  return {
    repoFlags: {
      repo: repoFlagValue('repo', raw.repo, env),
      'miner-repo': repoFlagValue('miner-repo', raw.minerRepo ?? raw.storagerepo, env),
      'markets-repo': repoFlagValue('markets-repo', raw.marketsRepo, env),
      'worker-repo': repoFlagValue('worker-repo', raw.workerRepo, env)
    },
    callOnMarkets: raw.callOnMarkets === true,
    veryVerbose: raw.vv === true,
    actor: raw.actor
  }
}
