import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import Database from 'better-sqlite3'

/** A better-sqlite3 connection (the type of `new Database(path)`). */
export type SqliteDatabase = Database.Database

/**
 * How hard each commit is pushed to disk. `normal` (the default): in WAL mode a commit is
 * written to the WAL file before it returns, so it survives the process being killed (kill -9)
 * but may roll back on power loss or an OS crash; the database is never corrupted, and because
 * blocks are committed before the head that points at them, a rollback only loses a consistent
 * tail. `full` also fsyncs every commit, for durability across power loss at the cost of one
 * fsync per transaction.
 */
export type Synchronous = 'normal' | 'full'

export interface ChainDatabaseOptions {
  synchronous?: Synchronous
}

const SCHEMA_VERSION = 1

/**
 * Opens (creating if needed) the chain database at `path`, conventionally
 * `<repo>/datastore/chain.sqlite`: the chain blockstore (headers, messages, state) and the chain
 * store's small metadata tables (head, height index, execution results), apart from the repo's
 * metadata datastore as in Lotus.
 */
export function openChainDatabase (path: string, options: ChainDatabaseOptions = {}): SqliteDatabase {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true })
  const db = new Database(path)
  db.pragma('journal_mode = WAL')
  db.pragma(`synchronous = ${options.synchronous === 'full' ? 'FULL' : 'NORMAL'}`)
  db.exec(`
    CREATE TABLE IF NOT EXISTS blocks (cid BLOB PRIMARY KEY, data BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
    CREATE TABLE IF NOT EXISTS heights (height INTEGER PRIMARY KEY, tsk BLOB NOT NULL);
    CREATE TABLE IF NOT EXISTS executions (tsk BLOB PRIMARY KEY, state_root BLOB NOT NULL, receipts_root BLOB NOT NULL) WITHOUT ROWID;
  `)
  db.pragma(`user_version = ${SCHEMA_VERSION}`)
  return db
}
