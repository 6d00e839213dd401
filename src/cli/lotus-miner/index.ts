import type { Command } from 'commander'
import { actorId } from '../../core/types.js'
import { authCommand } from '../commands/auth.js'
import { configCommand } from '../commands/config.js'
import { logCommand } from '../commands/log.js'
import { stopCommand } from '../commands/stop.js'
import { versionCommand } from '../commands/version.js'
import { waitApiCommand } from '../commands/wait-api.js'
import { addLotusMinerGlobals } from '../globals.js'
import { type CliIo, processIo } from '../io.js'
import { makeProgram } from '../program.js'
import { setProgramInfo } from '../routing.js'
import { actorCommand } from './actor.js'
import { backupCommand } from './backup.js'
import { infoCommand } from './info.js'
import { initCommand } from './init.js'
import { netCommand } from './net.js'
import { actorAddress, withMiner } from './miner-api.js'
import { provingCommand } from './proving.js'
import { type RunOverrides, runCommand } from './run.js'
import { sealingCommand } from './sealing.js'
import { sectorsCommand } from './sectors.js'
import { storageDealsCommand } from './storage-deals.js'
import { storageCommand } from './storage.js'

export type { RunOverrides }

/**
 * The `lotus-miner` command tree. Common commands (auth, log, version, wait-api, stop) go to
 * the miner, or to the markets node with `--call-on-markets`; `init` and `run` work on
 * `--miner-repo` with the full node; the rest talk to the mining node.
 */
export function lotusMinerProgram (io: CliIo = processIo(), overrides: { run?: RunOverrides } = {}): Command {
  const program = addLotusMinerGlobals(makeProgram('lotus-miner', 'Filecoin decentralized storage network miner'))
  setProgramInfo(program, { io, commonNodeType: 'StorageMiner', callOnMarketsFlag: true })
  program
    .addCommand(initCommand())
    .addCommand(runCommand(overrides.run))
    .addCommand(stopCommand('Stop a running lotus miner'))
    .addCommand(configCommand({ repoType: 'StorageMiner', repoFlag: 'miner-repo' }))
    .addCommand(backupCommand())
    .addCommand(versionCommand())
    .addCommand(actorCommand())
    .addCommand(infoCommand())
    .addCommand(authCommand())
    .addCommand(logCommand())
    .addCommand(waitApiCommand())
    .addCommand(storageDealsCommand())
    .addCommand(netCommand())
    .addCommand(sectorsCommand())
    .addCommand(provingCommand())
    .addCommand(storageCommand({
      minerActorId: async (cmd) => await withMiner(cmd, async (api) => actorId((await actorAddress(cmd, api)).id(), 'miner address'))
    }))
    .addCommand(sealingCommand())
  return program
}
