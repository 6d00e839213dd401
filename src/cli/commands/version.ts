import { Command } from 'commander'
import { CommonContract, versionString } from '../../api/index.js'
import { BUILD_VERSION } from '../../version.js'
import { withNodeApi } from '../node-api.js'
import { programInfo, rootOf, routeTo } from '../routing.js'

/** `version`: the daemon's version (`<build>+api<x.y.z>`), then the local binary's, as Lotus prints them. */
export function versionCommand (): Command {
  return routeTo(new Command('version').description('Print version'), 'common')
    .action(async (_opts: unknown, cmd: Command) => {
      const { io } = programInfo(cmd)
      const v = await withNodeApi(cmd, CommonContract, async (api) => await api.Version())
      io.stdout(`Daemon:  ${v.Version}+api${versionString(v.APIVersion)}\n`)
      io.stdout(`Local: ${rootOf(cmd).name()} version ${BUILD_VERSION}\n`)
    })
}
