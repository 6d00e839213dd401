/**
 * The repo's metadata datastore: a namespaced key/value store on SQLite (better-sqlite3).
 *
 * - File: `<repo>/datastore/metadata.sqlite` (+ `-wal`, `-shm`); see `openRepoDatastore`.
 *   Lotus keeps a LevelDB at `datastore/metadata/`; the key space is the same.
 * - Keys are clean slash paths (`/metadata/sectors/1`); values are bytes. Ordering is by the
 *   keys' UTF-8 bytes, so prefix queries come back sorted as LevelDB's would.
 * - Durability: WAL with `synchronous = FULL`, so every commit is fsynced before `put`, a
 *   batch or a transaction returns. NORMAL would already survive kill -9 (the WAL is in the OS
 *   page cache), but not a power cut or kernel crash; the state machines built on this store
 *   send chain messages that spend funds after each persisted step, so losing an acknowledged
 *   step could repeat one. Batches and transactions amortise the fsync.
 * - The API is synchronous: better-sqlite3 is, and a synchronous transaction cannot interleave
 *   with other work, which is what "persist the record, then act" needs.
 */
import Database from 'better-sqlite3'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { InvalidInputError } from '../core/errors.js'

export interface DatastoreEntry {
  readonly key: string
  readonly value: Uint8Array
}

export interface QueryOptions {
  /** Only keys strictly under this path (`/deals/provider` matches `/deals/provider/…`). Default `/`: all. */
  readonly prefix?: string
  /** Stop after this many entries. */
  readonly limit?: number
}

export interface Batch {
  put (key: string, value: Uint8Array): void
  delete (key: string): void
  /** Applies every queued operation in one transaction, in order. */
  commit (): void
}

export interface Datastore {
  get (key: string): Uint8Array | undefined
  has (key: string): boolean
  put (key: string, value: Uint8Array): void
  /** Removes a key; a missing key is not an error (as go-datastore). */
  delete (key: string): void
  /** Entries under a prefix in key order, read in pages so the caller may write while iterating. */
  query (opts?: QueryOptions): IterableIterator<DatastoreEntry>
  keys (opts?: QueryOptions): IterableIterator<string>
  count (prefix?: string): number
  batch (): Batch
  /** Runs `fn` in one transaction (nested calls become savepoints); a throw rolls it all back. */
  transaction<T> (fn: () => T): T
  /** A view whose keys are relative to `prefix` (e.g. `namespace('/metadata')`). */
  namespace (prefix: string): Datastore
}

const PAGE = 256

/** Throws unless `key` is a clean datastore key: `/a/b`, no empty, `.` or `..` segments, no trailing slash. */
export function checkKey (key: string, what = 'datastore key'): void {
  if (!key.startsWith('/') || key.length < 2 || key.endsWith('/') || key.includes('//') ||
      key.split('/').some((s) => s === '.' || s === '..')) {
    throw new InvalidInputError('ERR_DATASTORE_KEY', `invalid ${what} ${JSON.stringify(key)}: expected a clean path such as /deals/provider/x`, { value: key })
  }
}

/** go-datastore `NewKey`: adds the leading slash and cleans the path (`a//b/../c/` -> `/a/c`). */
export function cleanKey (raw: string): string {
  const out: string[] = []
  for (const seg of raw.split('/')) {
    if (seg === '' || seg === '.') continue
    if (seg === '..') out.pop()
    else out.push(seg)
  }
  return `/${out.join('/')}`
}

class SqliteStore {
  readonly db: Database.Database
  readonly getStmt: Database.Statement<[string], { value: Buffer }>
  readonly putStmt: Database.Statement<[string, Uint8Array]>
  readonly delStmt: Database.Statement<[string]>
  readonly pageStmt: Database.Statement<[string, string, number], { key: string, value: Buffer }>
  readonly keyPageStmt: Database.Statement<[string, string, number], { key: string }>
  readonly countStmt: Database.Statement<[string, string], { n: number }>

  constructor (file: string) {
    this.db = new Database(file, { timeout: 5000 })
    this.db.pragma('journal_mode = WAL')
    this.db.pragma('synchronous = FULL')
    this.db.exec('CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID')
    this.getStmt = this.db.prepare('SELECT value FROM kv WHERE key = ?')
    this.putStmt = this.db.prepare('INSERT INTO kv (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value')
    this.delStmt = this.db.prepare('DELETE FROM kv WHERE key = ?')
    this.pageStmt = this.db.prepare('SELECT key, value FROM kv WHERE key > ? AND key < ? ORDER BY key LIMIT ?')
    this.keyPageStmt = this.db.prepare('SELECT key FROM kv WHERE key > ? AND key < ? ORDER BY key LIMIT ?')
    this.countStmt = this.db.prepare('SELECT count(*) AS n FROM kv WHERE key > ? AND key < ?')
  }
}

