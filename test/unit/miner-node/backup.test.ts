// Filecoin.CreateBackup on the mining node (src/node/miner/backup.ts, Lotus node/impl/backup.go):
// LOTUS_BACKUP_BASE_PATH from the daemon's environment, `~` and relative paths made absolute,
// Lotus's exact refusals, and an atomic write that restores to the same entries.
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MinerContract } from '../../../src/api/miner.js'
import { createBackup, createBackupMethod } from '../../../src/node/miner/backup.js'
import { openSqliteDatastore, readBackup, restoreInto, type Datastore } from '../../../src/repo/index.js'

const dir = mkdtempSync(join(tmpdir(), 'nelumbo-create-backup-'))
after(() => rmSync(dir, { recursive: true, force: true }))
const base = join(dir, 'backups')
mkdirSync(base)
let n = 0
const freshStore = (): Datastore & { close (): void } => openSqliteDatastore(join(dir, `ds${n++}.sqlite`))
const dump = (ds: Datastore): Array<[string, string]> => [...ds.query()].map((e) => [e.key, Buffer.from(e.value).toString('hex')])

function source (): Datastore {
  const ds = freshStore()
  ds.put('/miner-address', Uint8Array.of(0, 0xe8, 0x07))
  ds.put('/sectors/1', new TextEncoder().encode('sector one'))
  ds.put('/sectors/2', new Uint8Array(5000).map((_, i) => i & 0xff))
  return ds
}

describe('CreateBackup', () => {
  test('is an admin method taking the file path', () => {
    assert.equal(MinerContract.CreateBackup.name, 'Filecoin.CreateBackup')
    assert.equal(MinerContract.CreateBackup.perm, 'admin')
    assert.equal(MinerContract.CreateBackup.params.length, 1)
  })

  test('refuses without LOTUS_BACKUP_BASE_PATH in the daemon environment', async () => {
    const ds = source()
    const file = join(base, 'unset.cbor')
    assert.throws(() => createBackup(ds, file, { env: {} }), { message: 'LOTUS_BACKUP_BASE_PATH env var not set' })
    await assert.rejects(createBackupMethod(ds, { env: { OTHER: base } })(file), { message: 'LOTUS_BACKUP_BASE_PATH env var not set' })
    assert.deepEqual(readdirSync(base), [])
  })

  test('refuses a file outside the base path, after ~-expansion and making both absolute', () => {
    const ds = source()
    const env = { LOTUS_BACKUP_BASE_PATH: base }
    const outside = join(dir, 'elsewhere.cbor')
    assert.throws(() => createBackup(ds, outside, { env }), { message: `backup file name (${outside}) must be inside base path (${base})` })
    // `..` is resolved before the check.
    assert.throws(() => createBackup(ds, `${base}/../escape.cbor`, { env }), { message: `backup file name (${join(dir, 'escape.cbor')}) must be inside base path (${base})` })
    // `~` is the home directory for both paths.
    assert.throws(() => createBackup(ds, '~/x.cbor', { env: { LOTUS_BACKUP_BASE_PATH: '~/backups' }, home: '/home/op' }),
      { message: `backup file name (/home/op/x.cbor) must be inside base path (/home/op/backups)` })
    assert.deepEqual(readdirSync(base), [])
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.cbor')), [])
  })

  test('writes the metadata datastore inside the base path, atomically, readable and restorable', async () => {
    const ds = source()
    await createBackupMethod(ds, { env: { LOTUS_BACKUP_BASE_PATH: '~/backups' }, home: dir })('~/backups/miner.cbor')
    const file = join(base, 'miner.cbor')
    assert.deepEqual(readdirSync(base), ['miner.cbor'], 'only the backup file, no temp file left behind')
    assert.equal(statSync(file).mode & 0o777, 0o644)

    const keys: string[] = []
    const stats = readBackup(file, (key) => { keys.push(key) })
    assert.deepEqual(keys, ['/miner-address', '/sectors/1', '/sectors/2'])
    assert.equal(stats.clean, true)
    const dst = freshStore()
    restoreInto(dst, file)
    assert.deepEqual(dump(dst), dump(ds))

    // A second backup to the same name replaces the file whole.
    ds.delete('/sectors/2')
    assert.deepEqual(createBackup(ds, file, { env: { LOTUS_BACKUP_BASE_PATH: base } }), { path: file, entries: 2 })
    const again: string[] = []
    readBackup(file, (key) => { again.push(key) })
    assert.deepEqual(again, ['/miner-address', '/sectors/1'])
    assert.deepEqual(readdirSync(base), ['miner.cbor'])
  })

  test('a file that cannot be created is an error naming it, and leaves nothing behind', () => {
    const ds = source()
    const file = join(base, 'missing-dir', 'x.cbor')
    assert.throws(() => createBackup(ds, file, { env: { LOTUS_BACKUP_BASE_PATH: base } }), (err: Error) => err.message.startsWith(`open ${file}: `))
    assert.throws(() => createBackup(ds, base, { env: { LOTUS_BACKUP_BASE_PATH: base } }), /backup error: /)
    assert.deepEqual(readdirSync(base).filter((f) => f !== 'miner.cbor'), [])
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [])
  })
})
