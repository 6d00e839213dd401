import { InvalidInputError } from '../../core/errors.js'

/**
 * Converts one value between its TypeScript form and its Lotus JSON form. `path` names where
 * the JSON came from (`params[0].Ask.Price`) so a decoding error can say exactly which field
 * was wrong. Codecs for Filecoin types elsewhere (`src/core/lotus-json/`) have this same shape.
 */
export interface Codec<T> {
  toJson: (value: T) => unknown
  fromJson: (json: unknown, path: string) => T
}

/** The TypeScript type a codec carries. */
export type TypeOf<C> = C extends Codec<infer T> ? T : never

/** A JSON value that does not have the shape a codec expects. */
export class LotusJsonError extends InvalidInputError {
  constructor (expected: string, value: unknown, path: string) {
    super('ERR_LOTUS_JSON', `expected ${expected}, got ${describeJson(value)}`, { value, source: path })
  }
}

/** A short rendering of an offending JSON value for error messages. */
export function describeJson (value: unknown): string {
  if (value === undefined) return 'nothing'
  let text: string
  try {
    text = JSON.stringify(value) ?? String(value)
  } catch {
    text = String(value)
  }
  return text.length > 80 ? `${text.slice(0, 77)}...` : text
}

/** Appends an object field or array index to a JSON path. */
export function fieldPath (path: string, field: string | number): string {
  return typeof field === 'number' ? `${path}[${field}]` : path === '' ? field : `${path}.${field}`
}

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject (json: unknown): json is Record<string, unknown> {
  return typeof json === 'object' && json !== null && !Array.isArray(json)
}
