/**
 * The one helper every remote command goes through: resolve the command's target node from
 * its declaration and the global flags, print what `--vv` asks for and the warnings Lotus
 * logs, open a client, run the body, close the client.
 */
import type { Command } from 'commander'
import type { ApiOf, Contract } from '../api/index.js'
import { type ResolvedEndpoint, nodeTypeEndpoints, resolveEndpoint } from './endpoint/index.js'
import { globalFlags } from './globals.js'
import { warnLine } from './io.js'
import { type CommandTarget, nodeTypeForCommand, programInfo } from './routing.js'

export interface NodeApiOptions {
  /** Use this target instead of the command's declared one (for commands that talk to two nodes). */
  target?: CommandTarget
  /** Miner and markets are always v0; the full node has v1 too. */
  version?: 'v0' | 'v1'
}

/** Where the command's API calls go, with `--vv` output and resolution warnings printed. */
export function commandEndpoint (cmd: Command, options: NodeApiOptions = {}): ResolvedEndpoint {
  const { io } = programInfo(cmd)
  const flags = globalFlags(cmd)
  const type = nodeTypeForCommand(cmd, options.target)
  const version = options.version ?? 'v0'
  const endpoint = resolveEndpoint(type, { env: io.env, repoFlags: flags.repoFlags, fs: io.fs, home: io.home }, version)
  for (const w of endpoint.warnings) warnLine(io, 'cliutil', w)
  if (endpoint.info.token === undefined || endpoint.info.token === '') {
    warnLine(io, 'cliutil', 'API Token not set and requested, capabilities might be limited.')
  }
  if (flags.veryVerbose) io.stdout(`using ${nodeTypeEndpoints[type].label} API ${version} endpoint: ${endpoint.url}\n`)
  return endpoint
}

/** Runs `body` with a client of `contract` on the command's node; the client is closed afterwards. */
export async function withNodeApi<C extends Contract, T> (
  cmd: Command,
  contract: C,
  body: (api: ApiOf<C>, endpoint: ResolvedEndpoint) => Promise<T>,
  options: NodeApiOptions = {}
): Promise<T> {
  const endpoint = commandEndpoint(cmd, options)
  const client = programInfo(cmd).io.connect(contract, endpoint)
  try {
    return await body(client, endpoint)
  } finally {
    await client.close()
  }
}
