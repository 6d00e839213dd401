import { InvalidInputError } from '../errors.js'

/**
 * One value's Lotus JSON form. `toJson` returns a JSON-ready value (integers beyond 2^53 come
 * back as bigint, which the RPC writer must print as a bare integer literal); `fromJson`
 * checks the shape and throws InvalidLotusJsonError naming `path` (`params[0].Message.To`).
 * Same shape as the codecs in src/api/codecs, so they can be used there directly.
 */
export interface LotusJsonCodec<T> {
  toJson: (value: T) => unknown
  fromJson: (json: unknown, path: string) => T
}

/** A JSON value that does not have the shape a Lotus JSON codec expects. */
export class InvalidLotusJsonError extends InvalidInputError {
  constructor (message: string, details: { value?: unknown, source?: string, cause?: unknown } = {}) {
    super('ERR_LOTUS_JSON', message, details)
  }
}

export function jsonTypeError (expected: string, value: unknown, path: string): InvalidLotusJsonError {
  return new InvalidLotusJsonError(`expected ${expected}, got ${describeJson(value)}`, { value, source: path })
}

/** A short rendering of an offending JSON value for error messages. */
export function describeJson (value: unknown): string {
  if (value === undefined) return 'nothing'
  if (typeof value === 'bigint') return `${value}`
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

export function isJsonObject (json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json)
}

/** Appends an object key to a JSON path. */
export function fieldPath (path: string, key: string): string {
  return path === '' ? key : `${path}.${key}`
}
