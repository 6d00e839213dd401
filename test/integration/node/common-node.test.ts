// Real binaries against real nodes: two test nodes (a "miner" and a "markets" one) run as
// child processes on port 0 with temp repos, serving the Common API through the node API
// server, and `lotus-miner` / `lotus` are spawned against them.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { defaultsOf, minerConfigSchema, parseConfigText } from '../../../src/repo/index.js'
import { BUILD_VERSION } from '../../../src/version.js'
import { runBin } from '../../kit/bin.js'
import { type TestNodeProcess, startTestNode } from '../../kit/node-process.js'

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/

describe('lotus-miner against a split pair of test nodes', () => {
  let dir: string
  let minerRepo: string
  let marketsRepo: string
  let miner: TestNodeProcess
  let markets: TestNodeProcess
  // No env var may leak in from the developer's shell and pick the node for us.
  const clean = { MINER_API_INFO: undefined, MARKETS_API_INFO: undefined, FULLNODE_API_INFO: undefined, STORAGE_API_INFO: undefined, LOTUS_MINER_PATH: undefined, LOTUS_STORAGE_PATH: undefined, LOTUS_MARKETS_PATH: undefined, LOTUS_PATH: undefined }
  const miner$ = async (args: string[], env: NodeJS.ProcessEnv = {}): ReturnType<typeof runBin> =>
    await runBin('lotus-miner', ['--miner-repo', minerRepo, ...args], { env: { ...clean, HOME: dir, ...env } })

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'nelumbo-node-'))
    minerRepo = join(dir, 'miner')
    marketsRepo = join(dir, 'markets')
    ;[miner, markets] = await Promise.all([startTestNode(minerRepo), startTestNode(marketsRepo)])
  })

  after(async () => {
    await Promise.all([miner?.stop(), markets?.stop()])
    rmSync(dir, { recursive: true, force: true })
  })

  test('the node writes api (bound port) and token (0600) files', () => {
    assert.match(miner.multiaddr, /^\/ip4\/127\.0\.0\.1\/tcp\/[1-9]\d*\/http$/)
    assert.equal(readFileSync(join(minerRepo, 'api'), 'utf8'), miner.multiaddr)
    assert.match(readFileSync(join(minerRepo, 'token'), 'utf8'), new RegExp(`^${JWT.source}$`))
    assert.equal(statSync(join(minerRepo, 'token')).mode & 0o777, 0o600)
  })

  test('version, via --miner-repo', async () => {
    const r = await miner$(['version'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, `Daemon:  ${BUILD_VERSION}+api1.5.0\nLocal: lotus-miner version ${BUILD_VERSION}\n`)
  })

  test('auth api-info --perm admin, then MINER_API_INFO with it', async () => {
    const r = await miner$(['auth', 'api-info', '--perm', 'admin'])
    assert.equal(r.code, 0, r.stderr)
    const m = /^MINER_API_INFO=(.+)\n$/.exec(r.stdout)
    assert.ok(m?.[1] !== undefined, r.stdout)
    assert.equal(m[1].slice(m[1].indexOf(':') + 1), miner.multiaddr)
    // The env var beats the (here bogus) repo flag.
    const v = await runBin('lotus-miner', ['--miner-repo', join(dir, 'nowhere'), 'log', 'list'], { env: { ...clean, MINER_API_INFO: m[1] } })
    assert.equal(v.code, 0, v.stderr)
    assert.match(v.stdout, /^node\nrpc\nsectors\n$/)
  })

  test('auth create-token: a read token may not list logs (write)', async () => {
    const read = await miner$(['auth', 'create-token', '--perm', 'read'])
    assert.equal(read.code, 0, read.stderr)
    const token = read.stdout.trim()
    assert.match(token, new RegExp(`^${JWT.source}$`))
    const r = await runBin('lotus-miner', ['log', 'list'], { env: { ...clean, MINER_API_INFO: `${token}:${miner.multiaddr}` } })
    assert.equal(r.code, 1)
    assert.match(r.stderr, /^ERROR: missing permission to invoke 'LogList' \(need 'write'\)/)
  })

  test('log set-level changes the node\'s level at run time', async () => {
    assert.doesNotMatch(miner.stderr(), /"level":"debug"/)
    const r = await miner$(['log', 'set-level', '--system', 'rpc', 'debug'])
    assert.equal(r.code, 0, r.stderr)
    const w = await miner$(['wait-api'])
    assert.equal(w.code, 0, w.stderr)
    const line = await miner.waitForLog(/"level":"debug".*"method":"Filecoin.Version"/)
    assert.equal(JSON.parse(line).logger, 'rpc')
    // The markets node was not touched.
    assert.doesNotMatch(markets.stderr(), /"level":"debug"/)
  })

  test('--call-on-markets routes common commands to the markets node', async () => {
    const info = await miner$(['--call-on-markets', '--markets-repo', marketsRepo, 'auth', 'api-info', '--perm', 'write'])
    assert.equal(info.code, 0, info.stderr)
    assert.match(info.stdout, new RegExp(`^MARKETS_API_INFO=${JWT.source}:${markets.multiaddr}\n$`))
    const vv = await miner$(['--vv', '--call-on-markets', '--markets-repo', marketsRepo, 'log', 'set-level', '--system', 'sectors', 'debug'])
    assert.equal(vv.code, 0, vv.stderr)
    assert.equal(vv.stdout, `using markets API v0 endpoint: ws://${markets.url.slice('http://'.length)}/rpc/v0\n`)
  })

  test('config default parses back to the defaults; config updated reads the running node\'s repo', async () => {
    const d = await miner$(['config', 'default'])
    assert.equal(d.code, 0, d.stderr)
    assert.deepEqual(parseConfigText(minerConfigSchema, d.stdout, 'config default'), defaultsOf(minerConfigSchema))
    const plain = await miner$(['config', 'default', '--no-comment'])
    assert.deepEqual(parseConfigText(minerConfigSchema, plain.stdout, 'config default --no-comment'), defaultsOf(minerConfigSchema))
    assert.doesNotMatch(plain.stdout, /^\s*#/m)
    const u = await miner$(['config', 'updated'])
    assert.equal(u.code, 0, u.stderr)
    assert.deepEqual(parseConfigText(minerConfigSchema, u.stdout, 'config updated'), defaultsOf(minerConfigSchema))
  })

  test('/debug/metrics serves process metrics and API call counters', async () => {
    await miner$(['version'])
    const res = await fetch(`${miner.url}/debug/metrics`)
    assert.equal(res.status, 200)
    const text = await res.text()
    assert.match(text, /^process_cpu_user_seconds_total /m)
    assert.match(text, /^lotus_api_request_total\{method="Filecoin.Version"\} [1-9]/m)
    const bad = await fetch(`${miner.url}/debug/metrics`, { headers: { Authorization: 'Bearer not.a.token' } })
    assert.equal(bad.status, 401)
  })

  test('stop: the node exits and removes its api file; wait-api then times out', async () => {
    const r = await miner$(['stop'])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, '')
    assert.equal(await miner.exited, 0)
    assert.equal(existsSync(join(minerRepo, 'api')), false)
    assert.equal(existsSync(join(minerRepo, 'token')), true)
    const w = await miner$(['wait-api', '--timeout', '10ms'])
    assert.equal(w.code, 1)
    assert.match(w.stdout, /^Not online yet\.\.\. \(could not get API info for StorageMiner: could not get api endpoint: API not running \(no endpoint\)/)
    assert.equal(w.stderr, 'ERROR: timed out waiting for api to come online\n')
  })
})

