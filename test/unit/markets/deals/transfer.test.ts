// Transfer params and the HTTP pull, against a real local server.
import assert from 'node:assert/strict'
import { afterEach, beforeEach, describe, test } from 'node:test'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { httpPull, httpTransferParams, TransferError } from '../../../../src/markets/deals/transfer.js'
import type { Transfer } from '../../../../src/protocols/index.js'

function transfer (params: unknown, type = 'http'): Transfer {
  const text = typeof params === 'string' ? params : JSON.stringify(params)
  return { Type: type, ClientID: '', Params: new TextEncoder().encode(text), Size: 10 }
}

describe('httpTransferParams', () => {
  test('passes the URL and headers of an http transfer', () => {
    assert.deepEqual(httpTransferParams(transfer({ URL: 'http://127.0.0.1:8080/data.car', Headers: { Authorization: 'Bearer x', 'X-Trace': '1' } })),
      { URL: 'http://127.0.0.1:8080/data.car', Headers: { Authorization: 'Bearer x', 'X-Trace': '1' } })
    assert.deepEqual(httpTransferParams(transfer({ URL: 'https://example.com/a b' })), { URL: 'https://example.com/a%20b', Headers: {} })
    assert.deepEqual(httpTransferParams(transfer({ URL: 'https://example.com/x', Headers: null })), { URL: 'https://example.com/x', Headers: {} })
  })

  test('refuses unknown transfer types', () => {
    assert.throws(() => httpTransferParams(transfer({ URL: 'http://x/' }, 'graphsync')),
      (err: unknown) => err instanceof TransferError && err.fatal && err.code === 'ERR_DEAL_TRANSFER' &&
        err.message === 'cannot parse params for unrecognized transfer type \'graphsync\'')
    assert.throws(() => httpTransferParams(transfer({ URL: 'http://x/' }, '')), { message: 'cannot parse params for unrecognized transfer type \'\'' })
  })

  test('refuses params that are not JSON', () => {
    assert.throws(() => httpTransferParams(transfer('{"URL": ')),
      (err: unknown) => err instanceof TransferError && err.fatal && /^transfer params are not JSON: /.test(err.message))
  })

  test('refuses params without a URL, a non-URL, non-http schemes and bad headers', () => {
    assert.throws(() => httpTransferParams(transfer({ Headers: {} })), { message: 'transfer params have no URL' })
    assert.throws(() => httpTransferParams(transfer({ URL: 'not a url' })), { message: 'transfer URL "not a url" is not a URL' })
    assert.throws(() => httpTransferParams(transfer({ URL: 'ftp://example.com/data.car' })), { message: 'transfer URL scheme ftp: is not http or https' })
    assert.throws(() => httpTransferParams(transfer({ URL: 'file:///etc/passwd' })), { message: 'transfer URL scheme file: is not http or https' })
    assert.throws(() => httpTransferParams(transfer({ URL: 'http://x/', Headers: 'Authorization: x' })), { message: 'transfer params Headers must be an object of strings' })
    assert.throws(() => httpTransferParams(transfer({ URL: 'http://x/', Headers: { 'Content-Length': 5 } })), { message: 'transfer header Content-Length must be a string' })
  })

  test('libp2p:// URLs are not supported yet, with a message that says so', () => {
    const url = 'libp2p:///ip4/1.2.3.4/tcp/1234/p2p/12D3KooWQYhTNQdmr3ArTeUHRYzFg94BKyTkoWBDWez9kSCVe2Xo'
    for (const type of ['http', 'libp2p']) {
      assert.throws(() => httpTransferParams(transfer({ URL: url }, type)),
        (err: unknown) => err instanceof TransferError && err.fatal &&
          err.message === `HTTP-over-libp2p transfers are not supported by this provider yet (${url}); send an http:// or https:// URL`)
    }
  })
})

