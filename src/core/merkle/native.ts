/**
 * Loads the optional native addon (`binding.gyp` target nelumbo_sha254, built at install).
 * Loading never throws: callers get the addon or the reason it is unavailable.
 */
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

/** The functions `native/sha254.c` exports. */
export interface Sha254Addon {
  fr32Root (unpadded: Uint8Array): Uint8Array
  rootOfLeaves (leaves: Uint8Array): Uint8Array
  reduceLayer (src: Uint8Array, dst: Uint8Array): void
  implementation (): 'sha-ni' | 'openssl'
  setShaNi (enabled: boolean): 'sha-ni' | 'openssl'
}

export type AddonLoad = { addon: Sha254Addon, reason?: undefined } | { addon?: undefined, reason: string }

let cached: AddonLoad | undefined

/** The addon as built by node-gyp into `build/Release/` at the package root. */
export function addonPath (): string {
  return fileURLToPath(new URL('../../../../build/Release/nelumbo_sha254.node', import.meta.url))
}

export function loadAddon (): AddonLoad {
  if (cached !== undefined) return cached
  const path = addonPath()
  try {
    const addon = createRequire(import.meta.url)(path) as Sha254Addon
    cached = { addon }
  } catch (err) {
    const why = err instanceof Error ? err.message.split('\n')[0] : String(err)
    cached = { reason: `cannot load ${path}: ${why ?? 'unknown error'}` }
  }
  return cached
}
