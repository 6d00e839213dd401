import { Command } from 'commander'
import { CommonContract } from '../../api/index.js'
import { InvalidInputError, NelumboError } from '../../core/errors.js'
import { withNodeApi } from '../node-api.js'
import { programInfo, routeTo } from '../routing.js'

const SET_LEVEL_HELP = `Set the log level for logging systems:

   The system flag can be specified multiple times.

   eg) log set-level --system chain --system chainxchg debug

   Available Levels:
   debug
   info
   warn
   error

   Environment Variables:
   GOLOG_LOG_LEVEL - Default log level for all log systems
   GOLOG_LOG_FMT   - Change output log format (json, nocolor)
   GOLOG_FILE      - Write logs to file
   GOLOG_OUTPUT    - Specify whether to output to file, stderr, stdout or a combination, i.e. file+stderr`

/** `log list` and `log set-level` (Lotus `cli/log.go`). */
export function logCommand (): Command {
  const log = routeTo(new Command('log').description('Manage logging'), 'common')

  log.command('list')
    .description('List log systems')
    .action(async (_opts: unknown, cmd: Command) => {
      const { io } = programInfo(cmd)
      const systems = await withNodeApi(cmd, CommonContract, async (api) => await api.LogList())
      for (const s of systems) io.stdout(`${s}\n`)
    })

  log.command('set-level')
    .description('Set log level')
    .argument('[level]')
    .addHelpText('after', `\nDESCRIPTION:\n   ${SET_LEVEL_HELP}\n`)
    .option('--system <system>', 'limit to log system', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .action(async (level: string | undefined, opts: { system: string[] }, cmd: Command) => {
      await withNodeApi(cmd, CommonContract, async (api) => {
        if (level === undefined) throw new InvalidInputError('ERR_LEVEL_REQUIRED', 'level is required')
        const systems = opts.system.length > 0 ? opts.system : await api.LogList()
        for (const system of systems) {
          try {
            await api.LogSetLevel(system, level)
          } catch (err) {
            throw new NelumboError('ERR_LOG_SET_LEVEL', `setting log level on ${system}: ${(err as Error).message}`, { cause: err })
          }
        }
      })
    })

  return log
}
