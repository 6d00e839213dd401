import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { CID } from 'multiformats/cid'
import { WebSocket } from 'ws'
import { SignJWT } from 'jose'
import { type Permission, permissionsUpTo } from '../../../src/api/index.js'
import { createToken, generateJwtSecret } from '../../../src/auth/index.js'
import {
  RpcConnectionClosedError, RpcError, RpcTransportError, createRpcClient, type RpcClient
} from '../../../src/rpc/index.js'
import { TestServerContract } from '../../kit/rpc-test-server.js'
import { type ChildServer, spawnRpcTestServer } from './child-server.js'

type Client = RpcClient<typeof TestServerContract>

const secret = generateJwtSecret()
let server: ChildServer
let admin: string
const clients: Client[] = []

function client (url: string, token?: string): Client {
  const c = createRpcClient(TestServerContract, { url, token })
  clients.push(c)
  return c
}
const httpUrl = (): string => `${server.url}/rpc/v0`
const wsUrl = (): string => `${server.url.replace('http:', 'ws:')}/rpc/v0`

async function post (body: string, headers: Record<string, string> = {}): Promise<{ status: number, text: string, json: unknown }> {
  const res = await fetch(httpUrl(), { method: 'POST', body, headers: { Authorization: `Bearer ${admin}`, ...headers } })
  const text = await res.text()
  let json: unknown
  try { json = JSON.parse(text) } catch { json = undefined }
  return { status: res.status, text, json }
}

before(async () => {
  server = await spawnRpcTestServer(secret)
  admin = await createToken(secret, permissionsUpTo('admin'))
})

after(async () => {
  await Promise.all(clients.map(async (c) => { await c.close() }))
  await server.stop()
})

describe('calls over HTTP and WebSocket', () => {
  const echo = {
    Name: 'deal',
    Amount: 10n ** 20n,
    Data: Uint8Array.of(0, 1, 254, 255),
    Root: CID.parse('bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4'),
    Wait: 60_000_000_000,
    Tags: ['a', 'b']
  }
  for (const transport of ['http', 'ws'] as const) {
    test(`${transport}: values survive the round trip`, async () => {
      const api = client(transport === 'http' ? httpUrl() : wsUrl(), admin)
      assert.equal(await api.Add(2, 40), 42)
      assert.deepEqual(await api.Echo(echo), echo)
      assert.deepEqual(await api.Echo({ ...echo, Root: null, Note: 'n' }), { ...echo, Root: null, Note: 'n' })
      assert.equal(await api.Nothing(), undefined)
      const results = await Promise.all(Array.from({ length: 20 }, async (_, i) => await api.Add(i, i)))
      assert.deepEqual(results, Array.from({ length: 20 }, (_, i) => 2 * i))
    })
  }

  test('a void result has no result key; errors from methods are code 1 with HTTP 200', async () => {
    const r = await post('{"jsonrpc":"2.0","id":7,"method":"Filecoin.Nothing","params":[]}')
    assert.equal(r.status, 200)
    assert.equal(r.text, '{"jsonrpc":"2.0","id":7}\n')
    const e = await post('{"jsonrpc":"2.0","id":"x","method":"Filecoin.Fail","params":["oops"]}')
    assert.equal(e.status, 200)
    assert.deepEqual(e.json, { jsonrpc: '2.0', id: 'x', error: { code: 1, message: "Fail param 0: bad kind 'oops'", meta: { code: 'ERR_TEST' } } })
    const p = await post('{"jsonrpc":"2.0","id":1,"method":"Filecoin.Fail","params":["bug"]}')
    assert.equal(p.status, 500)
    assert.match((p.json as { error: { message: string } }).error.message, /^fatal error calling 'Filecoin.Fail': panic in rpc method 'Filecoin.Fail': /)
  })

  test('aborting an HTTP call cancels the method on the server', async () => {
    const api = client(httpUrl(), admin)
    const before = await api.Cancelled()
    await assert.rejects(api.Hang({ signal: AbortSignal.timeout(20) }), { name: 'TimeoutError' })
    assert.equal(await waitFor(async () => await api.Cancelled(), (n) => n > before), before + 1)
  })

  test('the client surfaces method errors with their code and message', async () => {
    const api = client(wsUrl(), admin)
    await assert.rejects(api.Fail('oops'), (err: unknown) =>
      err instanceof RpcError && err.rpcCode === 1 && err.code === 'ERR_TEST' && err.message === "Fail param 0: bad kind 'oops'")
  })
})

