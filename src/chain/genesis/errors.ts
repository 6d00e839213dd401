import { InvalidInputError } from '../../core/errors.js'

/**
 * A genesis template, pre-seal file or flag that cannot be used. `source` names where the
 * value came from: a file and JSON path (`localnet.json: Miners[0].SectorSize`) or a flag.
 */
export class GenesisInputError extends InvalidInputError {
  constructor (message: string, details: { value?: unknown, source?: string, cause?: unknown } = {}) {
    super('ERR_GENESIS_INPUT', message, details)
  }
}

/**
 * Appends a key to a JSON path whose root is a file: `localnet.json:` + `Miners` gives
 * `localnet.json: Miners`, then `localnet.json: Miners[0].ID`.
 */
export function jsonPath (path: string, key: string): string {
  if (path === '') return key
  return path.endsWith(':') ? `${path} ${key}` : `${path}.${key}`
}
