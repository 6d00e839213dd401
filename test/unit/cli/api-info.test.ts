import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { API_INFO_WITH_TOKEN, dialArgs, formatApiInfo, parseApiInfo, parseApiInfoMulti } from '../../../src/cli/endpoint/index.js'
import { MultiaddrError, dialHostPort, formatApiMultiaddr, parseApiMultiaddr, withPort } from '../../../src/node/multiaddr.js'

const JWT = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJBbGxvdyI6WyJyZWFkIl19.c2ln-_x'

describe('api-info strings (Lotus infoWithToken regex)', () => {
  test('TOKEN:MULTIADDR splits at the first colon', () => {
    assert.deepEqual(parseApiInfo(`${JWT}:/ip4/127.0.0.1/tcp/2345/http`), { token: JWT, addr: '/ip4/127.0.0.1/tcp/2345/http' })
  })

  test('TOKEN:URL keeps the URL whole', () => {
    assert.deepEqual(parseApiInfo(`${JWT}:http://127.0.0.1:2345`), { token: JWT, addr: 'http://127.0.0.1:2345' })
  })

  test('a token-less multiaddr or URL is all address', () => {
    assert.deepEqual(parseApiInfo('/ip4/127.0.0.1/tcp/2345/http'), { addr: '/ip4/127.0.0.1/tcp/2345/http', token: undefined })
    assert.deepEqual(parseApiInfo('http://127.0.0.1:2345'), { addr: 'http://127.0.0.1:2345', token: undefined })
  })

  test('the third segment may be empty, the first two may not', () => {
    assert.equal(API_INFO_WITH_TOKEN.test('a.b.:/ip4/1.2.3.4/tcp/1'), true)
    assert.equal(API_INFO_WITH_TOKEN.test('.b.c:/ip4/1.2.3.4/tcp/1'), false)
    assert.equal(API_INFO_WITH_TOKEN.test('a..c:/ip4/1.2.3.4/tcp/1'), false)
    assert.equal(API_INFO_WITH_TOKEN.test('a.b:/ip4/1.2.3.4/tcp/1'), false)
  })

  test('a token with a character outside base64url is not a token (the docs example missing its colon)', () => {
    assert.deepEqual(parseApiInfo(`${JWT}/ip4/127.0.0.1/tcp/2345/http`).token, undefined)
    assert.equal(parseApiInfo('a.b=.c:/ip4/1.2.3.4/tcp/1').token, undefined)
  })

  test('as in Lotus, a dotted host:port looks like a token', () => {
    assert.deepEqual(parseApiInfo('my.host.name:1234'), { token: 'my.host.name', addr: '1234' })
  })

  test('several comma-separated entries', () => {
    const infos = parseApiInfoMulti(`${JWT}:/ip4/10.0.0.1/tcp/1/http,/ip4/10.0.0.2/tcp/2/http`)
    assert.deepEqual(infos, [
      { token: JWT, addr: '/ip4/10.0.0.1/tcp/1/http' },
      { token: undefined, addr: '/ip4/10.0.0.2/tcp/2/http' }
    ])
  })

  test('format is the inverse of parse', () => {
    for (const s of [`${JWT}:/ip4/127.0.0.1/tcp/2345/http`, '/ip4/127.0.0.1/tcp/2345/http']) {
      assert.equal(formatApiInfo(parseApiInfo(s)), s)
    }
  })
})

describe('DialArgs', () => {
  test('a multiaddr dials ws://host:port/rpc/<version>, whatever its tail', () => {
    assert.equal(dialArgs(parseApiInfo('/ip4/127.0.0.1/tcp/2345/http'), 'v0'), 'ws://127.0.0.1:2345/rpc/v0')
    assert.equal(dialArgs(parseApiInfo('/ip4/127.0.0.1/tcp/1234'), 'v1'), 'ws://127.0.0.1:1234/rpc/v1')
    assert.equal(dialArgs(parseApiInfo('/ip6/::1/tcp/1234/http'), 'v0'), 'ws://[::1]:1234/rpc/v0')
    assert.equal(dialArgs(parseApiInfo('/dns/node.example/tcp/1234/https'), 'v0'), 'ws://node.example:1234/rpc/v0')
  })

  test('a URL gets /rpc/<version> appended', () => {
    assert.equal(dialArgs(parseApiInfo('http://127.0.0.1:2345'), 'v0'), 'http://127.0.0.1:2345/rpc/v0')
    assert.equal(dialArgs(parseApiInfo(`${JWT}:wss://h.example`), 'v1'), 'wss://h.example/rpc/v1')
  })

  test('a broken multiaddr is reported with its source', () => {
    assert.throws(() => dialArgs(parseApiInfo('/ip4/999.1.1.1/tcp/1/http'), 'v0', 'MINER_API_INFO'),
      (err: Error) => err instanceof MultiaddrError && /MINER_API_INFO/.test(err.message) && /999\.1\.1\.1/.test(err.message))
  })

  test('neither multiaddr nor URL', () => {
    assert.throws(() => dialArgs(parseApiInfo('127.0.0.1:1234'), 'v0', 'MARKETS_API_INFO'),
      /MARKETS_API_INFO: API address "127\.0\.0\.1:1234" is neither a multiaddr/)
    assert.throws(() => dialArgs(parseApiInfo(''), 'v0', 'MINER_API_INFO'), /MINER_API_INFO: API address ""/)
  })
})

describe('API multiaddrs', () => {
  test('parse, re-port and format', () => {
    const ma = parseApiMultiaddr('/ip4/127.0.0.1/tcp/0/http')
    assert.deepEqual(ma, { hostProtocol: 'ip4', host: '127.0.0.1', port: 0, tail: ['http'] })
    assert.equal(formatApiMultiaddr(withPort(ma, 41234)), '/ip4/127.0.0.1/tcp/41234/http')
    assert.equal(dialHostPort(parseApiMultiaddr('/ip6/::1/tcp/5/http')), '[::1]:5')
  })

  test('rejects what cannot be listened on or dialled', () => {
    for (const bad of ['', 'ip4/1.2.3.4/tcp/1', '/ip4/1.2.3.4', '/ip4/1.2.3.4/udp/1', '/ip4/1.2.3.4/tcp/70000', '/ip4/1.2.3.4/tcp/1/quic', '/unix/x']) {
      assert.throws(() => parseApiMultiaddr(bad, 'API.ListenAddress'), (err: Error) => err instanceof MultiaddrError && err.message.startsWith('API.ListenAddress: '), bad)
    }
  })
})
