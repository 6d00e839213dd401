import { CID } from '../../core/cid.js'
import type { ChainEpoch } from '../../core/types.js'
import { TipSetKey } from '../types/index.js'
import type { SqliteDatabase } from './database.js'

/** What executing a tipset produced: the state root and receipts its children will carry. */
export interface TipSetExecution {
  stateRoot: CID
  receiptsRoot: CID
}

/** One height-index entry: the tipset of the current chain at a height. */
export interface HeightEntry {
  height: ChainEpoch
  key: TipSetKey
}

const HEAD_KEY = '/head'

/**
 * The chain store's own records, in the chain database beside the blocks: the head (`/head` in
 * the `meta` table), the height index of the current chain (`heights`, null rounds absent) and
 * execution results per tipset key (`executions`). A head change and its index updates commit
 * in one transaction, so after a crash the index always matches the stored head.
 */
export class ChainMeta {
  private readonly db: SqliteDatabase
  private readonly stmts

  constructor (db: SqliteDatabase) {
    this.db = db
    this.stmts = {
      getMeta: db.prepare<[string], { value: Buffer }>('SELECT value FROM meta WHERE key = ?'),
      putMeta: db.prepare<[string, Uint8Array]>('INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)'),
      deleteHeight: db.prepare<[number]>('DELETE FROM heights WHERE height = ?'),
      deleteAbove: db.prepare<[number]>('DELETE FROM heights WHERE height > ?'),
      putHeight: db.prepare<[number, Uint8Array]>('INSERT OR REPLACE INTO heights (height, tsk) VALUES (?, ?)'),
      atOrBelow: db.prepare<[number], { height: number, tsk: Buffer }>('SELECT height, tsk FROM heights WHERE height <= ? ORDER BY height DESC LIMIT 1'),
      atOrAbove: db.prepare<[number], { height: number, tsk: Buffer }>('SELECT height, tsk FROM heights WHERE height >= ? ORDER BY height ASC LIMIT 1'),
      putExec: db.prepare<[Uint8Array, Uint8Array, Uint8Array]>('INSERT OR REPLACE INTO executions (tsk, state_root, receipts_root) VALUES (?, ?, ?)'),
      getExec: db.prepare<[Uint8Array], { state_root: Buffer, receipts_root: Buffer }>('SELECT state_root, receipts_root FROM executions WHERE tsk = ?')
    }
  }

  /** The stored head's key, if a head was ever set. */
  head (): TipSetKey | undefined {
    const row = this.stmts.getMeta.get(HEAD_KEY)
    return row === undefined ? undefined : TipSetKey.fromBytes(row.value, `chain database meta ${HEAD_KEY}`)
  }

  /**
   * Moves the head to `key` in one transaction: index entries of reverted tipsets are removed
   * and those of applied tipsets written.
   */
  commitHead (key: TipSetKey, reverted: readonly ChainEpoch[], applied: readonly HeightEntry[], headHeight: ChainEpoch): void {
    this.db.transaction(() => {
      for (const h of reverted) this.stmts.deleteHeight.run(h)
      // Anything above the new head belongs to a chain that is no longer current.
      this.stmts.deleteAbove.run(headHeight)
      for (const e of applied) this.stmts.putHeight.run(e.height, e.key.bytes)
      this.stmts.putMeta.run(HEAD_KEY, key.bytes)
    })()
  }

  /** The current chain's tipset at `height`, or the nearest one below (`below`) or above it. */
  lookupHeight (height: ChainEpoch, direction: 'below' | 'above'): HeightEntry | undefined {
    const row = (direction === 'below' ? this.stmts.atOrBelow : this.stmts.atOrAbove).get(height)
    return row === undefined ? undefined : { height: row.height as ChainEpoch, key: TipSetKey.fromBytes(row.tsk, 'chain database heights') }
  }

  recordExecution (key: TipSetKey, execution: TipSetExecution): void {
    this.stmts.putExec.run(key.bytes, execution.stateRoot.bytes, execution.receiptsRoot.bytes)
  }

  execution (key: TipSetKey): TipSetExecution | undefined {
    const row = this.stmts.getExec.get(key.bytes)
    if (row === undefined) return undefined
    return { stateRoot: CID.decode(row.state_root), receiptsRoot: CID.decode(row.receipts_root) }
  }
}
