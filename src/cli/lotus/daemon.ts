/**
 * `lotus daemon` (Lotus `cmd/lotus/daemon.go`): runs the full node in this process until
 * `lotus daemon stop`, SIGINT or SIGTERM. Flags as Lotus: `--api <port>`, `--genesis <car>`,
 * `--lotus-make-genesis <car>` with `--genesis-template <json>`, `--bootstrap` (this node has no
 * peer-to-peer network, so `false` is the only mode it runs in). Chain imports are refused with
 * a reason rather than ignored.
 */
import { Command, Option } from 'commander'
import { InvalidInputError } from '../../core/errors.js'
import { expandRepoPath } from '../endpoint/index.js'
import { globalFlags } from '../globals.js'
import { programInfo, routeTo } from '../routing.js'
import { stopCommand } from '../commands/stop.js'
import { genesisTooling } from './genesis-tooling.js'

interface DaemonFlags {
  api?: string
  genesis?: string
  lotusMakeGenesis?: string
  genesisTemplate?: string
  bootstrap: string
  importSnapshot?: string
  importChain?: string
  lite?: boolean
}


export function daemonCommand (): Command {
  const daemon = routeTo(new Command('daemon'), 'local')
    .description('Start a lotus daemon process')
    .addOption(new Option('--api <port>', 'port the API listens on (127.0.0.1)').default('1234'))
    .addOption(new Option('--genesis <file>', 'genesis file to use for first node run'))
    .addOption(new Option('--lotus-make-genesis <file>', 'make a genesis CAR at this path from --genesis-template, then use it').hideHelp())
    .addOption(new Option('--genesis-template <file>', 'genesis template for --lotus-make-genesis').hideHelp())
    .addOption(new Option('--bootstrap [bool]', 'connect to bootstrap peers (this devnet node has no peers: only false is supported)').default('true'))
    .addOption(new Option('--import-chain <file>', 'on first run, load chain from given file or url and validate'))
    .addOption(new Option('--import-snapshot <file>', 'import chain state from a given chain export file or url'))
    .addOption(new Option('--lite', 'start lotus in lite mode'))
    .action(async (flags: DaemonFlags, cmd: Command) => { await runDaemon(flags, cmd) })
  daemon.addCommand(stopCommand('Stop a running lotus daemon'))
  return daemon
}

async function runDaemon (flags: DaemonFlags, cmd: Command): Promise<void> {
  const { io } = programInfo(cmd)
  if (flags.importSnapshot !== undefined || flags.importChain !== undefined) {
    const flag = flags.importSnapshot !== undefined ? '--import-snapshot' : '--import-chain'
    throw new InvalidInputError('ERR_UNSUPPORTED_FLAG',
      'importing a chain is not supported: this node runs its own local devnet chain; start it with --genesis or --lotus-make-genesis instead',
      { value: flags.importSnapshot ?? flags.importChain, source: flag })
  }
  if (flags.lite === true) {
    throw new InvalidInputError('ERR_UNSUPPORTED_FLAG', 'lite mode needs a gateway to a network; this node runs a local devnet', { source: '--lite' })
  }
  const bootstrap = flags.bootstrap === true as unknown as string ? 'true' : String(flags.bootstrap)
  if (bootstrap !== 'true' && bootstrap !== 'false') {
    throw new InvalidInputError('ERR_INVALID_FLAG', `expected true or false, got ${JSON.stringify(flags.bootstrap)}`, { value: flags.bootstrap, source: '--bootstrap' })
  }
  if ((flags.lotusMakeGenesis === undefined) !== (flags.genesisTemplate === undefined)) {
    throw new InvalidInputError('ERR_INVALID_FLAG',
      flags.lotusMakeGenesis !== undefined ? 'must also pass file with genesis template to `--genesis-template`' : '--genesis-template only works with --lotus-make-genesis',
      { source: flags.lotusMakeGenesis !== undefined ? '--lotus-make-genesis' : '--genesis-template' })
  }
  if (flags.genesis !== undefined && flags.lotusMakeGenesis !== undefined) {
    throw new InvalidInputError('ERR_INVALID_FLAG', 'give either --genesis or --lotus-make-genesis, not both', { source: '--genesis' })
  }
  const port = flags.api ?? '1234'
  if (!/^\d+$/.test(port) || Number(port) > 65535) {
    throw new InvalidInputError('ERR_INVALID_FLAG', `expected a TCP port, got ${JSON.stringify(port)}`, { value: port, source: '--api' })
  }
  const apiSet = cmd.getOptionValueSource('api') === 'cli'
  const repoPath = expandRepoPath(globalFlags(cmd).repoFlags.repo, io.home)

  // Loaded here so the other commands do not pay for the chain code at start-up.
  const { startFullNode } = await import('../../node/fullnode/index.js')
  const node = await startFullNode({
    repoPath,
    apiListenAddress: apiSet ? `/ip4/127.0.0.1/tcp/${port}/http` : undefined,
    genesis: flags.genesis !== undefined
      ? { kind: 'car', carPath: flags.genesis }
      : flags.lotusMakeGenesis !== undefined
        ? { kind: 'make', carPath: flags.lotusMakeGenesis, templatePath: flags.genesisTemplate! }
        : undefined,
    tooling: genesisTooling()
  })
  if (bootstrap === 'true') {
    io.stderr(`${new Date().toISOString()}\tWARN\tmain\tno bootstrap peers: this node runs a local devnet without peer-to-peer networking (--bootstrap=false)\n`)
  }
  await node.stopped
}
