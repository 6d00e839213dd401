/**
 * `Filecoin.CreateBackup` (Lotus `node/impl/backup.go`): writes the metadata datastore to a file
 * in the backup format (src/repo/backup.ts), but only inside the directory the daemon's own
 * `LOTUS_BACKUP_BASE_PATH` names, so an API token cannot make the node write anywhere else. Both
 * paths are `~`-expanded and made absolute, and the check is Lotus's plain string prefix. The
 * file is written atomically (temp file beside it, fsync, rename), mode 0644.
 */
import { homedir } from 'node:os'
import { resolve } from 'node:path'
import { InvalidInputError, NelumboError } from '../../core/errors.js'
import { backupDatastore, type Datastore } from '../../repo/index.js'

export const BACKUP_BASE_PATH_ENV = 'LOTUS_BACKUP_BASE_PATH'

export interface BackupEnv {
  /** The daemon's environment; `process.env` by default. */
  readonly env?: Readonly<Record<string, string | undefined>>
  /** The home directory `~` expands to; `os.homedir()` by default. */
  readonly home?: string
}

/** Lotus `backup(mds, fpath)`; returns the absolute path written and the number of entries. */
export function createBackup (ds: Datastore, fpath: string, opts: BackupEnv = {}): { path: string, entries: number } {
  const env = opts.env ?? process.env
  const home = opts.home ?? homedir()
  const base = env[BACKUP_BASE_PATH_ENV]
  if (base === undefined) throw new NelumboError('ERR_BACKUP_BASE_PATH', `${BACKUP_BASE_PATH_ENV} env var not set`)
  const bb = resolve(expandHomedir(base, home, 'expanding base path', BACKUP_BASE_PATH_ENV))
  const file = resolve(expandHomedir(fpath, home, 'expanding file path', 'CreateBackup params[0]'))
  if (!file.startsWith(bb)) {
    throw new InvalidInputError('ERR_BACKUP_PATH', `backup file name (${file}) must be inside base path (${bb})`, { value: fpath })
  }
  try {
    return { path: file, entries: backupDatastore(file, ds) }
  } catch (err) {
    const e = err as NodeJS.ErrnoException
    const what = e.syscall === 'open' ? `open ${file}` : 'backup error'
    throw new NelumboError('ERR_BACKUP_WRITE', `${what}: ${e.message}`, { cause: err })
  }
}

/** The `CreateBackup` method over one datastore, as the StorageMiner API serves it. */
export function createBackupMethod (ds: Datastore, opts: BackupEnv = {}): (fpath: string) => Promise<void> {
  return async (fpath) => { createBackup(ds, fpath, opts) }
}

/** go-homedir `Expand`: `~` and `~/…` become the home directory; `~user` is refused. */
export function expandHomedir (path: string, home: string, what: string, source: string): string {
  if (!path.startsWith('~')) return path
  if (path.length > 1 && path[1] !== '/' && path[1] !== '\\') {
    throw new InvalidInputError('ERR_BACKUP_PATH', `${what}: cannot expand user-specific home dir`, { value: path, source })
  }
  return home + path.slice(1)
}
