// The miner's composition root in one process: [Subsystems] checks with Lotus's texts, the
// genesis pre-seal import, late binding of the API, and startMinerNode against a fake full node
// (its API served over JSON-RPC on 127.0.0.1:0, the repo's api/token files, a clean stop).
import { DEFAULT_NETWORK_PARAMS } from '../../../src/chain/genesis/network-params.js'
import { after, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CID } from 'multiformats/cid'
import { FullAPIVersion1 } from '../../../src/api/index.js'
import type { FullNodeApi } from '../../../src/api/fullnode/index.js'
import { MinerContract, type MinerApi } from '../../../src/api/miner.js'
import { parseAddress } from '../../../src/core/address/index.js'
import { LogRegistry } from '../../../src/log/index.js'
import {
  connectMiningNode, ensureHostKey, importPreSealedSectors, lateApi, planSubsystems, preSealRecord, runtimeSubsystems, startMinerNode, writeMinerAddress
} from '../../../src/node/miner/index.js'
import { FsRepo, MetadataKeys, minerConfigSchema, defaultsOf, readBackup, type MinerConfig } from '../../../src/repo/index.js'
import { createRpcClient } from '../../../src/rpc/index.js'
import { SectorStore } from '../../../src/sealing/index.js'
import { FakeChain } from '../sealing/fakes.js'

const quiet = new LogRegistry({ levels: 'error' }).logger('miner')
const MINER = parseAddress('t01000')
const dirs: string[] = []
after(() => { for (const d of dirs) rmSync(d, { recursive: true, force: true }) })

function config (subsystems: Partial<MinerConfig['Subsystems']>): MinerConfig {
  const c = defaultsOf(minerConfigSchema) as MinerConfig
  return { ...c, Subsystems: { ...c.Subsystems, ...subsystems } }
}

