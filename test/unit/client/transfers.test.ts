import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import { createServer, type Server } from 'node:http'
import { randomBytes } from 'node:crypto'
import { mkdirSync, mkdtempSync, rmSync, unlinkSync, writeFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TRANSFER_PATH, TransferOffers } from '../../../src/client/transfers.js'
import { openSqliteDatastore, type SqliteDatastore } from '../../../src/repo/datastore.js'
import { MetadataKeys } from '../../../src/repo/keys.js'

const SIZE = 1000

describe('TransferOffers', () => {
  let dir: string
  let ds: SqliteDatastore
  let offers: TransferOffers
  let server: Server
  let base: string
  let carPath: string
  let data: Buffer

  /** Serves `o.handleRequest` on 127.0.0.1:0 (replacing any running server). */
  async function serve (o: TransferOffers): Promise<void> {
    if (server !== undefined) await close()
    server = createServer((req, res) => { o.handleRequest(req, res) })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  }

  async function close (): Promise<void> {
    server.closeAllConnections()
    await new Promise<void>((resolve, reject) => server.close((err) => { if (err !== undefined) reject(err); else resolve() }))
  }

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nelumbo-transfers-'))
    carPath = join(dir, 'data.car')
    data = randomBytes(SIZE)
    writeFileSync(carPath, data)
    ds = openSqliteDatastore(':memory:')
    offers = new TransferOffers(ds)
    server = undefined as unknown as Server
    await serve(offers)
  })

  afterEach(async () => {
    await close()
    ds.close()
    rmSync(dir, { recursive: true, force: true })
  })

  test('offer returns a fresh path under /client/transfer and a bearer token, kept in the datastore', () => {
    const a = offers.offer(carPath)
    const b = offers.offer(carPath)
    assert.match(a.path, /^\/client\/transfer\/[0-9a-f]{32}$/)
    assert.ok(a.path.startsWith(`${TRANSFER_PATH}/`))
    assert.match(a.authorization, /^Bearer [A-Za-z0-9_-]{43}$/)
    assert.notEqual(a.path, b.path)
    assert.notEqual(a.authorization, b.authorization)
    assert.equal(ds.count(MetadataKeys.clientTransfers.prefix), 2)
  })

  test('GET with the right token: 200, the exact bytes and Content-Length', async () => {
    const o = offers.offer(carPath)
    const res = await fetch(base + o.path, { headers: { Authorization: o.authorization } })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-length'), String(SIZE))
    assert.equal(res.headers.get('content-type'), 'application/vnd.ipld.car')
    assert.equal(res.headers.get('accept-ranges'), 'bytes')
    assert.equal(res.headers.get('content-range'), null)
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), data)
  })

  test('a query string after the path is ignored', async () => {
    const o = offers.offer(carPath)
    const res = await fetch(`${base}${o.path}?x=1`, { headers: { Authorization: o.authorization } })
    assert.equal(res.status, 200)
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), data)
  })

  test('Range bytes=10-: 206, the tail and Content-Range', async () => {
    const o = offers.offer(carPath)
    const res = await fetch(base + o.path, { headers: { Authorization: o.authorization, Range: 'bytes=10-' } })
    assert.equal(res.status, 206)
    assert.equal(res.headers.get('content-range'), `bytes 10-${SIZE - 1}/${SIZE}`)
    assert.equal(res.headers.get('content-length'), String(SIZE - 10))
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), data.subarray(10))
  })

  test('Range bytes=0-: 206 with the whole file', async () => {
    const o = offers.offer(carPath)
    const res = await fetch(base + o.path, { headers: { Authorization: o.authorization, Range: 'bytes=0-' } })
    assert.equal(res.status, 206)
    assert.equal(res.headers.get('content-range'), `bytes 0-${SIZE - 1}/${SIZE}`)
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), data)
  })

  test('a Range start beyond the size: 416 with Content-Range bytes */size', async () => {
    const o = offers.offer(carPath)
    const res = await fetch(base + o.path, { headers: { Authorization: o.authorization, Range: `bytes=${SIZE + 1}-` } })
    assert.equal(res.status, 416)
    assert.equal(res.headers.get('content-range'), `bytes */${SIZE}`)
    assert.equal((await res.arrayBuffer()).byteLength, 0)
  })

  test('a Range starting exactly at the size is unsatisfiable (RFC 9110 §14.1.1): 416', async () => {
    const o = offers.offer(carPath)
    const res = await fetch(base + o.path, { headers: { Authorization: o.authorization, Range: `bytes=${SIZE}-` } })
    assert.equal(res.status, 416)
    assert.equal(res.headers.get('content-range'), `bytes */${SIZE}`)
  })

  test('HEAD: the headers of a GET, no body', async () => {
    const o = offers.offer(carPath)
    const res = await fetch(base + o.path, { method: 'HEAD', headers: { Authorization: o.authorization } })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-length'), String(SIZE))
    assert.equal(res.headers.get('accept-ranges'), 'bytes')
    assert.equal((await res.arrayBuffer()).byteLength, 0)
    const ranged = await fetch(base + o.path, { method: 'HEAD', headers: { Authorization: o.authorization, Range: 'bytes=10-' } })
    assert.equal(ranged.status, 206)
    assert.equal(ranged.headers.get('content-range'), `bytes 10-${SIZE - 1}/${SIZE}`)
    assert.equal((await ranged.arrayBuffer()).byteLength, 0)
  })

  test('a wrong token: 401', async () => {
    const o = offers.offer(carPath)
    const other = offers.offer(carPath)
    for (const authorization of [other.authorization, `${o.authorization}x`, o.authorization.slice(0, -1), 'Bearer ', o.authorization.replace('Bearer ', 'Basic ')]) {
      const res = await fetch(base + o.path, { headers: { Authorization: authorization } })
      assert.equal(res.status, 401, authorization)
      assert.equal(await res.text(), 'wrong or missing transfer token\n')
    }
  })

  test('no token: 401', async () => {
    const o = offers.offer(carPath)
    const res = await fetch(base + o.path)
    assert.equal(res.status, 401)
    await res.arrayBuffer()
    const head = await fetch(base + o.path, { method: 'HEAD' })
    assert.equal(head.status, 401)
  })

  test('an unknown id or a malformed path: 404', async () => {
    const o = offers.offer(carPath)
    for (const path of [`${TRANSFER_PATH}/${'0'.repeat(32)}`, `${TRANSFER_PATH}/abc`, `${o.path}/more`, `${o.path.toUpperCase()}`, TRANSFER_PATH, '/']) {
      const res = await fetch(base + path, { headers: { Authorization: o.authorization } })
      assert.equal(res.status, 404, path)
      assert.equal(await res.text(), 'no such transfer\n')
    }
  })

  test('POST (or PUT, DELETE) to a known offer with the right token: 404', async () => {
    const o = offers.offer(carPath)
    for (const method of ['POST', 'PUT', 'DELETE']) {
      const res = await fetch(base + o.path, { method, headers: { Authorization: o.authorization } })
      assert.equal(res.status, 404, method)
      await res.arrayBuffer()
    }
  })

  test('the file deleted after the offer: 410', async () => {
    const o = offers.offer(carPath)
    unlinkSync(carPath)
    const res = await fetch(base + o.path, { headers: { Authorization: o.authorization } })
    assert.equal(res.status, 410)
    assert.equal(await res.text(), 'the imported data is gone\n')
  })

  test('the token is checked before the file: a deleted file with a wrong token is 401', async () => {
    const o = offers.offer(carPath)
    unlinkSync(carPath)
    const res = await fetch(base + o.path, { headers: { Authorization: 'Bearer nope' } })
    assert.equal(res.status, 401)
    await res.arrayBuffer()
  })

  test('an empty file: 200 with Content-Length 0', async () => {
    const empty = join(dir, 'empty.car')
    writeFileSync(empty, new Uint8Array(0))
    const o = offers.offer(empty)
    const res = await fetch(base + o.path, { headers: { Authorization: o.authorization } })
    assert.equal(res.status, 200)
    assert.equal(res.headers.get('content-length'), '0')
    assert.equal((await res.arrayBuffer()).byteLength, 0)
  })

  test('a new TransferOffers over the same datastore still serves the offer', async () => {
    const o = offers.offer(carPath)
    await serve(new TransferOffers(ds))
    const res = await fetch(base + o.path, { headers: { Authorization: o.authorization, Range: 'bytes=500-' } })
    assert.equal(res.status, 206)
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), data.subarray(500))
  })

  test('the offer survives closing and reopening a file datastore', async () => {
    const file = join(dir, 'metadata.sqlite')
    const first = openSqliteDatastore(file)
    const o = new TransferOffers(first).offer(carPath)
    first.close()
    const second = openSqliteDatastore(file)
    try {
      await serve(new TransferOffers(second))
      const res = await fetch(base + o.path, { headers: { Authorization: o.authorization } })
      assert.equal(res.status, 200)
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), data)
    } finally {
      await serve(offers)
      second.close()
    }
  })

  test('a file that stats but cannot be read (a directory here; EACCES or a delete after the stat in practice) answers an error instead of crashing', async () => {
    const sub = join(dir, 'not-a-file')
    mkdirSync(sub)
    const o = offers.offer(sub)
    // Either an error status before the body, or an aborted body: both fine, as long as the node lives on.
    const outcome = await fetch(base + o.path, { headers: { Authorization: o.authorization } })
      .then(async (res) => { await res.arrayBuffer(); return res.status }, (err: Error) => err)
    assert.ok(outcome instanceof Error || outcome >= 400, String(outcome))
    const good = offers.offer(carPath)
    const res = await fetch(base + good.path, { headers: { Authorization: good.authorization } })
    assert.equal(res.status, 200)
    assert.deepEqual(Buffer.from(await res.arrayBuffer()), data)
  })
})
