/**
 * `lotus-miner run` (Lotus `cmd/lotus-miner/run.go`): runs the storage-provider node of
 * `--miner-repo` in this process until `lotus-miner stop`, SIGINT or SIGTERM. The full node is
 * found as every command finds it (`FULLNODE_API_INFO`, else `--repo`/`LOTUS_PATH`'s api file).
 */
import { Command, Option } from 'commander'
import { InvalidInputError, NelumboError } from '../../core/errors.js'
import type { MiningFactory } from '../../node/miner/index.js'
import { FsRepo } from '../../repo/index.js'
import { expandRepoPath } from '../endpoint/index.js'
import { globalFlags } from '../globals.js'
import { commandEndpoint } from '../node-api.js'
import { programInfo, routeTo } from '../routing.js'

interface RunFlags {
  minerApi?: string
  enableGpuProving: string | boolean
  nosync?: boolean
  manageFdlimit: string | boolean
}

/** What an embedding program may hand the node besides the flags: the mining subsystem. */
export interface RunOverrides {
  mining?: MiningFactory
}

export function runCommand (overrides: RunOverrides = {}): Command {
  return routeTo(new Command('run'), 'local')
    .description('Start a lotus miner process')
    .option('--miner-api <port>', '2345')
    .addOption(new Option('--enable-gpu-proving [bool]', 'enable use of GPU for mining operations').default(true))
    .option('--nosync', 'don\'t check full-node sync status')
    .addOption(new Option('--manage-fdlimit [bool]', 'manage open file limit').default(true))
    .action(async (flags: RunFlags, cmd: Command) => { await runMiner(flags, cmd, overrides) })
}

async function runMiner (flags: RunFlags, cmd: Command, overrides: RunOverrides): Promise<void> {
  const { io } = programInfo(cmd)
  let listen: string | undefined
  if (flags.minerApi !== undefined) {
    if (!/^\d+$/.test(flags.minerApi) || Number(flags.minerApi) > 65535) {
      throw new InvalidInputError('ERR_INVALID_FLAG', `expected a TCP port, got ${JSON.stringify(flags.minerApi)}`, { value: flags.minerApi, source: '--miner-api' })
    }
    listen = `/ip4/127.0.0.1/tcp/${flags.minerApi}/http`
  }
  if (String(flags.enableGpuProving) === 'false') process.env.BELLMAN_NO_GPU = 'true'
  const repoPath = expandRepoPath(globalFlags(cmd).repoFlags['miner-repo'], io.home)
  if (!new FsRepo('StorageMiner', repoPath).exists()) {
    throw new NelumboError('ERR_REPO_NOT_INITIALIZED', `repo at '${repoPath}' is not initialized, run 'lotus-miner init' to set it up`)
  }
  const endpoint = commandEndpoint(cmd, { target: 'full', version: 'v1' })
  if (isMarketsRepo(repoPath)) {
    const { startMarketsNode } = await import('../../node/markets/index.js')
    const node = await startMarketsNode({ repoPath, fullNode: { url: endpoint.url, token: endpoint.info.token }, apiListenAddress: listen, nosync: flags.nosync === true })
    await node.stopped
    return
  }
  // Loaded here so the other commands do not pay for the node's code at start-up.
  const { startMinerNode } = await import('../../node/miner/index.js')
  const node = await startMinerNode({
    repoPath,
    fullNode: { url: endpoint.url, token: endpoint.info.token },
    apiListenAddress: listen,
    nosync: flags.nosync === true,
    mining: overrides.mining
  })
  await node.stopped
}

/** A repo `init service --type=markets` made: Markets enabled, Mining not (read without taking the lock). */
function isMarketsRepo (repoPath: string): boolean {
  const s = new FsRepo('StorageMiner', repoPath).readConfig().Subsystems
  return s.EnableMarkets && !s.EnableMining
}
