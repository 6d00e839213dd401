import type { Command } from 'commander'
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

/**
 * The `lotus-miner` command tree. Common commands (auth, log, version, wait-api, stop) go to
 * the miner, or to the markets node with `--call-on-markets`.
 */
export function lotusMinerProgram (io: CliIo = processIo()): Command {
  const program = addLotusMinerGlobals(makeProgram('lotus-miner', 'Filecoin decentralized storage network miner'))
  setProgramInfo(program, { io, commonNodeType: 'StorageMiner', callOnMarketsFlag: true })
  program
    .addCommand(stopCommand('Stop a running lotus miner'))
    .addCommand(configCommand({ repoType: 'StorageMiner', repoFlag: 'miner-repo' }))
    .addCommand(versionCommand())
    .addCommand(authCommand())
    .addCommand(logCommand())
    .addCommand(waitApiCommand())
  return program
}
