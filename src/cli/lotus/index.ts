import type { Command } from 'commander'
import { authCommand } from '../commands/auth.js'
import { configCommand } from '../commands/config.js'
import { logCommand } from '../commands/log.js'
import { versionCommand } from '../commands/version.js'
import { waitApiCommand } from '../commands/wait-api.js'
import { addLotusGlobals } from '../globals.js'
import { type CliIo, processIo } from '../io.js'
import { makeProgram } from '../program.js'
import { routeTo, setProgramInfo } from '../routing.js'
import { chainCommand } from './chain.js'
import { clientCommand } from './client.js'
import { daemonCommand } from './daemon.js'
import { fetchParamsCommand } from './fetch-params.js'
import { mpoolCommand } from './mpool.js'
import { sendCommand } from './send.js'
import { stateCommand } from './state.js'
import { syncCommand } from './sync.js'
import { walletCommand } from './wallet.js'

/** The `lotus` command tree. Common commands go to the full node (`FULLNODE_API_INFO`, `--repo`). */
export function lotusProgram (io: CliIo = processIo()): Command {
  const program = addLotusGlobals(makeProgram('lotus', 'Filecoin decentralized storage network client'))
  setProgramInfo(program, { io, commonNodeType: 'FullNode', callOnMarketsFlag: false })
  program
    .addCommand(daemonCommand())
    .addCommand(routeTo(fetchParamsCommand((t) => { io.stdout(t) }), 'local'))
    .addCommand(sendCommand())
    .addCommand(walletCommand())
    .addCommand(chainCommand())
    .addCommand(mpoolCommand())
    .addCommand(stateCommand())
    .addCommand(clientCommand())
    .addCommand(syncCommand())
    .addCommand(configCommand({ repoType: 'FullNode', repoFlag: 'repo' }))
    .addCommand(versionCommand())
    .addCommand(authCommand())
    .addCommand(logCommand())
    .addCommand(waitApiCommand())
  return program
}

export { daemonCommand }
