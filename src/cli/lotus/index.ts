import { Command } from 'commander'
import { authCommand } from '../commands/auth.js'
import { configCommand } from '../commands/config.js'
import { logCommand } from '../commands/log.js'
import { stopCommand } from '../commands/stop.js'
import { versionCommand } from '../commands/version.js'
import { waitApiCommand } from '../commands/wait-api.js'
import { addLotusGlobals } from '../globals.js'
import { type CliIo, processIo } from '../io.js'
import { makeProgram } from '../program.js'
import { setProgramInfo } from '../routing.js'

/** The `lotus` command tree. Common commands go to the full node (`FULLNODE_API_INFO`, `--repo`). */
export function lotusProgram (io: CliIo = processIo()): Command {
  const program = addLotusGlobals(makeProgram('lotus', 'Filecoin decentralized storage network client'))
  setProgramInfo(program, { io, commonNodeType: 'FullNode', callOnMarketsFlag: false })
  program
    .addCommand(daemonCommand())
    .addCommand(configCommand({ repoType: 'FullNode', repoFlag: 'repo' }))
    .addCommand(versionCommand())
    .addCommand(authCommand())
    .addCommand(logCommand())
    .addCommand(waitApiCommand())
  return program
}

/**
 * `lotus daemon`: Lotus stops its daemon with `lotus daemon stop`, so `stop` lives here.
 * Running the daemon itself is the full node's command, attached by its composition root.
 */
export function daemonCommand (): Command {
  return new Command('daemon')
    .description('Start a lotus daemon process')
    .addCommand(stopCommand('Stop a running lotus daemon'))
}
