/**
 * `lotus-miner backup [--offline] <backup file path>` (Lotus v1.20 `cli/backup.go`, as
 * `cmd/lotus-miner/backup.go` instantiates it for `--miner-repo`): a copy of the mining node's
 * metadata datastore in the Lotus backup format. Online, the running node writes it through
 * `Filecoin.CreateBackup` (only inside the daemon's `LOTUS_BACKUP_BASE_PATH`, see
 * src/node/miner/backup.ts) and the CLI prints `Success`; `--offline` opens the stopped repo
 * itself and writes the file, printing nothing, as Lotus does.
 */
import { Command } from 'commander'
import { InvalidInputError, NelumboError } from '../../core/errors.js'
import { FsRepo, RepoAlreadyLockedError, backupDatastore, type LockedRepo } from '../../repo/index.js'
import { RpcTransportError } from '../../rpc/index.js'
import { expandRepoPath } from '../endpoint/index.js'
import { globalFlags } from '../globals.js'
import { programInfo, routeTo } from '../routing.js'
import { print, withMiner } from './miner-api.js'

export function backupCommand (): Command {
  return routeTo(new Command('backup'), 'miner')
    .description('Create node metadata backup')
    .addHelpText('after', `
The backup command writes a copy of node metadata under the specified path

Online backups:
For security reasons, the daemon must be have LOTUS_BACKUP_BASE_PATH env var set
to a path where backup files are supposed to be saved, and the path specified in
this command must be within this base path`)
    .argument('[backup file path]')
    .allowExcessArguments() // Lotus's own message for a wrong count, below
    .option('--offline', 'create backup without the node running')
    .action(async (_file: string | undefined, flags: { offline?: boolean }, cmd: Command) => {
      const file = cmd.args[0]
      if (cmd.args.length !== 1 || file === undefined) {
        throw new InvalidInputError('ERR_ARGS', 'expected 1 argument', { value: cmd.args })
      }
      if (flags.offline === true) offlineBackup(cmd, file)
      else await onlineBackup(cmd, file)
    })
}

/** Lotus `offlineBackup`: the repo must exist and not be locked by a running node. */
function offlineBackup (cmd: Command, file: string): void {
  const { io } = programInfo(cmd)
  const flag = globalFlags(cmd).repoFlags['miner-repo']
  const repo = new FsRepo('StorageMiner', expandRepoPath(flag, io.home))
  if (!repo.exists()) throw new NelumboError('ERR_REPO_NOT_INITIALIZED', `repo at '${flag}' is not initialized`)
  let lr: LockedRepo<'StorageMiner'>
  try {
    lr = repo.open({ readonly: true })
  } catch (err) {
    if (err instanceof RepoAlreadyLockedError) throw new NelumboError(err.code, `locking repo: ${err.message}`, { cause: err })
    throw err
  }
  try {
    const path = expandRepoPath(file, io.home)
    try {
      backupDatastore(path, lr.metadata())
    } catch (err) {
      const e = err as NodeJS.ErrnoException
      if (e.syscall === 'open') throw new InvalidInputError('ERR_BACKUP_WRITE', `opening backup file ${path}: ${e.message}`, { value: file, source: 'backup file path', cause: err })
      throw new NelumboError('ERR_BACKUP_WRITE', `backup error: ${e.message}`, { cause: err })
    }
  } finally {
    lr.close()
  }
}

/** Lotus `onlineBackup`: the node writes the file; failing to reach it suggests `--offline`. */
async function onlineBackup (cmd: Command, file: string): Promise<void> {
  let reached = false
  try {
    await withMiner(cmd, async (api) => {
      reached = true
      try {
        await api.CreateBackup(file)
      } catch (err) {
        // Only a node that could not be reached at all; what the node answers is passed on as is.
        if (err instanceof RpcTransportError && err.status === undefined) throw offlineHint(err)
        throw err
      }
    })
  } catch (err) {
    throw reached ? err : offlineHint(err)
  }
  print(cmd, 'Success\n')
}

function offlineHint (err: unknown): NelumboError {
  const code = err instanceof NelumboError ? err.code : 'ERR_API_UNREACHABLE'
  return new NelumboError(code, `getting api: ${(err as Error).message} (if the node isn't running you can use the --offline flag)`, { cause: err })
}
