import { describe, test, after } from 'node:test'
import assert from 'node:assert/strict'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  BackupFormatError, backupDatastore, isMarketKey, openSqliteDatastore, readBackup, restoreInto, writeBackupFile,
  encodeByteStringHeader, type Datastore
} from '../../../src/repo/index.js'

const dir = mkdtempSync(join(tmpdir(), 'nelumbo-backup-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const b = (s: string): Uint8Array => new TextEncoder().encode(s)
let n = 0
function freshStore (): Datastore & { close (): void } {
  return openSqliteDatastore(join(dir, `ds${n++}.sqlite`))
}
function dump (ds: Datastore): Array<[string, string]> {
  return [...ds.query()].map((e) => [e.key, Buffer.from(e.value).toString('hex')])
}

describe('backup files', () => {
  test('golden bytes: one entry', () => {
    const file = join(dir, 'golden.cbor')
    writeBackupFile(file, [{ key: '/a', value: Uint8Array.of(1) }])
    const hashed = Buffer.from('9f82422f614101ff', 'hex')
    const expected = Buffer.concat([Buffer.from('82', 'hex'), hashed, Buffer.from('5820', 'hex'), createHash('sha256').update(hashed).digest()])
    assert.deepEqual(readFileSync(file), expected)
    assert.equal(statSync(file).mode & 0o777, 0o644)
  })

  test('byte-string headers use the shortest CBOR form', () => {
    assert.deepEqual([...encodeByteStringHeader(23)], [0x57])
    assert.deepEqual([...encodeByteStringHeader(24)], [0x58, 24])
    assert.deepEqual([...encodeByteStringHeader(256)], [0x59, 1, 0])
    assert.deepEqual([...encodeByteStringHeader(65536)], [0x5a, 0, 1, 0, 0])
    assert.deepEqual([...encodeByteStringHeader(2 ** 32)], [0x5b, 0, 0, 0, 1, 0, 0, 0, 0])
  })

  test('datastore -> backup -> restore round trip, and a market-only export', () => {
    const src = freshStore()
    const big = new Uint8Array(70_000).map((_, i) => i & 0xff)
    src.put('/miner-address', Uint8Array.of(0, 0xe8, 0x07))
    src.put('/sectors/1', b('sector one'))
    src.put('/deals/provider/bafyX', big)
    src.put('/deals/provider/storage-ask/latest', b('ask'))
    src.put('/storagemarket/pieces/p', b('piece'))
    src.put('/sealedblocks/x', b('refs'))
    const file = join(dir, 'roundtrip.cbor')
    assert.equal(backupDatastore(file, src), 6)
    const dst = freshStore()
    dst.put('/existing', b('kept'))
    const stats = restoreInto(dst, file)
    assert.deepEqual(stats, { clean: true, keys: 6, logValues: 0, keyBytes: 14 + 10 + 21 + 34 + 23 + 15, valueBytes: 70_000 + 3 + 10 + 3 + 5 + 4 })
    assert.deepEqual(dump(dst).filter(([k]) => k !== '/existing'), dump(src))
    assert.equal(Buffer.from(dst.get('/existing') ?? []).toString(), 'kept')

    const market = join(dir, 'markets.datastore.backup')
    backupDatastore(market, src, { filter: isMarketKey })
    const keys: string[] = []
    readBackup(market, (k) => keys.push(k))
    assert.deepEqual(keys, ['/deals/provider/bafyX', '/deals/provider/storage-ask/latest', '/storagemarket/pieces/p'])
    src.close()
    dst.close()
  })

  test('truncated and bit-flipped files are refused and restore nothing', () => {
    const src = freshStore()
    for (let i = 0; i < 20; i++) src.put(`/sectors/${i}`, b(`value ${i}`.repeat(5)))
    const good = join(dir, 'good.cbor')
    backupDatastore(good, src)
    src.close()
    const bytes = readFileSync(good)
    const bad = join(dir, 'bad.cbor')
    const dst = freshStore()
    dst.put('/before', b('x'))
    const cuts = [0, 1, 2, 5, Math.floor(bytes.length / 2), bytes.length - 33, bytes.length - 1]
    for (const cut of cuts) {
      writeFileSync(bad, bytes.subarray(0, cut))
      assert.throws(() => restoreInto(dst, bad), BackupFormatError, `cut at ${cut}`)
    }
    for (const pos of [1, 3, 40, bytes.length - 40, bytes.length - 2]) {
      const flipped = Buffer.from(bytes)
      flipped[pos] = (flipped[pos] ?? 0) ^ 0x01
      writeFileSync(bad, flipped)
      assert.throws(() => restoreInto(dst, bad), BackupFormatError, `flip at ${pos}`)
    }
    const valueFlip = Buffer.from(bytes)
    const at = valueFlip.indexOf('value 7')
    valueFlip[at] = 'V'.charCodeAt(0)
    writeFileSync(bad, valueFlip)
    assert.throws(() => restoreInto(dst, bad), /checksum didn't match; expected [0-9a-f]{64}, got [0-9a-f]{64}/)
    writeFileSync(bad, Buffer.concat([Buffer.from([0x83]), bytes.subarray(1)]))
    assert.throws(() => readBackup(bad, () => {}), /expected array\(2\) header byte 0x82, got 83/)
    assert.deepEqual(dump(dst), [['/before', Buffer.from('x').toString('hex')]], 'nothing was restored')
    dst.close()
  })

  test('log entries after the checksum are applied in order; a truncated one needs LOTUS_ALLOW_TRUNCATED_LOG', () => {
    const base = join(dir, 'base.cbor')
    writeBackupFile(base, [{ key: '/k', value: b('v1') }])
    // [bytes "/k", bytes "v2", 1700000000] and [bytes "/j", bytes "x", -1]
    const log1 = Buffer.from([0x83, 0x42, 0x2f, 0x6b, 0x42, 0x76, 0x32, 0x1a, 0x65, 0x53, 0xf1, 0x00])
    const log2 = Buffer.from([0x83, 0x42, 0x2f, 0x6a, 0x41, 0x78, 0x20])
    const withLog = join(dir, 'kvlog.cbor')
    writeFileSync(withLog, Buffer.concat([readFileSync(base), log1, log2]))
    const seen: Array<[string, boolean]> = []
    assert.deepEqual(readBackup(withLog, (k, _v, isLog) => seen.push([k, isLog])), { clean: true, keys: 1, logValues: 2, keyBytes: 2, valueBytes: 2 })
    assert.deepEqual(seen, [['/k', false], ['/k', true], ['/j', true]])
    const ds = freshStore()
    restoreInto(ds, withLog)
    assert.equal(Buffer.from(ds.get('/k') ?? []).toString(), 'v2')

    const truncated = join(dir, 'kvlog-trunc.cbor')
    writeFileSync(truncated, Buffer.concat([readFileSync(base), log1, log2.subarray(0, 4)]))
    const empty = freshStore()
    assert.throws(() => restoreInto(empty, truncated, { allowTruncatedLog: false }), /log entry potentially truncated, set LOTUS_ALLOW_TRUNCATED_LOG=1 to proceed/)
    assert.equal(empty.count(), 0)
    const stats = restoreInto(empty, truncated, { allowTruncatedLog: true })
    assert.equal(stats.clean, false)
    assert.equal(stats.logValues, 1)
    assert.equal(Buffer.from(empty.get('/k') ?? []).toString(), 'v2')
    ds.close()
    empty.close()
  })

  test('non-canonical lengths are rejected', () => {
    const region = Buffer.from('9f8258012f4101ff', 'hex') // key length 1 written as 0x58 0x01
    const file = join(dir, 'noncanonical.cbor')
    writeFileSync(file, Buffer.concat([Buffer.from([0x82]), region, Buffer.from([0x58, 0x20]), createHash('sha256').update(region).digest()]))
    assert.throws(() => readBackup(file, () => {}), /not canonical/)
  })
})
