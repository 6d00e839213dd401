/**
 * Lotus metadata backups (`lib/backupds`), byte-compatible both ways:
 *
 *   0x82                                  array(2)
 *     0x9f ( 0x82 <bytes key> <bytes value> )* 0xff      entries, hashed
 *     0x58 0x20 <sha256 of the hashed region>
 *   ( 0x83 <bytes key> <bytes value> <int unix-ts> )*    log entries (kvlog files only)
 *
 * Keys are relative to the `/metadata` namespace. The writer writes a temp file and renames it
 * into place (Lotus overwrites without truncating; we never leave a mixed file). The reader
 * validates as it goes and `restoreInto` runs inside one datastore transaction, so a truncated
 * or corrupted file restores nothing at all.
 */
import { createHash, type Hash } from 'node:crypto'
import { closeSync, fstatSync, openSync, readSync } from 'node:fs'
import { BackupFormatError } from './errors.js'
import { writeFileAtomicSync } from './atomic-file.js'
import { cleanKey, type Datastore, type DatastoreEntry } from './datastore.js'
import { BackupWriter } from './backup-writer.js'

export { encodeByteStringHeader } from './backup-writer.js'

/** Per-entry callback; `isLog` marks entries from the log section. */
export type BackupEntryHandler = (key: string, value: Uint8Array, isLog: boolean) => void

export interface ReadBackupOptions {
  /**
   * Accept a partial trailing log entry (reported as `clean: false`) instead of failing.
   * Defaults to `LOTUS_ALLOW_TRUNCATED_LOG=1`, as in Lotus.
   */
  readonly allowTruncatedLog?: boolean
  /** Called as the file is read, with bytes read so far and the file size. */
  readonly onProgress?: (read: number, total: number) => void
}

/** What `lotus-shed datastore backup stat` prints. */
export interface BackupStats {
  /** False when a truncated trailing log entry was skipped. */
  readonly clean: boolean
  readonly keys: number
  readonly logValues: number
  readonly keyBytes: number
  readonly valueBytes: number
}

const MAX_BYTES = 2 ** 40 // Lotus's limit for keys and values in the entries section
const MAX_LOG_BYTES = 2 << 20 // cbor-gen's ByteArrayMaxLen for log entries

/**
 * Writes a backup of `entries` (keys relative to `/metadata`) to `file`, atomically, mode 0644.
 * Returns the number of entries written.
 */
export function writeBackupFile (file: string, entries: Iterable<DatastoreEntry>): number {
  const w = new BackupWriter()
  for (const e of entries) w.add(e.key, e.value)
  writeFileAtomicSync(file, w.finish(), 0o644)
  return w.count
}

/**
 * Backs up a datastore view (normally the repo's `/metadata` namespace), optionally only the
 * keys `filter` accepts (`isMarketKey` for `lotus-shed market export-datastore`). The read is
 * synchronous, so no write can interleave and the snapshot is consistent.
 */
export function backupDatastore (file: string, ds: Datastore, opts: { filter?: (key: string) => boolean } = {}): number {
  const filter = opts.filter
  const entries = filter === undefined ? ds.query() : [...ds.query()].filter((e) => filter(e.key))
  return writeBackupFile(file, entries)
}

/**
 * Reads and fully checks a backup, calling `onEntry` for each entry in file order. Throws
 * `BackupFormatError` on anything malformed, including a checksum mismatch, which is only
 * known after every entry was delivered: callers that write must be able to roll back
 * (`restoreInto` does).
 */
export function readBackup (file: string, onEntry: BackupEntryHandler, opts: ReadBackupOptions = {}): BackupStats {
  const r = new SyncFileReader(file, opts.onProgress)
  try {
    return readAll(r, onEntry, opts.allowTruncatedLog ?? process.env.LOTUS_ALLOW_TRUNCATED_LOG === '1')
  } finally {
    r.close()
  }
}

/**
 * Lotus `RestoreInto`: puts every entry (log entries too, later ones winning) into `ds` in
 * one transaction; keys already there are overwritten and none are deleted. A file that fails
 * any check leaves `ds` untouched. `filter` restricts which keys are written.
 */
export function restoreInto (ds: Datastore, file: string, opts: ReadBackupOptions & { filter?: (key: string) => boolean } = {}): BackupStats {
  const filter = opts.filter
  return ds.transaction(() => readBackup(file, (key, value) => {
    if (filter === undefined || filter(key)) ds.put(key, value)
  }, opts))
}

