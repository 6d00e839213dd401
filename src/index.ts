/**
 * Nelumbo's public library entry: the Filecoin values and codecs every node and tool speaks.
 *
 * @example
 * ```ts
 * import { parseAddress } from 'nelumbo'
 * parseAddress('f01000').protocol // 0
 * ```
 */
export * from './core/index.js'
export { NELUMBO_VERSION, BUILD_VERSION } from './version.js'