class View implements Datastore {
  constructor (private readonly store: SqliteStore, private readonly prefix: string) {}

  private full (key: string): string {
    checkKey(key)
    return this.prefix + key
  }

  /** [lower, upper) bounds of the keys strictly under `prefix`: '/' is 0x2f and '0' is 0x30. */
  private range (prefix = '/'): [string, string] {
    const p = prefix === '/' ? '' : prefix
    if (p !== '') checkKey(p, 'query prefix')
    const base = this.prefix + p
    return [`${base}/`, `${base}0`]
  }

  get (key: string): Uint8Array | undefined {
    return this.store.getStmt.get(this.full(key))?.value
  }

  has (key: string): boolean {
    return this.get(key) !== undefined
  }

  put (key: string, value: Uint8Array): void {
    this.store.putStmt.run(this.full(key), value)
  }

  delete (key: string): void {
    this.store.delStmt.run(this.full(key))
  }

  * query (opts: QueryOptions = {}): IterableIterator<DatastoreEntry> {
    const [lower, upper] = this.range(opts.prefix)
    let after = lower
    let left = opts.limit ?? Infinity
    while (left > 0) {
      const rows = this.store.pageStmt.all(after, upper, Math.min(PAGE, left))
      for (const r of rows) yield { key: r.key.slice(this.prefix.length), value: r.value }
      if (rows.length < PAGE) return
      left -= rows.length
      after = rows[rows.length - 1]?.key ?? upper
    }
  }

  * keys (opts: QueryOptions = {}): IterableIterator<string> {
    const [lower, upper] = this.range(opts.prefix)
    let after = lower
    let left = opts.limit ?? Infinity
    while (left > 0) {
      const rows = this.store.keyPageStmt.all(after, upper, Math.min(PAGE, left))
      for (const r of rows) yield r.key.slice(this.prefix.length)
      if (rows.length < PAGE) return
      left -= rows.length
      after = rows[rows.length - 1]?.key ?? upper
    }
  }

  count (prefix?: string): number {
    const [lower, upper] = this.range(prefix)
    return this.store.countStmt.get(lower, upper)?.n ?? 0
  }

  batch (): Batch {
    const ops: Array<[string, Uint8Array | undefined]> = []
    return {
      put: (key, value) => { ops.push([this.full(key), value]) },
      delete: (key) => { ops.push([this.full(key), undefined]) },
      commit: () => {
        this.store.db.transaction(() => {
          for (const [k, v] of ops) {
            if (v === undefined) this.store.delStmt.run(k)
            else this.store.putStmt.run(k, v)
          }
        })()
        ops.length = 0
      }
    }
  }

  transaction<T> (fn: () => T): T {
    return this.store.db.transaction(() => {
      const out = fn()
      if (typeof (out as { then?: unknown } | undefined)?.then === 'function') {
        throw new TypeError('datastore transactions must be synchronous (the function returned a promise)')
      }
      return out
    })()
  }

  namespace (prefix: string): Datastore {
    checkKey(prefix, 'namespace')
    return new View(this.store, this.prefix + prefix)
  }
}

/** A datastore backed by one SQLite file; `close()` releases it. */
export interface SqliteDatastore extends Datastore {
  readonly file: string
  close (): void
}

export function openSqliteDatastore (file: string): SqliteDatastore {
  const store = new SqliteStore(file)
  const root = new View(store, '')
  return Object.assign(root, {
    file,
    close () {
      if (store.db.open) store.db.close()
    }
  })
}

/** Folder and file of a repo's datastore. */
export const DATASTORE_DIR = 'datastore'
export const METADATA_DB_FILE = 'metadata.sqlite'

/** Opens (creating if needed) `<repo>/datastore/metadata.sqlite`. */
export function openRepoDatastore (repoPath: string): SqliteDatastore {
  const dir = join(repoPath, DATASTORE_DIR)
  mkdirSync(dir, { recursive: true, mode: 0o755 })
  return openSqliteDatastore(join(dir, METADATA_DB_FILE))
}
