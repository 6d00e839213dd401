import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { Command } from 'commander'
import { verifyToken } from '../../../src/auth/index.js'
import { lotusMinerProgram } from '../../../src/cli/lotus-miner/index.js'
import { lotusProgram } from '../../../src/cli/lotus/index.js'
import { type CommandTarget, commandPath, nodeTypeForCommand, nodeTypeForTarget, routeTo, setProgramInfo, targetOf } from '../../../src/cli/routing.js'
import { processIo } from '../../../src/cli/io.js'
import { BUILD_VERSION } from '../../../src/version.js'
import { HOME, type FakeNode, fakeNode, repoFiles, runCli } from '../../kit/cli-harness.js'

const MINER_REPO = `${HOME}/.lotusminer`
const MARKETS_REPO = '/srv/markets'
const FULL_REPO = `${HOME}/.lotus`
const MINER_URL = 'ws://127.0.0.1:2345/rpc/v0'
const MARKETS_URL = 'ws://127.0.0.1:2346/rpc/v0'
const FULL_URL = 'ws://127.0.0.1:1234/rpc/v0'

interface Split { miner: FakeNode, markets: FakeNode, full: FakeNode, files: Record<string, string>, nodes: Record<string, FakeNode> }

function split (): Split {
  const miner = fakeNode()
  const markets = fakeNode()
  const full = fakeNode()
  return {
    miner,
    markets,
    full,
    files: {
      ...repoFiles(MINER_REPO, '/ip4/127.0.0.1/tcp/2345/http', 'miner.token.x'),
      ...repoFiles(MARKETS_REPO, '/ip4/127.0.0.1/tcp/2346/http', 'markets.token.x'),
      ...repoFiles(FULL_REPO, '/ip4/127.0.0.1/tcp/1234/http', 'full.token.x')
    },
    nodes: { [MINER_URL]: miner, [MARKETS_URL]: markets, [FULL_URL]: full }
  }
}

// Every command that talks to a node, with arguments that make it succeed.
const commonCommands: string[][] = [
  ['version'], ['auth', 'create-token', '--perm', 'admin'], ['auth', 'api-info', '--perm', 'admin'],
  ['log', 'list'], ['log', 'set-level', 'debug'], ['wait-api'], ['stop']
]

describe('lotus-miner common commands, command by command', () => {
  for (const args of commonCommands) {
    const name = args.filter((a) => !a.startsWith('-') && a !== 'admin' && a !== 'debug').join(' ')

    test(`${name}: the miner by default`, async () => {
      const s = split()
      const r = await runCli('lotus-miner', ['--markets-repo', MARKETS_REPO, ...args], { files: s.files, nodes: s.nodes })
      assert.equal(r.code, 0, r.stderr)
      assert.deepEqual(r.endpoints.map((e) => [e.nodeType, e.url, e.info.token]), [['StorageMiner', MINER_URL, 'miner.token.x']])
    })

    test(`${name}: the markets node with --call-on-markets`, async () => {
      const s = split()
      const r = await runCli('lotus-miner', ['--call-on-markets', '--markets-repo', MARKETS_REPO, ...args], { files: s.files, nodes: s.nodes })
      assert.equal(r.code, 0, r.stderr)
      assert.deepEqual(r.endpoints.map((e) => [e.nodeType, e.url]), [['Markets', MARKETS_URL]])
    })

    test(`${name}: MINER_API_INFO beats the --miner-repo files`, async () => {
      const s = split()
      const env = { MINER_API_INFO: `env.token.x:/ip4/127.0.0.1/tcp/2346/http` }
      const r = await runCli('lotus-miner', ['--miner-repo', MINER_REPO, ...args], { env, files: s.files, nodes: s.nodes })
      assert.equal(r.code, 0, r.stderr)
      assert.deepEqual(r.endpoints.map((e) => [e.source, e.url, e.info.token]), [['MINER_API_INFO', MARKETS_URL, 'env.token.x']])
    })

    test(`${name}: --call-on-markets with no markets endpoint says what to set`, async () => {
      // wait-api keeps retrying a missing endpoint, reporting each miss on stdout.
      const waits = args[0] === 'wait-api'
      const r = await runCli('lotus-miner', ['--call-on-markets', ...args, ...(waits ? ['--timeout', '1ms'] : [])], {})
      assert.equal(r.code, 1)
      assert.match(waits ? r.stdout : r.stderr, /^(ERROR: |Not online yet).*MARKETS_API_INFO.*--markets-repo \(LOTUS_MARKETS_PATH\)/)
    })

    test(`${name} on lotus: the full node`, async () => {
      const s = split()
      const lotusArgs = args[0] === 'stop' ? ['daemon', 'stop'] : args
      const r = await runCli('lotus', lotusArgs, { files: s.files, nodes: s.nodes })
      assert.equal(r.code, 0, r.stderr)
      assert.deepEqual(r.endpoints.map((e) => [e.nodeType, e.url]), [['FullNode', FULL_URL]])
    })
  }

  test('--call-on-markets with LOTUS_MARKETS_PATH instead of the flag', async () => {
    const s = split()
    const r = await runCli('lotus-miner', ['--call-on-markets', 'log', 'list'], { env: { LOTUS_MARKETS_PATH: MARKETS_REPO }, files: s.files, nodes: s.nodes })
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.endpoints[0]?.url, MARKETS_URL)
  })

  test('--call-on-markets on a monolith falls back to the miner repo', async () => {
    const s = split()
    const r = await runCli('lotus-miner', ['--call-on-markets', 'version'], { files: s.files, nodes: s.nodes })
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(r.endpoints.map((e) => [e.nodeType, e.url]), [['Markets', MINER_URL]])
  })

  test('--storagerepo and LOTUS_STORAGE_PATH still name the miner repo', async () => {
    const s = split()
    const r1 = await runCli('lotus-miner', ['--storagerepo', MARKETS_REPO, 'version'], { files: s.files, nodes: s.nodes })
    assert.equal(r1.endpoints[0]?.url, MARKETS_URL, r1.stderr)
    const r2 = await runCli('lotus-miner', ['version'], { env: { LOTUS_STORAGE_PATH: MARKETS_REPO }, files: s.files, nodes: s.nodes })
    assert.equal(r2.endpoints[0]?.url, MARKETS_URL, r2.stderr)
  })

  test('--vv names the endpoint; a token-less endpoint warns', async () => {
    const s = split()
    const r = await runCli('lotus-miner', ['--vv', '--call-on-markets', 'log', 'list'],
      { env: { MARKETS_API_INFO: '/ip4/127.0.0.1/tcp/2346/http' }, files: s.files, nodes: s.nodes })
    assert.equal(r.code, 0, r.stderr)
    assert.match(r.stdout, /^using markets API v0 endpoint: ws:\/\/127\.0\.0\.1:2346\/rpc\/v0\n/)
    assert.match(r.stderr, /WARN\tcliutil\tAPI Token not set and requested, capabilities might be limited\./)
  })
})