function readAll (r: SyncFileReader, onEntry: BackupEntryHandler, allowTruncatedLog: boolean): BackupStats {
  let keys = 0
  let keyBytes = 0
  let valueBytes = 0
  let logValues = 0
  const first = r.byte()
  if (first === undefined) throw r.error('empty file, not a backup')
  if (first !== 0x82) throw r.error(`expected array(2) header byte 0x82, got ${hex(first)}`)
  const hasher = createHash('sha256')
  r.hashInto(hasher)
  const start = r.byte()
  if (start !== 0x9f) throw r.error(start === undefined ? 'backup is truncated (no entries array)' : `expected indefinite length array header byte 0x9f, got ${hex(start)}`)
  for (;;) {
    const h = r.byte()
    if (h === undefined) throw r.error('backup is truncated (entries array never ends)')
    if (h === 0xff) break
    if (h !== 0x82) throw r.error(`expected array(2) header 0x82, got ${hex(h)}`)
    const key = r.byteString('key', MAX_BYTES)
    const value = r.byteString('value', MAX_BYTES)
    keys++
    keyBytes += key.length
    valueBytes += value.length
    onEntry(cleanKey(Buffer.from(key).toString('utf8')), value, false)
  }
  r.hashInto(undefined)
  const sum = hasher.digest()
  const expected = r.byteString('checksum', 32)
  if (!sum.equals(expected)) {
    throw r.error(`checksum didn't match; expected ${Buffer.from(expected).toString('hex')}, got ${sum.toString('hex')}`)
  }
  while (!r.atEnd()) {
    const mark = r.offset
    try {
      const n = r.header(4, 'log entry')
      if (n !== 3n) throw r.error(`log entry: expected array(3), got array(${n})`)
      const key = r.byteString('log key', MAX_LOG_BYTES)
      const value = r.byteString('log value', MAX_LOG_BYTES)
      r.integer('log timestamp')
      logValues++
      onEntry(cleanKey(Buffer.from(key).toString('utf8')), value, true)
    } catch (err) {
      if (err instanceof TruncatedError) {
        if (allowTruncatedLog) return { clean: false, keys, logValues, keyBytes, valueBytes }
        throw new BackupFormatError('log entry potentially truncated, set LOTUS_ALLOW_TRUNCATED_LOG=1 to proceed', r.file, mark)
      }
      throw err
    }
  }
  return { clean: true, keys, logValues, keyBytes, valueBytes }
}

const hex = (b: number): string => b.toString(16).padStart(2, '0')

/** Raised (internally) when the file ends inside a value; becomes a BackupFormatError. */
class TruncatedError extends BackupFormatError {}

/** Buffered synchronous reader that can tee consumed bytes into a hash. */
class SyncFileReader {
  readonly file: string
  private readonly fd: number
  private readonly size: number
  private readonly buf = Buffer.allocUnsafe(1 << 20)
  private bufStart = 0 // file offset of buf[0]
  private bufLen = 0
  offset = 0
  private hasher: Hash | undefined
  private readonly onProgress: ((read: number, total: number) => void) | undefined

  constructor (file: string, onProgress?: (read: number, total: number) => void) {
    this.file = file
    this.fd = openSync(file, 'r')
    this.size = fstatSync(this.fd).size
    this.onProgress = onProgress
  }

  close (): void { closeSync(this.fd) }

  error (message: string): BackupFormatError { return new BackupFormatError(message, this.file, this.offset) }

  hashInto (h: Hash | undefined): void { this.hasher = h }

  atEnd (): boolean { return this.offset >= this.size }

  byte (): number | undefined {
    if (this.atEnd()) return undefined
    return this.take(1)[0]
  }

  /** Exactly `n` bytes, or TruncatedError when the file is shorter. */
  take (n: number): Uint8Array {
    if (this.offset + n > this.size) throw new TruncatedError(`backup is truncated: needs ${n} more bytes, ${this.size - this.offset} left`, this.file, this.offset)
    const out = new Uint8Array(n)
    let copied = 0
    while (copied < n) {
      const inBuf = this.offset - this.bufStart
      if (inBuf >= this.bufLen) {
        this.bufStart = this.offset
        this.bufLen = readSync(this.fd, this.buf, 0, this.buf.length, this.offset)
        if (this.bufLen === 0) throw new TruncatedError('backup is truncated (file shrank while reading)', this.file, this.offset)
        this.onProgress?.(this.offset, this.size)
        continue
      }
      const k = Math.min(n - copied, this.bufLen - inBuf)
      out.set(this.buf.subarray(inBuf, inBuf + k), copied)
      copied += k
      this.offset += k
    }
    this.hasher?.update(out)
    return out
  }

  /** A CBOR header of the given major type in its shortest form (as cbor-gen demands); returns its argument. */
  header (major: number, what: string): bigint {
    const b = this.take(1)[0] ?? 0
    if (b >> 5 !== major) throw this.error(`${what}: expected CBOR major type ${major}, got byte ${hex(b)}`)
    const info = b & 0x1f
    if (info < 24) return BigInt(info)
    const width = info === 24 ? 1 : info === 25 ? 2 : info === 26 ? 4 : info === 27 ? 8 : 0
    if (width === 0) throw this.error(`${what}: unsupported CBOR length encoding ${hex(b)}`)
    let v = 0n
    for (const x of this.take(width)) v = (v << 8n) | BigInt(x)
    const min = width === 1 ? 24n : 1n << BigInt(4 * width)
    if (v < min) throw this.error(`${what}: CBOR length not in shortest form (not canonical)`)
    return v
  }

  byteString (what: string, max: number): Uint8Array {
    const n = this.header(2, what)
    if (n > BigInt(max)) throw this.error(`${what}: byte string of ${n} bytes is longer than the limit ${max}`)
    return this.take(Number(n))
  }

  integer (what: string): bigint {
    const peek = Buffer.alloc(1)
    if (readSync(this.fd, peek, 0, 1, this.offset) === 0) throw new TruncatedError(`backup is truncated (no ${what})`, this.file, this.offset)
    return (peek[0] ?? 0) >> 5 === 1 ? -1n - this.header(1, what) : this.header(0, what)
  }
}
