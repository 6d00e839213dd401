/** What `lotus-miner init` and `init service` share: the full-node check they start with, and flag helpers. */
import { rmSync } from 'node:fs'
import type { Command } from 'commander'
import { FullAPIVersion1, versionMatchesMajorMinor, versionString } from '../../api/index.js'
import type { FullNodeApi } from '../../api/fullnode/index.js'
import { NelumboError } from '../../core/errors.js'
import { logger } from '../../log/index.js'
import { waitForSync } from '../../node/miner/index.js'
import { FsRepo, type LockedRepo } from '../../repo/index.js'
import { logLine } from './miner-api.js'

/** Lotus's MessageConfidence: epochs CreateMiner (and init service's ChangePeerID) waits for. */
export const MESSAGE_CONFIDENCE = 5

export const collect = (v: string, prev: string[] = []): string[] => [...prev, v]

/** How every `init` starts (Lotus `restore()` too): the full node's v1 API version, then its sync. */
export async function checkFullNode (full: Pick<FullNodeApi, 'Version' | 'ChainHead'>, cmd: Command, waitSync: boolean): Promise<void> {
  logLine(cmd, 'main', 'Trying to connect to full node RPC')
  const v = await full.Version()
  if (!versionMatchesMajorMinor(v.APIVersion, FullAPIVersion1)) {
    throw new NelumboError('ERR_FULLNODE_VERSION', `Remote API version didn't match (expected ${versionString(FullAPIVersion1)}, remote ${versionString(v.APIVersion)})`)
  }
  if (waitSync) await waitForSync(full, v.BlockDelay, logger('main'))
}

/**
 * Makes a new repo at `repoPath` (refusing one that exists), runs `fill` with it locked, and on
 * any failure removes the folder again, as Lotus does, so a rerun starts clean.
 */
export async function initNewRepo (repoPath: string, fill: (lr: LockedRepo<'StorageMiner'>) => Promise<void>): Promise<void> {
  const repo = new FsRepo('StorageMiner', repoPath)
  if (repo.exists()) throw new NelumboError('ERR_REPO_EXISTS', `repo at '${repoPath}' is already initialized`)
  repo.init()
  let lr: LockedRepo<'StorageMiner'> | undefined
  try {
    lr = repo.open()
    await fill(lr)
  } catch (err) {
    lr?.close()
    lr = undefined
    rmSync(repoPath, { recursive: true, force: true })
    throw err
  } finally {
    lr?.close()
  }
}
