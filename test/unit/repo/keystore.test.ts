import { describe, test, after } from 'node:test'
import assert from 'node:assert/strict'
import { chmodSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  KeyExistsError, KeyInfoNotFoundError, KeyNames, KeyPermissionsError, Keystore, keyFileName, keyNameFromFileName, loadOrCreateApiSecret
} from '../../../src/repo/index.js'

const root = mkdtempSync(join(tmpdir(), 'nelumbo-keystore-'))
after(() => rmSync(root, { recursive: true, force: true }))
let n = 0
const fresh = (): Keystore => Keystore.create(join(root, `ks${n++}`))

describe('keystore', () => {
  test('file names are Lotus base32 (RFC 4648 upper case, no padding)', () => {
    assert.equal(keyFileName('auth-jwt-private'), 'MF2XI2BNNJ3XILLQOJUXMYLUMU')
    assert.equal(keyFileName('libp2p-host'), 'NRUWE4BSOAWWQ33TOQ')
    assert.equal(keyNameFromFileName('NRUWE4BSOAWWQ33TOQ'), 'libp2p-host')
    assert.throws(() => keyNameFromFileName('not base32!'), /decoding key/)
  })

  test('put/get/list/delete with Lotus JSON content and modes', () => {
    const ks = fresh()
    assert.equal(statSync(ks.dir).mode & 0o777, 0o700)
    const pk = Uint8Array.from([1, 2, 3, 250])
    ks.put('libp2p-host', { type: 'libp2p-host', privateKey: pk })
    const file = join(ks.dir, 'NRUWE4BSOAWWQ33TOQ')
    assert.equal(readFileSync(file, 'utf8'), '{"Type":"libp2p-host","PrivateKey":"AQID+g=="}')
    assert.equal(statSync(file).mode & 0o777, 0o600)
    assert.deepEqual(ks.get('libp2p-host'), { type: 'libp2p-host', privateKey: pk })
    assert.throws(() => ks.put('libp2p-host', { type: 'libp2p-host', privateKey: pk }), KeyExistsError)
    ks.put(`${KeyNames.walletPrefix}t01000`, { type: 'bls', privateKey: pk })
    assert.deepEqual(ks.list().sort(), ['libp2p-host', 'wallet-t01000'])
    assert.deepEqual(readdirSync(ks.dir).filter((f) => f.startsWith('.')), [], 'no temp files left behind')
    ks.delete('libp2p-host')
    assert.throws(() => ks.get('libp2p-host'), KeyInfoNotFoundError)
    assert.throws(() => ks.delete('libp2p-host'), /key info not found/)
  })

  test('trash- names get numeric suffixes instead of failing', () => {
    const ks = fresh()
    const info = { type: 'secp256k1', privateKey: new Uint8Array(32) }
    ks.put('trash-t1abc', info)
    ks.put('trash-t1abc', info)
    ks.put('trash-t1abc', info)
    assert.deepEqual(ks.list().sort(), ['trash-t1abc', 'trash-t1abc-1', 'trash-t1abc-2'])
  })

  test('keys readable by group or others are refused with Lotus\'s message', () => {
    const ks = fresh()
    ks.put('default', { type: 'bls', privateKey: new Uint8Array(32) })
    chmodSync(ks.pathOf('default'), 0o644)
    assert.throws(() => ks.get('default'), (err: unknown) => err instanceof KeyPermissionsError &&
      err.message.endsWith("permissions of key: 'default' are too relaxed, required: 0600, got: 0644"))
    assert.throws(() => ks.list(), KeyPermissionsError)
  })

  test('API secret is generated once (32 bytes, jwt-hmac-secret)', () => {
    const ks = fresh()
    const a = loadOrCreateApiSecret(ks)
    const b = loadOrCreateApiSecret(ks)
    assert.equal(a.generated, true)
    assert.equal(b.generated, false)
    assert.equal(a.secret.length, 32)
    assert.deepEqual(b.secret, a.secret)
    assert.equal(ks.get('auth-jwt-private').type, 'jwt-hmac-secret')
    assert.ok(readdirSync(ks.dir).includes('MF2XI2BNNJ3XILLQOJUXMYLUMU'))
  })

  test('corrupt key files are reported without echoing their content', () => {
    const ks = fresh()
    ks.put('x', { type: 'bls', privateKey: new Uint8Array(1) })
    chmodSync(ks.pathOf('x'), 0o600)
    rmSync(ks.pathOf('x'))
    assert.throws(() => ks.get('x'), KeyInfoNotFoundError)
  })
})
