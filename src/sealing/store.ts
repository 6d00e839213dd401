/**
 * Sector records in the metadata datastore: `/sectors/<n>` holds the record and
 * `/sectors/<n>/log/<i>` its event log, one row per transition. A transition writes both in one
 * SQLite transaction, so the log never disagrees with the record after a crash.
 */
import type { Datastore } from '../repo/datastore.js'
import { MetadataKeys, sectorKey } from '../repo/keys.js'
import type { SectorNumber } from '../core/types.js'
import {
  type SectorLogEntry, type SectorRecord, decodeLogEntry, decodeSectorRecord, encodeLogEntry, encodeSectorRecord
} from './record.js'

const RECORD_KEY = /^\/sectors\/(\d+)$/

function logKey (n: number, i: number): string {
  // Zero-padded so the rows come back in order.
  return `${sectorKey(n)}/log/${String(i).padStart(10, '0')}`
}

export class SectorStore {
  constructor (private readonly ds: Datastore) {}

  get (n: number): SectorRecord | undefined {
    const key = sectorKey(n)
    const bytes = this.ds.get(key)
    return bytes === undefined ? undefined : decodeSectorRecord(bytes, key)
  }

  has (n: number): boolean {
    return this.ds.has(sectorKey(n))
  }

  /** Every record, in sector-number order. */
  list (): SectorRecord[] {
    const out: SectorRecord[] = []
    for (const { key, value } of this.ds.query({ prefix: MetadataKeys.sectors.prefix })) {
      if (RECORD_KEY.test(key)) out.push(decodeSectorRecord(value, key))
    }
    return out.sort((a, b) => a.SectorNumber - b.SectorNumber)
  }

  /** Writes the record and appends one log row, atomically; bumps `LogNext`. */
  commit (record: SectorRecord, entry: SectorLogEntry): void {
    this.ds.transaction(() => {
      this.ds.put(logKey(record.SectorNumber, record.LogNext), encodeLogEntry(entry))
      record.LogNext++
      this.ds.put(sectorKey(record.SectorNumber), encodeSectorRecord(record))
    })
  }

  log (n: SectorNumber | number): SectorLogEntry[] {
    const prefix = `${sectorKey(n)}/log`
    return [...this.ds.query({ prefix })].map(({ key, value }) => decodeLogEntry(value, key))
  }

  /**
   * The next sector number: `/storage/nextid` (what Lotus and `init --genesis-miner` keep), but
   * never one a record already uses.
   */
  nextSectorNumber (): number {
    const stored = this.ds.get(MetadataKeys.storageNextId.prefix)
    return Math.max(stored === undefined ? 0 : readUvarint(stored), this.maxSectorNumber() + 1)
  }

  /** Creates a record with its first log row and moves `/storage/nextid` past it, atomically. */
  create (record: SectorRecord, entry: SectorLogEntry): void {
    this.ds.transaction(() => {
      if (this.has(record.SectorNumber)) throw new Error(`sector ${record.SectorNumber} already exists`)
      this.commit(record, entry)
      this.ds.put(MetadataKeys.storageNextId.prefix, writeUvarint(record.SectorNumber + 1))
    })
  }

  /** The highest sector number any record uses, or -1. */
  maxSectorNumber (): number {
    let max = -1
    for (const key of this.ds.keys({ prefix: MetadataKeys.sectors.prefix })) {
      const m = RECORD_KEY.exec(key)
      if (m !== null) max = Math.max(max, Number(m[1]))
    }
    return max
  }
}

function readUvarint (bytes: Uint8Array): number {
  let n = 0
  let mul = 1
  for (const b of bytes) {
    n += (b & 0x7f) * mul
    if ((b & 0x80) === 0) break
    mul *= 128
  }
  return n
}

function writeUvarint (n: number): Uint8Array {
  const out: number[] = []
  while (n >= 0x80) {
    out.push((n % 128) | 0x80)
    n = Math.floor(n / 128)
  }
  out.push(n)
  return Uint8Array.from(out)
}
