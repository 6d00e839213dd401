import { readFileSync } from 'node:fs'

/** The package version, read once from package.json (dist/src/version.js sits two levels below it). */
export const NELUMBO_VERSION: string = (JSON.parse(
  readFileSync(new URL('../../package.json', import.meta.url), 'utf8')
) as { version: string }).version

/** Build string in Lotus's shape (`1.20.0+mainnet+git.abc`): ours names the network we run. */
export const BUILD_VERSION = `${NELUMBO_VERSION}+nelumbo+devnet`
