/**
 * go-log's level names (zap's), which `log set-level` and `GOLOG_LOG_LEVEL` accept, mapped
 * onto pino's. zap's dpanic and panic have no pino twin: they log like fatal here.
 */
import { InvalidInputError } from '../core/errors.js'

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error', 'dpanic', 'panic', 'fatal'] as const

export type LogLevel = typeof LOG_LEVELS[number]

export type PinoLevel = 'debug' | 'info' | 'warn' | 'error' | 'fatal'

export function toPinoLevel (level: LogLevel): PinoLevel {
  return level === 'dpanic' || level === 'panic' ? 'fatal' : level
}

/** Parses a level name as zap does (case-insensitive); names the value and its source when it is not one. */
export function parseLogLevel (text: string, source?: string): LogLevel {
  const lower = text.toLowerCase()
  if ((LOG_LEVELS as readonly string[]).includes(lower)) return lower as LogLevel
  throw new InvalidInputError('ERR_LOG_LEVEL', `unrecognized level: ${JSON.stringify(text)} (one of ${LOG_LEVELS.join(', ')})`,
    { value: text, source })
}

export interface LevelSpec {
  /** The level of every subsystem not named. */
  defaultLevel: LogLevel | undefined
  /** Per-subsystem levels. */
  systems: Map<string, LogLevel>
}

/**
 * `GOLOG_LOG_LEVEL` as go-log reads it: a bare level (`info`), or a comma list that may mix a
 * bare default with `system=level` pairs (`error,rpc=debug,sectors=warn`).
 */
export function parseLevelSpec (text: string, source = 'GOLOG_LOG_LEVEL'): LevelSpec {
  const spec: LevelSpec = { defaultLevel: undefined, systems: new Map() }
  for (const part of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const eq = part.indexOf('=')
    if (eq < 0) {
      spec.defaultLevel = parseLogLevel(part, source)
      continue
    }
    const system = part.slice(0, eq).trim()
    if (system === '') {
      throw new InvalidInputError('ERR_LOG_LEVEL', `missing subsystem name before '=' in ${JSON.stringify(part)}`, { value: text, source })
    }
    spec.systems.set(system, parseLogLevel(part.slice(eq + 1).trim(), source))
  }
  return spec
}
