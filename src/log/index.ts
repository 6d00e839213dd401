/**
 * Logging: pino loggers per named subsystem, levels changeable at run time.
 *
 * ```ts
 * const log = logger('sectors')
 * log.info({ sector: 1 }, 'sealing started')
 * logRegistry.setLevel('sectors', 'debug')   // what `lotus-miner log set-level --system sectors debug` does
 * ```
 *
 * The process-wide registry writes JSON lines to stderr; its starting levels come from
 * `GOLOG_LOG_LEVEL` (`info` by default, or e.g. `error,rpc=debug`), as Lotus reads them.
 */
import { LogRegistry } from './registry.js'

export { LOG_LEVELS, type LevelSpec, type LogLevel, parseLevelSpec, parseLogLevel } from './levels.js'
export { type LogRegistryOptions, type LogSink, type Logger, LogRegistry, NoSuchLoggerError } from './registry.js'

/** The process's registry. A bad `GOLOG_LOG_LEVEL` is reported on stderr and otherwise ignored, as go-log does. */
export const logRegistry: LogRegistry = createProcessRegistry()

/** The logger of a subsystem in the process registry. */
export function logger (system: string): ReturnType<LogRegistry['logger']> {
  return logRegistry.logger(system)
}

function createProcessRegistry (): LogRegistry {
  const registry = new LogRegistry()
  const env = process.env.GOLOG_LOG_LEVEL
  if (env !== undefined && env !== '') {
    try {
      registry.configure(env)
    } catch (err) {
      registry.logger('logging').error(`error setting log levels: ${(err as Error).message}`)
    }
  }
  return registry
}