describe('httpPull', () => {
  let server: Server
  let base: string
  let dir: string
  /** What the next requests get; each request is recorded. */
  let handler: (req: IncomingMessage, res: ServerResponse) => void
  let requests: Array<{ url: string, range: string | undefined, auth: string | undefined }>

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nelumbo-pull-'))
    requests = []
    handler = (_req, res) => { res.writeHead(500).end() }
    server = createServer((req, res) => {
      requests.push({ url: req.url ?? '', range: req.headers.range, auth: req.headers.authorization })
      handler(req, res)
    })
    await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  })

  afterEach(async () => {
    server.closeAllConnections()
    await new Promise((resolve) => { server.close(resolve) })
    rmSync(dir, { recursive: true, force: true })
  })

  /** Serves `body`, honouring `Range: bytes=n-` with 206. */
  function serve (body: Uint8Array): void {
    handler = (req, res) => {
      const m = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
      const from = m !== null ? Number(m[1]) : 0
      res.writeHead(m !== null ? 206 : 200, { 'Content-Length': String(body.length - from) })
      res.end(body.subarray(from))
    }
  }

  test('downloads exactly Size bytes, sending the transfer headers', async () => {
    const body = randomBytes(100_000)
    serve(body)
    const file = join(dir, 'deal.car')
    const progress: number[] = []
    await httpPull({ URL: `${base}/data.car`, Headers: { Authorization: 'Bearer secret' } }, file, { size: body.length, retries: 0, onProgress: (n) => progress.push(n) })
    assert.deepEqual(readFileSync(file), body)
    assert.deepEqual(requests, [{ url: '/data.car', range: undefined, auth: 'Bearer secret' }])
    assert.equal(progress.at(-1), body.length)
  })

  test('resumes with a Range request when the file already holds some bytes', async () => {
    const body = randomBytes(5000)
    serve(body)
    const file = join(dir, 'deal.car')
    writeFileSync(file, body.subarray(0, 1234))
    await httpPull({ URL: `${base}/data.car`, Headers: { Authorization: 'Bearer secret' } }, file, { size: body.length, retries: 0 })
    assert.deepEqual(readFileSync(file), body)
    assert.deepEqual(requests, [{ url: '/data.car', range: 'bytes=1234-', auth: 'Bearer secret' }])
  })

  test('a server that ignores the Range (200) gets the file rewritten from the start', async () => {
    const body = randomBytes(3000)
    handler = (_req, res) => { res.writeHead(200, { 'Content-Length': String(body.length) }).end(body) }
    const file = join(dir, 'deal.car')
    writeFileSync(file, Buffer.alloc(1000, 0xff))
    await httpPull({ URL: `${base}/data.car`, Headers: {} }, file, { size: body.length, retries: 0 })
    assert.deepEqual(readFileSync(file), body)
    assert.equal(requests[0]?.range, 'bytes=1000-')
  })

  test('a complete file needs no request', async () => {
    const file = join(dir, 'deal.car')
    writeFileSync(file, Buffer.alloc(10))
    await httpPull({ URL: `${base}/data.car`, Headers: {} }, file, { size: 10, retries: 0 })
    assert.equal(requests.length, 0)
  })

  test('a file larger than the transfer size is refused', async () => {
    const file = join(dir, 'deal.car')
    writeFileSync(file, Buffer.alloc(11))
    await assert.rejects(httpPull({ URL: `${base}/data.car`, Headers: {} }, file, { size: 10, retries: 3 }),
      { message: `staging file ${file} holds 11 bytes, more than the transfer size 10` })
    assert.equal(requests.length, 0)
  })

  for (const status of [404, 401]) {
    test(`HTTP ${status} is final: no retry`, async () => {
      handler = (_req, res) => { res.writeHead(status).end() }
      const url = `${base}/missing.car`
      await assert.rejects(httpPull({ URL: url, Headers: {} }, join(dir, 'deal.car'), { size: 10, retries: 3 }),
        (err: unknown) => err instanceof TransferError && err.fatal && err.message === `GET ${url}: HTTP ${status}`)
      assert.equal(requests.length, 1)
    })
  }

  test('HTTP 500 is retried, then the download succeeds', async () => {
    const body = randomBytes(2000)
    let n = 0
    handler = (_req, res) => {
      if (n++ === 0) { res.writeHead(500).end(); return }
      res.writeHead(200, { 'Content-Length': String(body.length) }).end(body)
    }
    const file = join(dir, 'deal.car')
    await httpPull({ URL: `${base}/data.car`, Headers: {} }, file, { size: body.length, retries: 1 })
    assert.deepEqual(readFileSync(file), body)
    assert.equal(requests.length, 2)
  })

  test('HTTP 500 past the retries fails, not fatal', async () => {
    handler = (_req, res) => { res.writeHead(503).end() }
    const url = `${base}/data.car`
    await assert.rejects(httpPull({ URL: url, Headers: {} }, join(dir, 'deal.car'), { size: 10, retries: 1 }),
      (err: unknown) => err instanceof TransferError && !err.fatal && err.message === `GET ${url}: HTTP 503`)
    assert.equal(requests.length, 2)
  })

  test('a Content-Length that does not match Size is refused', async () => {
    const body = randomBytes(1000)
    serve(body)
    const url = `${base}/data.car`
    const file = join(dir, 'deal.car')
    await assert.rejects(httpPull({ URL: url, Headers: {} }, file, { size: 999, retries: 3 }),
      (err: unknown) => err instanceof TransferError && err.fatal && err.message === `GET ${url}: the server sends 1000 bytes, the deal's transfer size is 999`)
    assert.equal(requests.length, 1)
    // On a resume the length counts from the range start.
    writeFileSync(file, body.subarray(0, 100))
    await assert.rejects(httpPull({ URL: url, Headers: {} }, file, { size: 1001, retries: 0 }),
      { message: `GET ${url}: the server sends 1000 bytes, the deal's transfer size is 1001` })
  })

  test('a body longer than Size (no Content-Length) is refused', async () => {
    handler = (_req, res) => {
      res.writeHead(200) // chunked: no Content-Length
      res.write(Buffer.alloc(600, 1))
      res.end(Buffer.alloc(600, 2))
    }
    const url = `${base}/data.car`
    const file = join(dir, 'deal.car')
    await assert.rejects(httpPull({ URL: url, Headers: {} }, file, { size: 1000, retries: 3 }),
      (err: unknown) => err instanceof TransferError && err.fatal && err.message === `GET ${url}: more than the transfer size of 1000 bytes`)
    assert.equal(requests.length, 1)
  })

  test('an abort during the retry back-off ends the pull at once', async () => {
    const ac = new AbortController()
    handler = (_req, res) => { res.writeHead(500).end(); setTimeout(() => { ac.abort() }, 20) }
    const started = Date.now()
    await assert.rejects(httpPull({ URL: `${base}/data.car`, Headers: {} }, join(dir, 'deal.car'), { size: 10, retries: 3, signal: ac.signal }))
    assert.ok(Date.now() - started < 300, `took ${Date.now() - started} ms`)
    assert.equal(requests.length, 1)
  })

  test('a body shorter than Size (no Content-Length) is retried and fails after the retries', async () => {
    handler = (_req, res) => { res.writeHead(200).end(Buffer.alloc(10)) }
    const url = `${base}/data.car`
    await assert.rejects(httpPull({ URL: url, Headers: {} }, join(dir, 'deal.car'), { size: 1000, retries: 0 }),
      (err: unknown) => err instanceof TransferError && !err.fatal && err.message === `GET ${url}: the body ended after 10 of 1000 bytes`)
  })
})