describe('[Subsystems] checks', () => {
  test('the defaults make a monolith (all four); EnableMarkets = false a mining node', () => {
    assert.deepEqual(runtimeSubsystems(planSubsystems(config({}))), ['Mining', 'Sealing', 'SectorStorage', 'Markets'])
    assert.deepEqual(runtimeSubsystems(planSubsystems(config({ EnableMarkets: false }))), ['Mining', 'Sealing', 'SectorStorage'])
  })

  test("Lotus's refusals, naming the key", () => {
    assert.throws(() => planSubsystems(config({ EnableMining: false, EnableMarkets: false })),
      /\[Subsystems\] EnableSealing: sealing can only be enabled on a mining node/)
    assert.throws(() => planSubsystems(config({ EnableMining: false, EnableSealing: false, EnableMarkets: false })),
      /EnableSectorStorage: sealing can only be enabled on a mining node/)
    assert.throws(() => planSubsystems(config({ EnableSealing: false })), /EnableSealing: sealing can't be disabled on a mining node yet/)
    assert.throws(() => planSubsystems(config({ EnableSectorStorage: false })), /EnableSectorStorage: sealing can't be disabled on a mining node yet/)
    assert.throws(() => planSubsystems(config({ EnableMining: false, EnableSealing: false, EnableSectorStorage: false })),
      /SealerApiInfo: a markets node needs SealerApiInfo/)
    assert.throws(() => planSubsystems(config({ EnableMining: false, EnableSealing: false, EnableSectorStorage: false, SealerApiInfo: 'tok:/ip4/127.0.0.1/tcp/1/http' })),
      /SectorIndexApiInfo: a markets node needs SectorIndexApiInfo/)
    const markets = planSubsystems(config({ EnableMining: false, EnableSealing: false, EnableSectorStorage: false, SealerApiInfo: 'tok:/ip4/127.0.0.1/tcp/1/http', SectorIndexApiInfo: 'tok:/ip4/127.0.0.1/tcp/1/http' }))
    assert.equal(markets.marketsOnly, true)
    assert.deepEqual(runtimeSubsystems(markets), ['Markets'])
    assert.deepEqual(runtimeSubsystems(planSubsystems(config({ EnableMining: false, EnableSealing: false, EnableSectorStorage: false, EnableMarkets: false }))), [])
    const c = config({})
    c.Dealmaking.RetrievalPricing.Strategy = 'external'
    assert.throws(() => planSubsystems(c), /External\] Path: retrieval pricing policy has been to set to external but external policy config is nil/)
  })
})

describe('genesis pre-seal import', () => {
  const commD = CID.parse('baga6ea4seaqjoutusj33a5i3z6yls2ubhmpghgg42cmttjisal2twpiku4uuwcq')
  const commR = CID.parse('bagboea4seaqg5wokmto45egvqa6yja5lv32afj34w46jw7ucroksnxorll6qeny')
  const deal = {
    PieceCID: commD, PieceSize: 2048, VerifiedDeal: false, Client: MINER, Provider: MINER, Label: '0', StartEpoch: 0, EndEpoch: 9000,
    StoragePricePerEpoch: 0n, ProviderCollateral: 0n, ClientCollateral: 0n
  }
  const preSeal = (n: number): never => ({ CommR: commR, CommD: commD, SectorID: n, Deal: deal, DealClientKey: null, ProofType: 5 }) as never

  test('each sector becomes a Proving record with its deal, and nextid moves past them', () => {
    const r = preSealRecord(preSeal(3), 7 as never)
    assert.equal(r.State, 'Proving')
    assert.equal(r.CommR?.toString(), commR.toString())
    assert.equal(r.Pieces[0]?.DealInfo?.DealID, 7)
    assert.equal(r.Pieces[0]?.Piece.Size, 2048)

    const dir = mkdtempSync(join(tmpdir(), 'nelumbo-preseal-'))
    dirs.push(dir)
    const repo = new FsRepo('StorageMiner', dir)
    repo.init()
    const lr = repo.open()
    try {
      const n = importPreSealedSectors(lr.metadata(), { ID: MINER, Sectors: [preSeal(0), preSeal(1)] } as never, (_s, i) => i as never)
      assert.equal(n, 2)
      const store = new SectorStore(lr.metadata())
      assert.deepEqual(store.list().map((x) => [x.SectorNumber, x.State]), [[0, 'Proving'], [1, 'Proving']])
      assert.equal(store.nextSectorNumber(), 2)
      assert.match(store.log(1)[0]?.Message ?? '', /imported pre-sealed sector 1/)
    } finally {
      lr.close()
    }
  })
})

describe('libp2p host key', () => {
  test('made once, kept in the keystore, its peer ID an identity multihash of the Ed25519 public key', () => {
    const dir = mkdtempSync(join(tmpdir(), 'nelumbo-hostkey-'))
    dirs.push(dir)
    const repo = new FsRepo('StorageMiner', dir)
    repo.init()
    const lr = repo.open()
    try {
      const peer = ensureHostKey(lr.keystore())
      assert.equal(peer.length, 38)
      assert.deepEqual([...peer.subarray(0, 6)], [0x00, 0x24, 0x08, 0x01, 0x12, 0x20])
      assert.deepEqual(ensureHostKey(lr.keystore()), peer)
      assert.equal(lr.keystore().get('libp2p-host').type, 'libp2p-host')
    } finally {
      lr.close()
    }
  })
})

describe('late API binding', () => {
  test('calls before bind fail clearly; after bind they reach the implementation', async () => {
    const late = lateApi(MinerContract)
    await assert.rejects(late.api.ActorAddress(), /Filecoin\.ActorAddress: the node is still starting/)
    late.bind({ ActorAddress: async () => MINER } as never)
    assert.ok((await late.api.ActorAddress()).equals(MINER))
  })
})

// The fake full node has no blocks to mine on; the mining subsystem is covered by its own tests and the integration test.
const noMining = (): { start: () => void, stop: () => void } => ({ start: () => {}, stop: () => {} })

function fakeFullNode (apiVersion = FullAPIVersion1): FullNodeApi {
  const chain = new FakeChain()
  return new Proxy(chain, {
    get: (target, key) => {
      if (key === 'Version') return async () => ({ Version: 'fake', APIVersion: apiVersion, BlockDelay: 1 })
      // The chain's policy: the devnet's defaults, as a genesis template without overrides gives.
      if (key === 'StateGetNetworkParams') {
        return async () => ({ NetworkName: 'fake', BlockDelaySecs: 1, ConsensusMinerMinPower: 0n, SupportedProofTypes: [5], PreCommitChallengeDelay: DEFAULT_NETWORK_PARAMS.PreCommitChallengeDelay })
      }
      if (key === 'StateMinerProvingDeadline') {
        return async () => ({ WPoStProvingPeriod: DEFAULT_NETWORK_PARAMS.WPoStProvingPeriod, WPoStPeriodDeadlines: DEFAULT_NETWORK_PARAMS.WPoStPeriodDeadlines, WPoStChallengeWindow: DEFAULT_NETWORK_PARAMS.WPoStChallengeWindow })
      }
      return (target as unknown as Record<string | symbol, unknown>)[key]
    }
  }) as unknown as FullNodeApi
}

function minerRepo (subsystems: Partial<MinerConfig['Subsystems']>): string {
  const dir = mkdtempSync(join(tmpdir(), 'nelumbo-miner-unit-'))
  dirs.push(dir)
  const repo = new FsRepo('StorageMiner', dir)
  repo.init()
  const lr = repo.open()
  lr.setConfig((c) => {
    c.API.ListenAddress = '/ip4/127.0.0.1/tcp/0/http'
    Object.assign(c.Subsystems, subsystems)
  })
  writeMinerAddress(lr.metadata(), MINER)
  lr.close()
  return dir
}

describe('startMinerNode', () => {
  test('builds the enabled subsystems and serves them on loopback; stop cleans up', async () => {
    const dir = minerRepo({ EnableMarkets: false })
    const node = await startMinerNode({ repoPath: dir, fullNode: fakeFullNode(), nosync: true, bindSignals: false, log: quiet, mining: noMining })
    try {
      assert.match(node.multiaddr, /^\/ip4\/127\.0\.0\.1\/tcp\/\d+\/http$/)
      assert.equal(readFileSync(join(dir, 'api'), 'utf8'), node.multiaddr)
      assert.deepEqual(await node.api.RuntimeSubsystems(), ['Mining', 'Sealing', 'SectorStorage'])
      const token = readFileSync(join(dir, 'token'), 'utf8')
      const client = createRpcClient(MinerContract, { url: `${node.apiUrl}/rpc/v0`, token })
      try {
        assert.ok((await client.ActorAddress()).equals(MINER))
        assert.equal(await client.ActorSectorSize(MINER), 2048)
        assert.deepEqual(await client.SectorsList(), [])
        assert.deepEqual(await client.StorageList(), {})
        assert.equal((await client.Version()).APIVersion, (await node.api.Version()).APIVersion)
        // CreateBackup (admin, `lotus-miner backup`): the repo's metadata, only inside the daemon's LOTUS_BACKUP_BASE_PATH.
        const prevBase = process.env.LOTUS_BACKUP_BASE_PATH
        process.env.LOTUS_BACKUP_BASE_PATH = join(dir, 'backups')
        try {
          await assert.rejects(client.CreateBackup(join(dir, 'meta.cbor')), /backup file name \(.*meta\.cbor\) must be inside base path \(.*backups\)/)
          await assert.rejects(client.CreateBackup(join(dir, 'backups', 'meta.cbor')), { message: /^open .*backups\/meta\.cbor: ENOENT/ })
          process.env.LOTUS_BACKUP_BASE_PATH = dir
          await client.CreateBackup(join(dir, 'meta.cbor'))
        } finally {
          if (prevBase === undefined) delete process.env.LOTUS_BACKUP_BASE_PATH
          else process.env.LOTUS_BACKUP_BASE_PATH = prevBase
        }
        const backedUp: string[] = []
        readBackup(join(dir, 'meta.cbor'), (key) => { backedUp.push(key) })
        assert.ok(backedUp.includes('/miner-address'), backedUp.join(' '))
      } finally {
        await client.close()
      }
      // Split = wiring: the markets side gets the same type from an API-info string.
      const remote = await connectMiningNode(`${token}:${node.multiaddr}`, '[Subsystems] SealerApiInfo')
      try {
        const both: MinerApi[] = [node.api, remote]
        for (const api of both) assert.ok((await api.ActorAddress()).equals(MINER))
      } finally {
        await remote.close()
      }
      await assert.rejects(connectMiningNode('', '[Subsystems] SectorIndexApiInfo'), /SectorIndexApiInfo is empty/)
    } finally {
      await node.stop()
    }
    assert.ok(!existsSync(join(dir, 'api')))
    new FsRepo('StorageMiner', dir).open().close()
  })

  test('refuses an unsupported [Subsystems] combination and releases the repo', async () => {
    const dir = minerRepo({ EnableSealing: false })
    await assert.rejects(startMinerNode({ repoPath: dir, fullNode: fakeFullNode(), nosync: true, bindSignals: false, log: quiet, mining: noMining }),
      /EnableSealing: sealing can't be disabled on a mining node yet/)
    new FsRepo('StorageMiner', dir).open().close()
  })

  test('requires the exact full node API version, and a miner address', async () => {
    const dir = minerRepo({ EnableMarkets: false })
    await assert.rejects(startMinerNode({ repoPath: dir, fullNode: fakeFullNode(FullAPIVersion1 + 1), nosync: true, bindSignals: false, log: quiet, mining: noMining }),
      /lotus-daemon API version doesn't match: expected: 2\.3\.0, got: 2\.3\.1/)
    const bare = mkdtempSync(join(tmpdir(), 'nelumbo-miner-unit-'))
    dirs.push(bare)
    new FsRepo('StorageMiner', bare).init()
    await assert.rejects(startMinerNode({ repoPath: bare, fullNode: fakeFullNode(), nosync: true, bindSignals: false, log: quiet, mining: noMining }),
      new RegExp(`no miner address \\(metadata key ${MetadataKeys.minerAddress.prefix}\\)`))
  })
})
