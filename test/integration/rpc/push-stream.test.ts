// Reader params across processes: this process calls a method in a child API server with a
// stream; the client pushes the bytes to the child's /rpc/streams/v0/push/<uuid> beside the
// call, and the child hashes what it reads. Also the `http` reader (the child GETs a URL
// served here), an oversized push, a source that fails mid-way, and concurrent pushes.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { type ChildProcess, spawn } from 'node:child_process'
import { createHash, randomBytes } from 'node:crypto'
import { once } from 'node:events'
import { mkdtempSync, rmSync, writeFileSync, createReadStream } from 'node:fs'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { permissionsUpTo } from '../../../src/api/index.js'
import { pieceDataFromStream } from '../../../src/api/sealing.js'
import { createToken, generateJwtSecret } from '../../../src/auth/index.js'
import { RpcError, createRpcClient, type RpcClient } from '../../../src/rpc/index.js'
import { PushTestContract } from './push-stream-server.js'

const SCRIPT = fileURLToPath(new URL('./push-stream-server.js', import.meta.url))
const secret = generateJwtSecret()
const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

let child: ChildProcess
let exited: Promise<unknown>
let childUrl: string
let token: string
let files: Server
let filesUrl: string
let dir: string
const clients: Array<RpcClient<typeof PushTestContract>> = []

function client (transport: 'http' | 'ws'): RpcClient<typeof PushTestContract> {
  const url = `${transport === 'ws' ? childUrl.replace('http:', 'ws:') : childUrl}/rpc/v0`
  const c = createRpcClient(PushTestContract, { url, token })
  clients.push(c)
  return c
}

async function * chunked (data: Uint8Array, size = 64 << 10): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size)
}

before(async () => {
  token = await createToken(secret, permissionsUpTo('admin'))
  dir = mkdtempSync(join(tmpdir(), 'nelumbo-push-test-'))
  child = spawn(process.execPath, [SCRIPT], {
    env: { ...process.env, PUSH_TEST_SECRET: Buffer.from(secret).toString('hex') },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  exited = once(child, 'exit')
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
  const [line] = await Promise.race([
    once(lines, 'line'),
    exited.then(() => { throw new Error('push test server exited before listening') })
  ]) as [string]
  lines.close()
  childUrl = (JSON.parse(line) as { url: string }).url

  // Piece bytes for `http` readers, served from this process.
  files = createServer((req, res) => {
    const m = /^\/piece\/(\d+)$/.exec(req.url ?? '')
    if (m === null) { res.writeHead(404).end('no such piece'); return }
    res.writeHead(200, { 'Content-Type': 'application/octet-stream' }).end(seeded(Number(m[1])))
  })
  await new Promise<void>((resolve) => { files.listen(0, '127.0.0.1', resolve) })
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`
})

after(async () => {
  await Promise.all(clients.map(async (c) => { await c.close() }))
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM')
  await exited
  files.closeAllConnections()
  await new Promise<void>((resolve) => { files.close(() => { resolve() }) })
  rmSync(dir, { recursive: true, force: true })
})

/** Deterministic bytes for a size (the `http` reader's server and the test agree on them). */
function seeded (size: number): Buffer {
  const out = Buffer.alloc(size)
  for (let i = 0; i < size; i++) out[i] = (i * 31 + (i >> 8)) & 0xff
  return out
}

describe('reader params pushed across processes', () => {
  for (const transport of ['http', 'ws'] as const) {
    test(`${transport}: 1016 bytes (a 2 KiB sector's piece) arrive intact`, async () => {
      const data = randomBytes(1016)
      const got = await client(transport).HashPiece(1016, pieceDataFromStream(chunked(data, 100)))
      assert.deepEqual(got, { Bytes: 1016, Sha256: sha256(data) })
    })

    test(`${transport}: 8 MiB of an 8 MiB sector's piece (8323072 bytes) arrive intact`, async () => {
      const size = (8 << 20) / 128 * 127
      const data = randomBytes(size)
      const got = await client(transport).HashPiece(size, pieceDataFromStream(chunked(data)))
      assert.deepEqual(got, { Bytes: size, Sha256: sha256(data) })
    })
  }

  test('a Node Readable (a file) is pushed as it is read', async () => {
    const data = randomBytes(3 << 20)
    const file = join(dir, 'piece.bin')
    writeFileSync(file, data)
    const got = await client('ws').HashPiece(data.length, pieceDataFromStream(createReadStream(file, { highWaterMark: 256 << 10 })))
    assert.deepEqual(got, { Bytes: data.length, Sha256: sha256(data) })
  })

  test('concurrent calls each get their own bytes', async () => {
    const api = client('http')
    const datas = [1016, 2032, 4064, 127 * 1024].map((n) => randomBytes(n))
    const got = await Promise.all(datas.map(async (d) => await api.HashPiece(d.length, pieceDataFromStream(chunked(d, 500)))))
    assert.deepEqual(got, datas.map((d) => ({ Bytes: d.length, Sha256: sha256(d) })))
  })

  test('a push longer than the declared size is refused, naming the size', async () => {
    await assert.rejects(client('ws').HashPiece(1016, pieceDataFromStream(chunked(randomBytes(2032), 300))), (err: Error) => {
      assert.match(err.message, /longer than the declared 1016 bytes/)
      return true
    })
  })

  test('a source that fails mid-way fails the call with its reason', async () => {
    const source = (async function * () {
      yield randomBytes(1000)
      throw new Error('disk went away')
    })()
    await assert.rejects(client('http').HashPiece(2032, pieceDataFromStream(source)), /disk went away|push aborted after 1000 bytes/)
  })

  test('a null reader needs no push', async () => {
    const got = await client('http').HashPiece(1016, { kind: 'null', size: 1016 })
    assert.deepEqual(got, { Bytes: 1016, Sha256: sha256(Buffer.alloc(1016)) })
  })

  test('an http reader is fetched by the server; a bad status names the URL and the status', async () => {
    const got = await client('ws').HashPiece(254 * 1024, { kind: 'http', url: `${filesUrl}/piece/${254 * 1024}` })
    assert.deepEqual(got, { Bytes: 254 * 1024, Sha256: sha256(seeded(254 * 1024)) })
    const missing = `${filesUrl}/nope`
    await assert.rejects(client('ws').HashPiece(1016, { kind: 'http', url: missing }), (err: Error) => {
      assert.ok(err instanceof RpcError)
      assert.ok(err.message.includes(missing), err.message)
      assert.match(err.message, /unexpected status code 404/)
      return true
    })
  })
})
