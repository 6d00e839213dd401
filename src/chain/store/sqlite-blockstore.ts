import type { CID } from '../../core/cid.js'
import type { Blockstore } from '../../core/ipld/index.js'
import { openChainDatabase, type ChainDatabaseOptions, type SqliteDatabase } from './database.js'

/** One block to store: its CID and bytes. */
export interface BlockEntry {
  cid: CID
  bytes: Uint8Array
}

/** A blockstore that can write many blocks at once, atomically. */
export interface BatchBlockstore extends Blockstore {
  putMany: (blocks: readonly BlockEntry[]) => Promise<void>
}

/**
 * The chain blockstore on SQLite: one `blocks` table mapping CID bytes to block bytes, in WAL
 * mode. Each `put` is its own transaction and `putMany` writes all its blocks in one, so a
 * resolved promise means the block is committed (see {@link Synchronous} for how durably).
 */
export class SqliteBlockstore implements BatchBlockstore {
  readonly db: SqliteDatabase
  private readonly getStmt
  private readonly hasStmt
  private readonly putStmt
  private readonly putAll

  constructor (db: SqliteDatabase) {
    this.db = db
    this.getStmt = db.prepare<[Uint8Array], { data: Buffer }>('SELECT data FROM blocks WHERE cid = ?')
    this.hasStmt = db.prepare<[Uint8Array], { one: number }>('SELECT 1 AS one FROM blocks WHERE cid = ?')
    this.putStmt = db.prepare<[Uint8Array, Uint8Array]>('INSERT OR IGNORE INTO blocks (cid, data) VALUES (?, ?)')
    this.putAll = db.transaction((blocks: readonly BlockEntry[]) => {
      for (const b of blocks) this.putStmt.run(b.cid.bytes, b.bytes)
    })
  }

  /** Opens the chain database at `path` and a blockstore on it. */
  static open (path: string, options: ChainDatabaseOptions = {}): SqliteBlockstore {
    return new SqliteBlockstore(openChainDatabase(path, options))
  }

  async get (cid: CID): Promise<Uint8Array | undefined> {
    const row = this.getStmt.get(cid.bytes)
    return row === undefined ? undefined : new Uint8Array(row.data.buffer, row.data.byteOffset, row.data.byteLength)
  }

  async put (cid: CID, bytes: Uint8Array): Promise<void> {
    this.putStmt.run(cid.bytes, bytes)
  }

  async has (cid: CID): Promise<boolean> {
    return this.hasStmt.get(cid.bytes) !== undefined
  }

  async putMany (blocks: readonly BlockEntry[]): Promise<void> {
    this.putAll(blocks)
  }

  /** Number of blocks stored. */
  count (): number {
    return (this.db.prepare('SELECT COUNT(*) AS n FROM blocks').get() as { n: number }).n
  }

  close (): void {
    if (this.db.open) this.db.close()
  }
}