describe('lotus against a test full node', () => {
  test('version, auth api-info, daemon stop; GOLOG_LOG_LEVEL sets the node\'s levels', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nelumbo-full-'))
    const repo = join(dir, 'lotus')
    const node = await startTestNode(repo, { type: 'FullNode', env: { GOLOG_LOG_LEVEL: 'warn,rpc=debug' } })
    try {
      const env = { HOME: dir, LOTUS_PATH: repo, FULLNODE_API_INFO: undefined }
      const v = await runBin('lotus', ['version'], { env })
      assert.equal(v.stdout, `Daemon:  ${BUILD_VERSION}+api1.5.0\nLocal: lotus version ${BUILD_VERSION}\n`, v.stderr)
      const info = await runBin('lotus', ['auth', 'api-info', '--perm', 'sign'], { env })
      assert.match(info.stdout, new RegExp(`^FULLNODE_API_INFO=${JWT.source}:${node.multiaddr}\n$`), info.stderr)
      const stop = await runBin('lotus', ['daemon', 'stop'], { env })
      assert.equal(stop.code, 0, stop.stderr)
      assert.equal(await node.exited, 0)
      assert.equal(existsSync(join(repo, 'api')), false)
      assert.match(node.stderr(), /"level":"debug","ts":"[^"]+","logger":"rpc","method":"Filecoin.Version"/)
      assert.doesNotMatch(node.stderr(), /"logger":"node"/)
    } finally {
      await node.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
