/**
 * The miner's connection to its full node (Lotus `lcli.GetFullNodeAPIV1` as `lotus-miner run`
 * uses it): a v1 client whose `APIVersion` must equal ours exactly, and the sync wait that
 * `--nosync` skips.
 */
import { FullAPIVersion1, versionString } from '../../api/index.js'
import { FullNodeContract, type FullNodeApi } from '../../api/fullnode/index.js'
import { NelumboError } from '../../core/errors.js'
import type { Logger } from '../../log/index.js'
import { createRpcClient } from '../../rpc/index.js'

/** Where the full node is: a resolved v1 endpoint (`ws://…/rpc/v1`) and its token. */
export interface FullNodeEndpoint {
  readonly url: string
  readonly token?: string | undefined
}

export interface FullNodeConnection {
  readonly api: FullNodeApi
  /** The full node's block delay, seconds (its `Version().BlockDelay`). */
  readonly blockDelaySecs: number
  close: () => Promise<void>
}

export class FullNodeVersionError extends NelumboError {
  constructor (readonly got: number) {
    super('ERR_FULLNODE_VERSION', `lotus-daemon API version doesn't match: expected: ${versionString(FullAPIVersion1)}, got: ${versionString(got)}`)
  }
}

/** Connects (or adopts an in-process API) and checks the version as `lotus-miner run` does. */
export async function connectFullNode (source: FullNodeEndpoint | FullNodeApi): Promise<FullNodeConnection> {
  const owned = 'url' in source && typeof source.url === 'string'
  const api: FullNodeApi & { close?: () => Promise<void> } = owned
    ? createRpcClient(FullNodeContract, { url: (source as FullNodeEndpoint).url, token: (source as FullNodeEndpoint).token })
    : source as FullNodeApi
  const close = async (): Promise<void> => { if (owned) await api.close?.() }
  try {
    const v = await api.Version()
    if (v.APIVersion !== FullAPIVersion1) throw new FullNodeVersionError(v.APIVersion)
    return { api, blockDelaySecs: v.BlockDelay, close }
  } catch (err) {
    await close()
    if (err instanceof FullNodeVersionError) throw err
    throw new NelumboError('ERR_FULLNODE_CONNECT', `could not reach the full node${owned ? ` at ${(source as FullNodeEndpoint).url}` : ''}: ${(err as Error).message}`, { cause: err })
  }
}

/**
 * Lotus `SyncWait`: returns once the head is less than one block delay old. Polls once a block
 * delay; the signal ends the wait (shutdown during start-up).
 */
export async function waitForSync (api: Pick<FullNodeApi, 'ChainHead'>, blockDelaySecs: number, log: Logger, signal?: AbortSignal): Promise<void> {
  const delay = Math.max(1, blockDelaySecs)
  for (let i = 0; ; i++) {
    const head = await api.ChainHead()
    const behind = Math.floor(Date.now() / 1000) - head.minTimestamp
    if (behind < delay) return
    if (i % 10 === 0) log.info({ height: head.height, behindSecs: behind }, 'waiting for the full node to sync (start with --nosync to skip)')
    if (signal?.aborted === true) throw new NelumboError('ERR_ABORTED', 'sync wait aborted')
    await new Promise<void>((resolve) => {
      const t = setTimeout(resolve, delay * 1000)
      signal?.addEventListener('abort', () => { clearTimeout(t); resolve() }, { once: true })
    })
  }
}