describe('JSON-RPC errors, as go-jsonrpc sends them', () => {
  const error = (r: { json: unknown }): { code: number, message: string } => (r.json as { error: { code: number, message: string } }).error

  test('malformed JSON is -32700 with HTTP 500', async () => {
    const r = await post('{"jsonrpc":"2.0","id":1,')
    assert.equal(r.status, 500)
    assert.deepEqual(r.json, { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } })
  })

  test('an empty body is -32600 with HTTP 400', async () => {
    const r = await post('  ')
    assert.equal(r.status, 400)
    assert.equal(error(r).code, -32600)
  })

  test('an unknown method is -32601', async () => {
    const r = await post('{"jsonrpc":"2.0","id":1,"method":"Filecoin.Nope","params":[]}')
    assert.equal(r.status, 500)
    assert.deepEqual(error(r), { code: -32601, message: "method 'Filecoin.Nope' not found" })
  })

  test('a wrong param count is -32602; a wrong type is -32700 naming param and field', async () => {
    const count = await post('{"jsonrpc":"2.0","id":1,"method":"Filecoin.Add","params":[1]}')
    assert.equal(count.status, 500)
    assert.deepEqual(error(count), { code: -32602, message: "wrong param count (method 'Filecoin.Add'): 1 != 2" })
    const type = await post('{"jsonrpc":"2.0","id":1,"method":"Filecoin.Echo","params":[{"Name":"x","Amount":5,"Data":null,"Root":null,"Wait":0,"Tags":[]}]}')
    assert.deepEqual(error(type), {
      code: -32700,
      message: "unmarshaling params for 'Filecoin.Echo' (param: 0): params[0].Amount: expected a decimal integer string, got 5"
    })
    const notArray = await post('{"jsonrpc":"2.0","id":1,"method":"Filecoin.Add","params":{"a":1}}')
    assert.equal(error(notArray).code, -32700)
    const zeroArgs = await post('{"jsonrpc":"2.0","id":1,"method":"Filecoin.ReadOp","params":null}')
    assert.deepEqual(zeroArgs.json, { jsonrpc: '2.0', id: 1, result: 'read' })
  })

  test('a channel method over HTTP is refused; a batch answers each request', async () => {
    const r = await post('{"jsonrpc":"2.0","id":1,"method":"Filecoin.Ticks","params":[1]}')
    assert.deepEqual(error(r), { code: -32601, message: "method 'Filecoin.Ticks' not supported in this mode (no out channel support)" })
    const b = await post('[{"jsonrpc":"2.0","id":1,"method":"Filecoin.Add","params":[1,2]},{"jsonrpc":"2.0","method":"Filecoin.Nothing"},{"jsonrpc":"2.0","id":2,"method":"Filecoin.Nope"}]')
    assert.equal(b.status, 200)
    assert.deepEqual(b.json, [
      { jsonrpc: '2.0', id: 1, result: 3 },
      { jsonrpc: '2.0', id: 2, error: { code: -32601, message: "method 'Filecoin.Nope' not found" } }
    ])
  })

  test('the client reports the same errors', async () => {
    const api = client(httpUrl(), admin) as unknown as { Add: (...a: unknown[]) => Promise<unknown> }
    await assert.rejects(api.Add(1, 'x'), /params\[1\]/)
    const ws = client(wsUrl(), admin)
    await assert.rejects((ws.Add as (...a: unknown[]) => Promise<unknown>)(1, 2.5), (err: unknown) =>
      err instanceof RpcError && err.rpcCode === -32700 && /\(param: 1\): params\[1\]: expected an integer, got 2.5/.test(err.message))
  })

  test('garbage over WebSocket gets a parse error and the socket stays usable', async () => {
    const ws = new WebSocket(wsUrl(), { headers: { Authorization: `Bearer ${admin}` } })
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) })
    const replies: unknown[] = []
    const got = new Promise<void>((resolve) => {
      ws.on('message', (d) => { replies.push(JSON.parse(String(d))); if (replies.length === 2) resolve() })
    })
    ws.send('{nope')
    ws.send('{"jsonrpc":"2.0","id":5,"method":"Filecoin.Add","params":[2,3]}')
    await got
    ws.close()
    assert.deepEqual(replies, [
      { jsonrpc: '2.0', id: null, error: { code: -32700, message: 'Parse error' } },
      { jsonrpc: '2.0', id: 5, result: 5 }
    ])
  })
})

