import { describe, test, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import {
  ConfigError, configUpdate, defaultsOf, encodeConfigToml, envVarNames, fullNodeConfigSchema, loadConfig,
  minerConfigSchema, parseConfigText, renderConfig, type MinerConfig
} from '../../../src/repo/index.js'

const dir = mkdtempSync(join(tmpdir(), 'nelumbo-config-'))
after(() => rmSync(dir, { recursive: true, force: true }))

function writeConfig (name: string, text: string): string {
  const file = join(dir, name)
  writeFileSync(file, text)
  return file
}

/** Uncomments value lines of a commented default config, as an operator enabling every line would. */
function uncomment (text: string): string {
  return text.split('\n').filter((l) => !/^\s*# /.test(l) && !/^\s*#$/.test(l)).map((l) => l.replace(/^(\s*)#/, '$1')).join('\n')
}

describe('config default', () => {
  for (const [name, schema] of [['miner', minerConfigSchema], ['full node', fullNodeConfigSchema]] as const) {
    test(`${name}: commented and plain output parse back to the defaults`, () => {
      const defaults = defaultsOf(schema)
      const commented = renderConfig(schema, defaults, { commented: true })
      const plain = renderConfig(schema, defaults, { commented: false })
      assert.deepEqual(parseConfigText(schema, commented, 'default.toml'), defaults)
      assert.deepEqual(parseConfigText(schema, plain, 'plain.toml'), defaults)
      assert.deepEqual(parseConfigText(schema, uncomment(commented), 'uncommented.toml'), defaults)
      // Every value line of the commented form is commented out.
      assert.equal(commented.split('\n').some((l) => /^\s*[A-Za-z-]+ = /.test(l)), false)
    })
  }

  test('miner defaults and layout as Lotus v1.20 prints them', () => {
    const text = renderConfig(minerConfigSchema, defaultsOf(minerConfigSchema), { commented: true })
    assert.ok(text.startsWith('[API]\n  # '))
    assert.match(text, /\n {2}# type: string\n {2}# env var: LOTUS_API_LISTENADDRESS\n {2}#ListenAddress = "\/ip4\/127\.0\.0\.1\/tcp\/2345\/http"\n\n/)
    assert.match(text, /\n\[Logging\]\n {2}\[Logging\.SubsystemLevels\]\n {4}# env var: LOTUS_LOGGING_SUBSYSTEMLEVELS_EXAMPLE-SUBSYSTEM\n {4}#example-subsystem = "INFO"\n\n\n\[Libp2p\]/)
    assert.match(text, /\n {4}\[Dealmaking\.RetrievalPricing\.Default\]\n/)
    assert.match(text, /# env var: LOTUS_FEES_MAXPRECOMMITBATCHGASFEE_BASE\n {4}#Base = "0 FIL"/)
    assert.match(text, /#AggregateAboveBaseFee = "0.00000000032 FIL"/)
    assert.match(text, /#CommittedCapacitySectorLifetime = "12960h0m0s"/)
    assert.doesNotMatch(text, /BootstrapPeers/) // nil slices are left out, as Go's encoder does
    assert.ok(text.endsWith('#GCInterval = "1m0s"\n\n'))
    const sections = [...text.matchAll(/^\[([A-Za-z0-9]+)\]$/gm)].map((m) => m[1])
    assert.deepEqual(sections, ['API', 'Backup', 'Logging', 'Libp2p', 'Pubsub', 'Subsystems', 'Dealmaking', 'IndexProvider',
      'Proving', 'Sealing', 'Storage', 'Fees', 'Addresses', 'DAGStore'])
    const plain = renderConfig(minerConfigSchema, defaultsOf(minerConfigSchema), { commented: false })
    assert.ok(plain.startsWith('[API]\n  ListenAddress = "/ip4/127.0.0.1/tcp/2345/http"\n  RemoteListenAddress = "127.0.0.1:2345"\n  Timeout = "30s"\n\n[Backup]\n'))
  })

  test('full node API default', () => {
    const d = defaultsOf(fullNodeConfigSchema)
    assert.equal(d.API.ListenAddress, '/ip4/127.0.0.1/tcp/1234/http')
    assert.equal(d.Fees.DefaultMaxFee, '0.07 FIL')
    assert.equal(d.Cluster.NetworkTimeout, '1m40s')
  })
})

describe('config updated', () => {
  test('changed values stay, default lines are commented, values are canonical', () => {
    const file = writeConfig('updated.toml', '[Subsystems]\nEnableMarkets = false\n[Fees]\nMaxCommitGasFee = "0.060 fil"\n[Dealmaking]\nExpectedSealDuration = "48h"\n')
    const cur = loadConfig(file, minerConfigSchema, { env: false })
    assert.equal(cur.Fees.MaxCommitGasFee, '0.06 FIL')
    assert.equal(cur.Dealmaking.ExpectedSealDuration, '48h0m0s')
    const text = configUpdate(minerConfigSchema, cur, defaultsOf(minerConfigSchema), { commented: true })
    assert.match(text, /\n {2}EnableMarkets = false\n/)
    assert.match(text, /\n {2}#EnableMining = true\n/)
    assert.match(text, /\n {2}MaxCommitGasFee = "0.06 FIL"\n/)
    assert.match(text, /\n {2}ExpectedSealDuration = "48h0m0s"\n/)
    const plain = configUpdate(minerConfigSchema, cur, defaultsOf(minerConfigSchema), { commented: false })
    assert.equal(plain, encodeConfigToml(minerConfigSchema, cur))
  })

  test("Lotus's line-based comparison: a value equal to another section's default fails the sanity check", () => {
    const cur: MinerConfig = defaultsOf(minerConfigSchema)
    cur.Fees.MaxCommitBatchGasFee.PerSector = '0.02 FIL' // the default of MaxPreCommitBatchGasFee.PerSector
    assert.throws(() => configUpdate(minerConfigSchema, cur, defaultsOf(minerConfigSchema), { commented: true }),
      /updated config didn't match current config/)
  })
})

describe('config load errors', () => {
  test('a typo names file, line and key path, with a suggestion', () => {
    const file = writeConfig('typo.toml', '[API]\n  ListenAddress = "/ip4/127.0.0.1/tcp/2345/http"\n\n[Dealmaking]\n  ConsiderOnlineStorageDeal = true\n')
    assert.throws(() => loadConfig(file, minerConfigSchema), (err: unknown) => {
      assert.ok(err instanceof ConfigError)
      assert.equal(err.source, `${file}:5`)
      assert.equal(err.keyPath, 'Dealmaking.ConsiderOnlineStorageDeal')
      assert.match(err.message, /unknown key \(did you mean ConsiderOnlineStorageDeals\?\)/)
      return true
    })
  })

  test('unknown section and dotted keys', () => {
    const file = writeConfig('section.toml', '# c\n[Dealmakin]\nX = 1\n')
    assert.throws(() => loadConfig(file, minerConfigSchema), (err: unknown) => err instanceof ConfigError && err.source === `${file}:2` && err.keyPath === 'Dealmakin')
    const dotted = writeConfig('dotted.toml', 'Sealing.Bogus = 1\n')
    assert.throws(() => loadConfig(dotted, minerConfigSchema), (err: unknown) => err instanceof ConfigError && err.source === `${dotted}:1` && err.keyPath === 'Sealing.Bogus')
  })

  test('wrong types name file, line, key and the expected type', () => {
    const cases: Array<[string, number, string, RegExp]> = [
      ['[Subsystems]\nEnableMarkets = "yes"\n', 2, 'Subsystems.EnableMarkets', /expected true or false \(bool\), got string "yes"/],
      ['[Sealing]\n\nMaxWaitDealsSectors = -1\n', 3, 'Sealing.MaxWaitDealsSectors', /negative/],
      ['[Sealing]\nWaitDealsDelay = "6 hours"\n', 2, 'Sealing.WaitDealsDelay', /time: unknown unit " hours"/],
      ['[Fees]\nMaxCommitGasFee = "lots"\n', 2, 'Fees.MaxCommitGasFee', /FIL amount/],
      ['[Libp2p]\nListenAddresses = "/ip4/0.0.0.0/tcp/0"\n', 2, 'Libp2p.ListenAddresses', /array of strings/],
      ['[Dealmaking]\nPieceCidBlocklist = ["nope"]\n', 2, 'Dealmaking.PieceCidBlocklist', /not a CID/],
      ['API = 3\n', 1, 'API', /expected a table/],
      ['[Proving]\nParallelCheckLimit = 1.5\n', 2, 'Proving.ParallelCheckLimit', /expected an integer \(int\), got float 1.5/]
    ]
    for (const [text, line, keyPath, msg] of cases) {
      const file = writeConfig('type.toml', text)
      assert.throws(() => loadConfig(file, minerConfigSchema), (err: unknown) => {
        assert.ok(err instanceof ConfigError, String(err))
        assert.equal(err.source, `${file}:${line}`)
        assert.equal(err.keyPath, keyPath)
        assert.match(err.message, msg)
        return true
      })
    }
  })

  test('TOML syntax errors name file and line', () => {
    const file = writeConfig('syntax.toml', '[API]\nListenAddress = \n')
    assert.throws(() => loadConfig(file, minerConfigSchema), (err: unknown) => err instanceof ConfigError && err.source === `${file}:2` && /invalid TOML/.test(err.message))
  })

  test('missing file means defaults; keys match case-insensitively; maps merge into defaults', () => {
    assert.deepEqual(loadConfig(join(dir, 'absent.toml'), minerConfigSchema, { env: false }), defaultsOf(minerConfigSchema))
    const file = writeConfig('case.toml', '[api]\nlistenaddress = "/ip4/127.0.0.1/tcp/9/http"\n[Logging.SubsystemLevels]\nrpc = "DEBUG"\n[Dealmaking]\nPieceCidBlocklist = ["QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR"]\n')
    const cfg = loadConfig(file, minerConfigSchema, { env: false })
    assert.equal(cfg.API.ListenAddress, '/ip4/127.0.0.1/tcp/9/http')
    assert.deepEqual(cfg.Logging.SubsystemLevels, { 'example-subsystem': 'INFO', rpc: 'DEBUG' })
    assert.deepEqual(cfg.Dealmaking.PieceCidBlocklist, ['QmbWqxBEKC3P8tqsKc98xmWNzrzDtRLMiMPL8wBuTGsMnR'])
  })
})

describe('LOTUS_* environment overrides', () => {
  test('names follow envconfig: section path + field, common flattened', () => {
    const names = envVarNames(minerConfigSchema).map((e) => e.name)
    for (const n of ['LOTUS_API_LISTENADDRESS', 'LOTUS_SUBSYSTEMS_ENABLEMARKETS', 'LOTUS_DEALMAKING_RETRIEVALPRICING_STRATEGY',
      'LOTUS_FEES_MAXPRECOMMITBATCHGASFEE_BASE', 'LOTUS_LOGGING_SUBSYSTEMLEVELS']) assert.ok(names.includes(n), n)
  })

  test('overrides beat the file and are parsed as Go would', () => {
    const file = writeConfig('env.toml', '[Subsystems]\nEnableMarkets = true\n')
    const cfg = loadConfig(file, minerConfigSchema, {
      env: {
        LOTUS_SUBSYSTEMS_ENABLEMARKETS: 'F',
        LOTUS_API_LISTENADDRESS: '/ip4/127.0.0.1/tcp/7/http',
        LOTUS_DEALMAKING_MAXDEALSPERPUBLISHMSG: '0x10',
        LOTUS_FEES_MAXPRECOMMITBATCHGASFEE_BASE: '1',
        LOTUS_LIBP2P_LISTENADDRESSES: '/ip4/0.0.0.0/tcp/1,/ip4/0.0.0.0/tcp/2',
        LOTUS_LOGGING_SUBSYSTEMLEVELS: 'rpc:DEBUG,chain:WARN',
        LOTUS_SEALING_WAITDEALSDELAY: '90m'
      }
    })
    assert.equal(cfg.Subsystems.EnableMarkets, false)
    assert.equal(cfg.API.ListenAddress, '/ip4/127.0.0.1/tcp/7/http')
    assert.equal(cfg.Dealmaking.MaxDealsPerPublishMsg, 16)
    assert.equal(cfg.Fees.MaxPreCommitBatchGasFee.Base, '1 FIL')
    assert.deepEqual(cfg.Libp2p.ListenAddresses, ['/ip4/0.0.0.0/tcp/1', '/ip4/0.0.0.0/tcp/2'])
    assert.deepEqual(cfg.Logging.SubsystemLevels, { rpc: 'DEBUG', chain: 'WARN' })
    assert.equal(cfg.Sealing.WaitDealsDelay, '1h30m0s')
  })

  test('a bad value is named by its variable', () => {
    assert.throws(() => loadConfig(join(dir, 'absent.toml'), minerConfigSchema, { env: { LOTUS_SUBSYSTEMS_ENABLESEALING: 'maybe' } }),
      (err: unknown) => err instanceof ConfigError && err.source === 'environment variable LOTUS_SUBSYSTEMS_ENABLESEALING' &&
        err.keyPath === 'Subsystems.EnableSealing' && /"maybe"/.test(err.message))
    assert.throws(() => loadConfig(join(dir, 'absent.toml'), minerConfigSchema, { env: { LOTUS_LOGGING_SUBSYSTEMLEVELS: 'rpc=DEBUG' } }),
      /environment variable LOTUS_LOGGING_SUBSYSTEMLEVELS: .*invalid map item/)
  })
})
