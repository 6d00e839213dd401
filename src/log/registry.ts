/**
 * Named logging subsystems (`logger('rpc')`, `logger('sectors')`) whose levels change at run
 * time, which is what `LogList` / `LogSetLevel` (and so `lotus-miner log set-level`) act on.
 * Each subsystem is a pino child with its own level, all writing JSON lines to one sink
 * (the node's stderr by default): {"level":"info","ts":"…","logger":"rpc","msg":"…"}.
 */
import { pino, type Logger } from 'pino'
import { InvalidInputError } from '../core/errors.js'
import { type LevelSpec, type LogLevel, parseLevelSpec, parseLogLevel, toPinoLevel } from './levels.js'

export type { Logger }

/** Where JSON lines go: process.stderr, a file stream, or a test's collector. */
export interface LogSink {
  write: (line: string) => unknown
}

export interface LogRegistryOptions {
  sink?: LogSink
  /** Initial levels, in `GOLOG_LOG_LEVEL` form (`info` or `error,rpc=debug`); default `info`. */
  levels?: string
}

/** `LogSetLevel` on a subsystem nobody registered: go-log's ErrNoSuchLogger. */
export class NoSuchLoggerError extends InvalidInputError {
  constructor (system: string) {
    super('ERR_NO_SUCH_LOGGER', `Error: No such logger '${system}'`, { value: system })
  }
}

export class LogRegistry {
  private readonly root: Logger
  private sink: LogSink
  private defaultLevel: LogLevel = 'info'
  private readonly overrides = new Map<string, LogLevel>()
  private readonly loggers = new Map<string, { logger: Logger, level: LogLevel }>()

  constructor (options: LogRegistryOptions = {}) {
    this.sink = options.sink ?? process.stderr
    // The root passes everything; each subsystem's child filters at its own level.
    this.root = pino({
      level: 'debug',
      base: null,
      messageKey: 'msg',
      timestamp: () => `,"ts":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) }
    }, { write: (line: string) => { this.sink.write(line) } })
    if (options.levels !== undefined && options.levels !== '') this.applySpec(parseLevelSpec(options.levels))
  }

  /** The logger of a subsystem, created on first use at the level configured for it. */
  logger (system: string): Logger {
    const known = this.loggers.get(system)
    if (known !== undefined) return known.logger
    const level = this.overrides.get(system) ?? this.defaultLevel
    const logger = this.root.child({ logger: system })
    logger.level = toPinoLevel(level)
    this.loggers.set(system, { logger, level })
    return logger
  }

  /** Subsystem names, sorted (go-log's order is a map's; sorted output is kinder to read and test). */
  list (): string[] {
    return [...this.loggers.keys()].sort()
  }

  /** go-log SetLogLevel: one subsystem, or `*` for every subsystem (and those created later). */
  setLevel (system: string, level: string): void {
    const lvl = parseLogLevel(level, 'log level')
    if (system === '*') {
      this.defaultLevel = lvl
      this.overrides.clear()
      for (const name of this.loggers.keys()) this.apply(name, lvl)
      return
    }
    if (!this.loggers.has(system)) throw new NoSuchLoggerError(system)
    this.overrides.set(system, lvl)
    this.apply(system, lvl)
  }

  /** The level a subsystem logs at now (or would, once created). */
  levelOf (system: string): LogLevel {
    return this.loggers.get(system)?.level ?? this.overrides.get(system) ?? this.defaultLevel
  }

  /** Sends every subsystem's lines somewhere else from now on. */
  setSink (sink: LogSink): void {
    this.sink = sink
  }

  /** Applies a `GOLOG_LOG_LEVEL`-style spec: the default first, then per-subsystem levels. */
  configure (levels: string): void {
    this.applySpec(parseLevelSpec(levels))
  }

  private applySpec (spec: LevelSpec): void {
    if (spec.defaultLevel !== undefined) {
      this.defaultLevel = spec.defaultLevel
      for (const name of this.loggers.keys()) {
        if (!this.overrides.has(name)) this.apply(name, spec.defaultLevel)
      }
    }
    for (const [name, lvl] of spec.systems) {
      this.overrides.set(name, lvl)
      if (this.loggers.has(name)) this.apply(name, lvl)
    }
  }

  private apply (system: string, level: LogLevel): void {
    const entry = this.loggers.get(system)
    if (entry === undefined) return
    entry.level = level
    entry.logger.level = toPinoLevel(level)
  }
}