describe('auth', () => {
  const ops = { read: 'ReadOp', write: 'WriteOp', sign: 'SignOp', admin: 'AdminOp' } as const
  const levels: Permission[] = ['read', 'write', 'sign', 'admin']

  test('each method needs its exact permission, over HTTP and WebSocket', async () => {
    for (const held of levels) {
      const token = await createToken(secret, [held])
      for (const url of [httpUrl(), wsUrl()]) {
        const api = client(url, token)
        for (const need of levels) {
          const call = api[ops[need]]()
          if (held === need) assert.equal(await call, need)
          else {
            await assert.rejects(call, (err: unknown) => err instanceof RpcError && err.rpcCode === 1 &&
              err.message === `missing permission to invoke '${ops[need]}' (need '${need}')`)
          }
        }
      }
    }
  })

  test('cumulative tokens reach every level up to theirs; no token means read only', async () => {
    const api = client(httpUrl(), await createToken(secret, permissionsUpTo('sign')))
    assert.deepEqual(await Promise.all([api.ReadOp(), api.WriteOp(), api.SignOp()]), ['read', 'write', 'sign'])
    await assert.rejects(api.AdminOp(), /need 'admin'/)
    const anon = client(wsUrl())
    assert.equal(await anon.ReadOp(), 'read')
    await assert.rejects(anon.WriteOp(), /missing permission to invoke 'WriteOp' \(need 'write'\)/)
  })

  test('a wrong, malformed, non-Bearer or expired token gets 401 with an empty body', async () => {
    const wrong = await createToken(generateJwtSecret(), ['admin'])
    const expired = await new SignJWT({ Allow: ['admin'] }).setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 10).sign(secret)
    for (const auth of [`Bearer ${wrong}`, 'Bearer junk', admin, `Bearer ${expired}`]) {
      const r = await post('{"jsonrpc":"2.0","id":1,"method":"Filecoin.ReadOp","params":[]}', { Authorization: auth })
      assert.equal(r.status, 401, auth)
      assert.equal(r.text, '')
    }
    await assert.rejects(client(httpUrl(), expired).ReadOp(), (err: unknown) => err instanceof RpcTransportError &&
      err.status === 401 && err.message === `Filecoin.ReadOp (${httpUrl()}): request failed, http status 401 Unauthorized`)
    await assert.rejects(client(wsUrl(), wrong).ReadOp(), (err: unknown) => err instanceof RpcTransportError &&
      err.status === 401 && err.message === `Filecoin.ReadOp (${wsUrl()}): cannot dial address ${wsUrl()} for websocket: bad handshake (HTTP 401 Unauthorized)`)
  })

  test('a token query parameter works as Bearer', async () => {
    const write = await createToken(secret, ['write'])
    const api = client(`${wsUrl()}?token=${write}`)
    assert.equal(await api.WriteOp(), 'write')
    const r = await fetch(`${httpUrl()}?token=${write}`, { method: 'POST', body: '{"jsonrpc":"2.0","id":1,"method":"Filecoin.WriteOp","params":[]}' })
    assert.deepEqual(await r.json(), { jsonrpc: '2.0', id: 1, result: 'write' })
  })
})