describe('common command output', () => {
  test('version: daemon then local', async () => {
    const s = split()
    const r = await runCli('lotus-miner', ['version'], { files: s.files, nodes: s.nodes })
    assert.equal(r.stdout, `Daemon:  ${BUILD_VERSION}+api1.5.0\nLocal: lotus-miner version ${BUILD_VERSION}\n`)
  })

  test('auth create-token mints the cumulative list', async () => {
    const s = split()
    const r = await runCli('lotus-miner', ['auth', 'create-token', '--perm', 'sign'], { files: s.files, nodes: s.nodes })
    assert.equal(r.code, 0, r.stderr)
    assert.deepEqual(await verifyToken(new Uint8Array(32).fill(7), r.stdout.trim()), ['read', 'write', 'sign'])
  })

  test('auth: missing and bad --perm', async () => {
    const s = split()
    const missing = await runCli('lotus-miner', ['auth', 'create-token'], { files: s.files, nodes: s.nodes })
    assert.equal(missing.stderr, 'ERROR: --perm flag not set\n')
    const missingInfo = await runCli('lotus-miner', ['auth', 'api-info'], { files: s.files, nodes: s.nodes })
    assert.equal(missingInfo.stderr, 'ERROR: --perm flag not set, use with one of: read, write, sign, admin\n')
    const bad = await runCli('lotus-miner', ['auth', 'create-token', '--perm', 'root'], { files: s.files, nodes: s.nodes })
    assert.equal(bad.stderr, 'ERROR: --perm flag has to be one of: [read write sign admin]\n')
  })

  test('auth api-info prints <ENV>=<token>:<resolved address> for the routed node', async () => {
    const s = split()
    const miner = await runCli('lotus-miner', ['auth', 'api-info', '--perm', 'admin'], { files: s.files, nodes: s.nodes })
    assert.match(miner.stdout, /^MINER_API_INFO=eyJ[\w-]+\.[\w-]+\.[\w-]+:\/ip4\/127\.0\.0\.1\/tcp\/2345\/http\n$/)
    const markets = await runCli('lotus-miner', ['--call-on-markets', '--markets-repo', MARKETS_REPO, 'auth', 'api-info', '--perm', 'read'], { files: s.files, nodes: s.nodes })
    assert.match(markets.stdout, /^MARKETS_API_INFO=eyJ[\w-]+\.[\w-]+\.[\w-]+:\/ip4\/127\.0\.0\.1\/tcp\/2346\/http\n$/)
    const full = await runCli('lotus', ['auth', 'api-info', '--perm', 'write'], { files: s.files, nodes: s.nodes })
    assert.match(full.stdout, /^FULLNODE_API_INFO=eyJ[\w-]+\.[\w-]+\.[\w-]+:\/ip4\/127\.0\.0\.1\/tcp\/1234\/http\n$/)
  })

  test('log list and set-level', async () => {
    const s = split()
    const list = await runCli('lotus-miner', ['log', 'list'], { files: s.files, nodes: s.nodes })
    assert.equal(list.stdout, 'markets\nrpc\nsectors\n')
    const one = await runCli('lotus-miner', ['log', 'set-level', '--system', 'rpc', '--system', 'sectors', 'warn'], { files: s.files, nodes: s.nodes })
    assert.equal(one.code, 0, one.stderr)
    assert.deepEqual(['markets', 'rpc', 'sectors'].map((n) => s.miner.logs.levelOf(n)), ['info', 'warn', 'warn'])
    const all = await runCli('lotus-miner', ['log', 'set-level', 'error'], { files: s.files, nodes: s.nodes })
    assert.equal(all.code, 0, all.stderr)
    assert.deepEqual(['markets', 'rpc', 'sectors'].map((n) => s.miner.logs.levelOf(n)), ['error', 'error', 'error'])
  })

  test('log set-level errors', async () => {
    const s = split()
    const noLevel = await runCli('lotus-miner', ['log', 'set-level'], { files: s.files, nodes: s.nodes })
    assert.equal(noLevel.stderr, 'ERROR: level is required\n')
    const badSystem = await runCli('lotus-miner', ['log', 'set-level', '--system', 'nope', 'info'], { files: s.files, nodes: s.nodes })
    assert.match(badSystem.stderr, /^ERROR: setting log level on nope: .*No such logger/)
    const badLevel = await runCli('lotus-miner', ['log', 'set-level', '--system', 'rpc', 'loud'], { files: s.files, nodes: s.nodes })
    assert.match(badLevel.stderr, /^ERROR: setting log level on rpc: .*unrecognized level: "loud"/)
  })

  test('stop calls Shutdown and prints nothing', async () => {
    const s = split()
    const r = await runCli('lotus-miner', ['stop'], { files: s.files, nodes: s.nodes })
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout, '')
    await new Promise((resolve) => setImmediate(resolve))
    assert.equal(s.miner.shutdowns, 1)
  })

  test('wait-api gives up after --timeout while the endpoint is missing', async () => {
    const r = await runCli('lotus-miner', ['wait-api', '--timeout', '1ms'], {})
    assert.equal(r.code, 1)
    assert.match(r.stdout, /^Not online yet\.\.\. \(could not get API info for StorageMiner: repo directory does not exist/)
    assert.equal(r.stderr, 'ERROR: timed out waiting for api to come online\n')
    const bad = await runCli('lotus-miner', ['wait-api', '--timeout', 'soon'], {})
    assert.match(bad.stderr, /--timeout: invalid duration "soon"/)
  })
})

