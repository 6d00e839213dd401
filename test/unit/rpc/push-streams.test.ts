import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { createHash, randomBytes, randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { HttpRouter, PUSH_PATH, PushStreams, type PushedReader } from '../../../src/rpc/index.js'
import { pushReader, pushUrlOf } from '../../../src/rpc/push-client.js'

const GOOD = 'good-token'
const TIMEOUT_MS = 300

let server: Server
let streams: PushStreams
let base: URL

before(async () => {
  streams = new PushStreams({
    authorize: (token) => { if (token !== GOOD) throw new Error('bad token'); return ['read', 'write', 'sign', 'admin'] },
    timeoutMs: TIMEOUT_MS
  })
  server = createServer()
  new HttpRouter().attach(server).mount(PUSH_PATH, streams, { prefix: true })
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
  base = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}${PUSH_PATH}`)
})

after(async () => {
  streams.close()
  server.closeAllConnections()
  await new Promise<void>((resolve) => { server.close(() => { resolve() }) })
})

const target = (headers: Record<string, string> = {}): { base: URL, headers: Record<string, string> } => ({ base, headers })

async function readAll (reader: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = []
  for await (const chunk of reader) parts.push(chunk)
  return Buffer.concat(parts)
}

async function * chunks (data: Uint8Array, size = 4096): AsyncGenerator<Uint8Array> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size)
}

async function post (uuid: string, body: Uint8Array, headers: Record<string, string> = {}): Promise<{ status: number, text: string }> {
  const res = await fetch(`${base.href}/${uuid}`, { method: 'POST', body, headers })
  return { status: res.status, text: await res.text() }
}

describe('push registry', () => {
  test('the push URL is derived from the RPC URL as Lotus derives it', () => {
    assert.equal(pushUrlOf(new URL('ws://127.0.0.1:2345/rpc/v0')).href, 'http://127.0.0.1:2345/rpc/streams/v0/push')
    assert.equal(pushUrlOf(new URL('wss://h/rpc/v1?token=x')).href, 'https://h/rpc/streams/v0/push?token=x')
    assert.equal(pushUrlOf(new URL('http://[::1]:1234/rpc/v0')).href, 'http://[::1]:1234/rpc/streams/v0/push')
  })

  test('a POST that arrives before the call is read in full and answered 200', async () => {
    const uuid = randomUUID()
    const data = randomBytes(10_000)
    const posted = post(uuid, data)
    await new Promise((resolve) => setTimeout(resolve, 20)) // let the push get there first
    const got = await readAll(streams.open(uuid))
    assert.deepEqual(got, data)
    assert.equal((await posted).status, 200)
  })

  test('a call before the push: HEAD waits for the first read, then the POST carries the bytes', async () => {
    const uuid = randomUUID()
    const data = randomBytes(100_000)
    const reader = streams.open(uuid)
    let pushed = false
    const push = pushReader('Test.Push', target(), { uuid, stream: chunks(data) }, new AbortController().signal)
      .then(() => { pushed = true })
    await new Promise((resolve) => setTimeout(resolve, 50))
    assert.equal(pushed, false, 'the push is held until the method reads')
    const got = await readAll(reader)
    await push
    assert.equal(createHash('sha256').update(got).digest('hex'), createHash('sha256').update(data).digest('hex'))
  })

  test('a push that never arrives fails the reader after the timeout, naming the uuid', async () => {
    const uuid = randomUUID()
    const started = Date.now()
    await assert.rejects(readAll(streams.open(uuid)), (err: Error) => {
      assert.match(err.message, new RegExp(`reader ${uuid}: no data pushed to /rpc/streams/v0/push/${uuid} within ${TIMEOUT_MS} ms`))
      return true
    })
    assert.ok(Date.now() - started >= TIMEOUT_MS - 20)
  })

  test('a push for a uuid no call takes is answered 500 after the timeout', async () => {
    const uuid = randomUUID()
    const res = await post(uuid, Buffer.from('orphan'))
    assert.equal(res.status, 500)
    assert.match(res.text, new RegExp(`reader ${uuid}: no call took this push within ${TIMEOUT_MS} ms`))
  })

  test('a wrong token is refused with 401; no token is allowed, as Lotus clients send none', async () => {
    const uuid = randomUUID()
    const res = await post(uuid, Buffer.from('x'), { Authorization: 'Bearer nope' })
    assert.equal(res.status, 401)
    assert.equal(res.text, '')
    const wrong = pushReader('Test.Push', target({ Authorization: 'Bearer nope' }), { uuid, stream: chunks(Buffer.from('x')) }, new AbortController().signal)
    await assert.rejects(wrong, /HEAD answered 401/)

    const ok = randomUUID()
    const reader = streams.open(ok)
    const posted = post(ok, Buffer.from('hello'))
    assert.equal((await readAll(reader)).toString(), 'hello')
    assert.equal((await posted).status, 200)
    const authed = randomUUID()
    const reader2 = streams.open(authed)
    const pushed = pushReader('Test.Push', target({ Authorization: `Bearer ${GOOD}` }), { uuid: authed, stream: chunks(Buffer.from('hi')) }, new AbortController().signal)
    assert.equal((await readAll(reader2)).toString(), 'hi')
    await pushed
  })

  test('a malformed uuid is 400 and other methods 405', async () => {
    const bad = await post('not-a-uuid', Buffer.from('x'))
    assert.equal(bad.status, 400)
    assert.match(bad.text, /parsing reader uuid: 'not-a-uuid' is not a UUID/)
    const get = await fetch(`${base.href}/${randomUUID()}`)
    assert.equal(get.status, 405)
    await get.text()
  })

  test('a body longer than the declared size fails the reader and is answered 413', async () => {
    const uuid = randomUUID()
    const reader = streams.open(uuid, { maxBytes: 1016 })
    const pushed = pushReader('Test.Push', target(), { uuid, stream: chunks(randomBytes(2032), 500) }, new AbortController().signal)
    await assert.rejects(readAll(reader), new RegExp(`reader ${uuid}: pushed data is longer than the declared 1016 bytes`))
    await assert.rejects(pushed, /POST answered 413: .*longer than the declared 1016 bytes/)
  })

  test('a declared Content-Length over the size is refused before reading', async () => {
    const uuid = randomUUID()
    const reader = streams.open(uuid, { maxBytes: 10 })
    const posted = post(uuid, Buffer.alloc(11))
    await assert.rejects(readAll(reader), /Content-Length 11/)
    assert.equal((await posted).status, 413)
  })

  test('when the call ends unread, a waiting HEAD is answered 204 and the pusher stops', async () => {
    const uuid = randomUUID()
    const call = new AbortController()
    const reader = streams.open(uuid, { signal: call.signal })
    let pulled = 0
    const source = (async function * () { pulled++; yield Buffer.from('never sent') })()
    const pushed = pushReader('Test.Push', target(), { uuid, stream: source }, new AbortController().signal)
    await new Promise((resolve) => setTimeout(resolve, 30))
    call.abort()
    await pushed
    assert.equal(pulled, 0)
    await assert.rejects(reader.next(), /the call ended before the pushed data was read/)
  })

  test('a push arriving after its reader closed is answered 204 at once', async () => {
    const uuid = randomUUID()
    const reader: PushedReader = streams.open(uuid)
    reader.cancel()
    const res = await fetch(`${base.href}/${uuid}`, { method: 'HEAD' })
    assert.equal(res.status, 204)
  })

  test('a pusher that hangs up mid-body fails the reader, naming the bytes received', async () => {
    const uuid = randomUUID()
    const reader = streams.open(uuid)
    const abort = new AbortController()
    const source = (async function * () {
      yield randomBytes(1000)
      await new Promise((resolve) => setTimeout(resolve, 50))
      abort.abort()
      yield randomBytes(1000)
    })()
    const pushed = pushReader('Test.Push', target(), { uuid, stream: source }, abort.signal).then(() => undefined, (err: unknown) => err)
    await assert.rejects(readAll(reader), new RegExp(`reader ${uuid}: push aborted after 1000 bytes`))
    assert.ok(await pushed instanceof Error)
  })

  test('back-pressure: the pusher sends only about as much as the method has read', async () => {
    const uuid = randomUUID()
    const reader = streams.open(uuid)
    let produced = 0
    const block = Buffer.alloc(64 << 10)
    const source = (async function * () {
      for (let i = 0; i < 1024; i++) { produced += block.length; yield block } // 64 MiB if nobody stops it
    })()
    const abort = new AbortController()
    const pushed = pushReader('Test.Push', target(), { uuid, stream: source }, abort.signal).catch(() => {})
    let read = 0
    while (read < (1 << 20)) {
      const step = await reader.next()
      assert.equal(step.done, false)
      read += step.value.length
    }
    await new Promise((resolve) => setTimeout(resolve, 100)) // give a buffering pusher time to run ahead
    assert.ok(produced < 16 << 20, `pushed ${produced} bytes for ${read} read`)
    reader.cancel()
    abort.abort()
    await pushed
  })
})