describe('channels over WebSocket', () => {
  test('a channel delivers its values, then closes', async () => {
    const api = client(wsUrl(), admin)
    const seen: number[] = []
    for await (const v of await api.Ticks(5)) seen.push(v)
    assert.deepEqual(seen, [1, 2, 3, 4, 5])
  })

  test('the wire shape is go-jsonrpc\'s: channel id result, xrpc.ch.val, xrpc.ch.close', async () => {
    const ws = new WebSocket(wsUrl())
    await new Promise((resolve, reject) => { ws.once('open', resolve); ws.once('error', reject) })
    const frames: unknown[] = []
    const closed = new Promise<void>((resolve) => {
      ws.on('message', (d) => {
        const f = JSON.parse(String(d)) as { method?: string }
        frames.push(f)
        if (f.method === 'xrpc.ch.close') resolve()
      })
    })
    ws.send('{"jsonrpc":"2.0","id":9,"method":"Filecoin.Ticks","params":[2]}')
    await closed
    ws.close()
    assert.deepEqual(frames, [
      { jsonrpc: '2.0', id: 9, result: 1 },
      { jsonrpc: '2.0', method: 'xrpc.ch.val', params: [1, 1] },
      { jsonrpc: '2.0', method: 'xrpc.ch.val', params: [1, 2] },
      { jsonrpc: '2.0', method: 'xrpc.ch.close', params: [1] }
    ])
  })

  test('leaving the loop or aborting sends xrpc.cancel and the server stops the channel', async () => {
    const api = client(wsUrl(), admin)
    const before = await api.Cancelled()
    for await (const v of await api.Ticks(0)) if (v === 3) break
    const ac = new AbortController()
    const ticks = await api.Ticks(0, { signal: ac.signal })
    let last = 0
    for await (const v of ticks) { last = v; if (v === 2) ac.abort() }
    assert.ok(last >= 2)
    const hang = api.Hang({ signal: AbortSignal.timeout(20) })
    await assert.rejects(hang, { name: 'TimeoutError' })
    assert.equal(await waitFor(async () => await api.Cancelled(), (n) => n >= before + 3), before + 3)
  })
})

describe('dropped connections', () => {
  test('in-flight calls fail clearly, open channels end, and the client reconnects after a restart', async () => {
    const api = client(wsUrl(), admin)
    const endpoint = wsUrl()
    const hang = api.Hang()
    const ticks = await api.Ticks(0)
    assert.equal(await api.Add(1, 1), 2) // the Hang request is on the wire before this answer
    const drained = (async () => { for await (const _ of ticks) { /* keep reading until the drop */ } })()
    const hangFails = assert.rejects(hang, (err: unknown) => err instanceof RpcConnectionClosedError && err.rpcCode === -1111111 &&
      err.message === `Filecoin.Hang (${endpoint}): handler: websocket connection closed`)
    const ticksFail = assert.rejects(drained, (err: unknown) => err instanceof RpcConnectionClosedError && /^Filecoin.Ticks /.test(err.message))
    const port = server.port
    await server.stop('SIGKILL')
    await hangFails
    await ticksFail
    await assert.rejects(api.Add(1, 2), (err: unknown) => err instanceof RpcTransportError && /cannot dial address/.test(err.message))

    server = await spawnRpcTestServer(secret, port)
    assert.equal(await api.Add(2, 2), 4)
    assert.equal(await api.ReadOp(), 'read')
  })
})

async function waitFor<T> (probe: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  // The server notices a cancel asynchronously; poll briefly (bounded) for its counter.
  for (let i = 0; ; i++) {
    const v = await probe()
    if (ok(v) || i === 100) return v
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}
