/**
 * The repo lock (`<repo>/repo.lock`). Lotus uses an fcntl lock (go-fs-lock) so the kernel drops
 * it when the holder dies, even by kill -9. Node has no flock/fcntl binding, but SQLite takes
 * exactly such locks on its database file: `repo.lock` is opened as a tiny SQLite database in
 * exclusive locking mode and kept inside an open `BEGIN EXCLUSIVE` for as long as the repo is
 * open. A second opener (another process, or another handle in this one) gets SQLITE_BUSY at
 * once, and a crashed holder leaves nothing stale behind: no PID files, no PID reuse races.
 * Lotus's own lock is also a POSIX record lock on this file, so a Lotus process holding the
 * same repo conflicts too. An empty repo.lock (what Lotus leaves) is fine to reuse.
 */
import Database from 'better-sqlite3'
import { join } from 'node:path'
import { NelumboError } from '../core/errors.js'
import { RepoAlreadyLockedError } from './errors.js'

export const REPO_LOCK_FILE = 'repo.lock'

export interface RepoLock {
  readonly path: string
  release (): void
}

/** Takes the exclusive lock on `<repoPath>/repo.lock`, or throws `RepoAlreadyLockedError`. */
export function lockRepo (repoPath: string): RepoLock {
  const path = join(repoPath, REPO_LOCK_FILE)
  // timeout 0: a held lock is reported at once instead of waiting for the holder to exit.
  const db = new Database(path, { timeout: 0 })
  try {
    db.pragma('locking_mode = EXCLUSIVE')
    db.exec('BEGIN EXCLUSIVE')
  } catch (err) {
    db.close()
    if (isBusy(err)) throw new RepoAlreadyLockedError(repoPath)
    if ((err as { code?: unknown }).code === 'SQLITE_NOTADB') {
      throw new NelumboError('ERR_REPO_LOCK_FILE',
        `${path} is not a lock file this node wrote; if no process uses the repo, delete it and retry`, { cause: err })
    }
    throw err
  }
  let held = true
  return {
    path,
    release () {
      if (!held) return
      held = false
      db.exec('ROLLBACK')
      db.close()
    }
  }
}

function isBusy (err: unknown): boolean {
  const code = (err as { code?: unknown }).code
  return code === 'SQLITE_BUSY' || code === 'SQLITE_LOCKED'
}
