/**
 * Everything a command touches outside itself: environment, home directory, files, output and
 * the RPC connection. The binaries use the process's; tests hand in their own, so a command can
 * be run in-process against a fake node and every routing rule checked command by command.
 */
import { homedir } from 'node:os'
import type { Contract } from '../api/index.js'
import { type RpcClient, createRpcClient } from '../rpc/index.js'
import { type EndpointFs, type ResolvedEndpoint, nodeFs } from './endpoint/index.js'

export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>
  readonly home: string
  readonly fs: EndpointFs
  readonly stdout: (text: string) => void
  readonly stderr: (text: string) => void
  /** Opens a client for a resolved endpoint; the caller closes it. */
  readonly connect: <C extends Contract>(contract: C, endpoint: ResolvedEndpoint) => RpcClient<C>
  /** Waits between `wait-api` attempts. */
  readonly sleep: (ms: number) => Promise<void>
}

export function processIo (): CliIo {
  return {
    env: process.env,
    home: homedir(),
    fs: nodeFs,
    stdout: (text) => { process.stdout.write(text) },
    stderr: (text) => { process.stderr.write(text) },
    connect: (contract, endpoint) => createRpcClient(contract, { url: endpoint.url, token: endpoint.info.token }),
    sleep: async (ms) => { await new Promise((resolve) => setTimeout(resolve, ms)) }
  }
}

/** A warning line shaped like go-log's console output: `<time>\tWARN\t<system>\t<message>`. */
export function warnLine (io: CliIo, system: string, message: string): void {
  io.stderr(`${new Date().toISOString()}\tWARN\t${system}\t${message}\n`)
}