describe('routing declarations', () => {
  function leaves (cmd: Command): Command[] {
    return cmd.commands.length === 0 ? [cmd] : cmd.commands.flatMap(leaves)
  }

  test('every command of both binaries declares a target', () => {
    for (const program of [lotusMinerProgram(), lotusProgram()]) {
      for (const leaf of leaves(program)) {
        assert.notEqual(targetOf(leaf), undefined, `${program.name()} ${commandPath(leaf)}`)
      }
    }
  })

  test('the rule table', () => {
    const cases: Array<[CommandTarget, boolean, string | undefined]> = [
      ['full', false, 'FullNode'], ['full', true, 'FullNode'], ['miner', true, 'StorageMiner'],
      ['markets', false, 'Markets'], ['common', false, 'StorageMiner'], ['common', true, 'Markets'], ['local', true, undefined]
    ]
    for (const [target, callOnMarkets, want] of cases) {
      assert.equal(nodeTypeForTarget(target, 'StorageMiner', callOnMarkets), want, `${target} ${String(callOnMarkets)}`)
    }
  })

  test('net is forced to markets; a subcommand may override its group (sectors refs)', async () => {
    const program = new Command('lotus-miner').option('--call-on-markets')
    setProgramInfo(program, { io: processIo(), commonNodeType: 'StorageMiner', callOnMarketsFlag: true })
    const seen: Record<string, string> = {}
    const record = (_o: unknown, cmd: Command): void => { seen[commandPath(cmd)] = nodeTypeForCommand(cmd) }
    const net = routeTo(program.command('net'), 'markets')
    net.command('id').action(record)
    const sectors = routeTo(program.command('sectors'), 'miner')
    sectors.command('list').action(record)
    routeTo(sectors.command('refs'), 'markets').action(record)
    routeTo(program.command('info'), 'common').action(record)
    await program.parseAsync(['net', 'id'], { from: 'user' })
    await program.parseAsync(['sectors', 'list'], { from: 'user' })
    await program.parseAsync(['sectors', 'refs'], { from: 'user' })
    assert.deepEqual(seen, { 'net id': 'Markets', 'sectors list': 'StorageMiner', 'sectors refs': 'Markets' })
  })
})
