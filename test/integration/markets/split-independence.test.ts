// The seed's split on a devnet, with the real binaries as child processes: the mining node's
// metadata is backed up (`lotus-miner backup` under LOTUS_BACKUP_BASE_PATH), a markets repo is
// made from it (`init service --type=markets` with the sealer and sector-index API infos), the
// markets node runs on its own with the miner's public libp2p identity and serves the storage
// ask; then it is killed, restarted and hung (SIGSTOP) while the mining node keeps proving and
// mining: no Window PoSt late or failed, no fault, no late block, the chain keeps pace.
import '../../../src/node/common/polyfills.js'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { parseAddress } from '../../../src/core/address/index.js'
import { encodeCbor } from '../../../src/core/cbor/index.js'
import { verify } from '../../../src/core/crypto/index.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { ASK_PROTOCOL, queryAskOverStream, storageAskCbor } from '../../../src/protocols/index.js'
import { startDevnet, waitFor, type Devnet } from '../../kit/devnet.js'
import { startMarketsProcess, type MarketsProcess } from '../../kit/markets.js'

const miner = parseAddress('t01000')
// Two-second epochs: the "no late block" check must measure the split, not a 2-core CI machine
// busy with another devnet test while a markets node starts (a 1 s budget was missed under load).
const BLOCK_DELAY_S = 2
const head = TipSetKey.empty
let net: Devnet
let markets: MarketsProcess | undefined
let backupBase: string
let marketsRepo: string

before(async () => {
  backupBase = mkdtempSync(join(tmpdir(), 'nelumbo-backup-'))
  net = await startDevnet({ miners: [2], blockDelay: `${BLOCK_DELAY_S}s`, deadlines: 4, challengeWindow: 10, minerEnv: { LOTUS_BACKUP_BASE_PATH: backupBase }, markets: true })
  marketsRepo = join(net.dir, 'lotusmarkets')
})
after(async () => {
  await markets?.stop()
  await net?.stop()
  rmSync(backupBase, { recursive: true, force: true })
})

const onMarkets = (args: string[]): string[] => ['--markets-repo', marketsRepo, ...args]

/** The mining node's Prometheus counters, scraped from its `/debug/metrics`. */
async function minerMetrics (): Promise<Record<string, number>> {
  const [token, addr] = net.miners[0]!.env.MINER_API_INFO!.split(':') as [string, string]
  const port = /\/tcp\/(\d+)/.exec(addr)![1]
  const res = await fetch(`http://127.0.0.1:${port}/debug/metrics`, { headers: { Authorization: `Bearer ${token}` } })
  assert.equal(res.status, 200)
  const out: Record<string, number> = {}
  for (const m of (await res.text()).matchAll(/^(lotus_\w+)(\{[^}]*\})? (\S+)$/gm)) out[`${m[1]}${m[2] ?? ''}`] = Number(m[3])
  return out
}

describe('split markets node on a devnet', () => {
  test("the seed's procedure: backup, init service --type=markets, a markets node that owns the miner's peer ID", async () => {
    const backup = join(backupBase, 'backup.cbor')
    assert.equal(await net.cli('lotus-miner', ['backup', backup]), 'Success\n')
    // The mining node gives up markets and restarts (seed step 4).
    await net.miners[0]!.stop()
    const minerConfig = join(net.minerRepo(0), 'config.toml')
    writeFileSync(minerConfig, readFileSync(minerConfig, 'utf8').replace('#EnableMarkets = true', 'EnableMarkets = false'))
    const minerNode = await net.startMiner(0)
    assert.deepEqual(await minerNode.api.RuntimeSubsystems(), ['Mining', 'Sealing', 'SectorStorage'])
    // The test's miner listens on a fresh port each start, so its API info is read after the restart.
    const apiInfo = (await net.cli('lotus-miner', ['auth', 'api-info', '--perm=admin'])).trim()
    assert.match(apiInfo, /^MINER_API_INFO=/)

    const seed = join(net.dir, 'markets-config.toml')
    writeFileSync(seed, '[API]\n  ListenAddress = "/ip4/127.0.0.1/tcp/0/http"\n[Libp2p]\n  ListenAddresses = ["/ip4/127.0.0.1/tcp/0"]\n')
    const bad = await net.run('lotus-miner', onMarkets(['init', 'service', '--type=markets', `--api-sealer=${apiInfo}`, `--config=${seed}`, backup]))
    assert.notEqual(bad.code, 0)
    assert.match(bad.stderr, /--api-sector-index is required without the sector storage module enabled/)

    await net.cli('lotus-miner', onMarkets(['init', 'service', '--type=markets', `--api-sealer=${apiInfo}`, `--api-sector-index=${apiInfo}`, `--config=${seed}`, backup]))
    const written = readFileSync(join(marketsRepo, 'config.toml'), 'utf8')
    assert.match(written, /EnableMarkets = true/)
    assert.match(written, /EnableMining = false/)
    assert.equal(JSON.parse(readFileSync(join(marketsRepo, 'storage.json'), 'utf8')).StoragePaths, null)

    markets = await startMarketsProcess(marketsRepo, net.miners[0]!.env)
    assert.deepEqual(await markets.api.RuntimeSubsystems(), ['Markets'])
    assert.equal((await markets.api.ActorAddress()).toString(), 't01000')
    const peerId = (await net.cli('lotus-miner', onMarkets(['net', 'id']))).trim()
    assert.equal((await net.daemon.api.StateMinerInfo(miner, head)).PeerId, peerId, 'init service put the markets node\'s peer ID on chain')
    assert.match(await net.cli('lotus-miner', onMarkets(['net', 'listen'])), new RegExp(`^/ip4/127\\.0\\.0\\.1/tcp/\\d+/p2p/${peerId}\\n$`))
  })

  test('the storage ask: set from the CLI, served over libp2p, signed by the worker key', async () => {
    assert.match(await net.cli('lotus-miner', onMarkets(['storage-deals', 'get-ask'])), /\n0\.00000000005 FIL\s+0\.000000000005 FIL\s+256 B\s+2 KiB\s+\d+\s+\S+\s+0\n$/)
    await net.cli('lotus-miner', onMarkets(['storage-deals', 'set-ask', '--price', '0.0000001', '--verified-price', '0', '--max-piece-size', '2KiB']))
    assert.match(await net.cli('lotus-miner', onMarkets(['storage-deals', 'get-ask'])), /\n0\.0000001 FIL\s+0 FIL\s+256 B\s+2 KiB\s+\d+\s+\d+h\d+m\d+s\s+1\n$/)
    const tooBig = await net.run('lotus-miner', onMarkets(['storage-deals', 'set-ask', '--price', '0', '--verified-price', '0', '--max-piece-size', '4KiB']))
    assert.notEqual(tooBig.code, 0)
    assert.match(tooBig.stderr, /max piece size \(w\/bit-padding\) 4 KiB cannot exceed miner sector size 2 KiB/)

    const listen = (await net.cli('lotus-miner', onMarkets(['net', 'listen']))).trim()
    const client = await createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
    try {
      const ask = await queryAskOverStream(await client.dialProtocol(multiaddr(listen), ASK_PROTOCOL), miner)
      assert.ok(ask !== null)
      assert.equal(ask.Ask.SeqNo, 1)
      assert.equal(ask.Ask.Price, 100_000_000_000n)
      assert.equal(ask.Ask.MaxPieceSize, 2048)
      const worker = await net.daemon.api.StateAccountKey((await net.daemon.api.StateMinerInfo(miner, head)).Worker, head)
      assert.ok(verify(ask.Signature, worker, encodeCbor(storageAskCbor, ask.Ask)), 'the ask verifies against the worker key')
      assert.equal(await queryAskOverStream(await client.dialProtocol(multiaddr(listen), ASK_PROTOCOL), parseAddress('t01999')), null)
    } finally {
      await client.stop()
    }
  })

  test('killing, restarting and hanging the markets node disturbs neither Window PoSt nor block production', async () => {
    const before = await minerMetrics()
    const start = await net.daemon.api.StateMinerProvingDeadline(miner, head)
    const genesis = await net.daemon.api.ChainGetGenesis()
    const startHeight = (await net.daemon.api.ChainHead()).height
    const waitEpochs = async (n: number): Promise<void> => {
      const target = (await net.daemon.api.ChainHead()).height + n
      await waitFor(async () => (await net.daemon.api.ChainHead()).height >= target, `epoch ${target}`, n * BLOCK_DELAY_S * 2000 + 10_000, 250)
    }

    await markets!.kill()
    await waitEpochs(8)
    markets = await startMarketsProcess(marketsRepo, net.miners[0]!.env)
    assert.equal((await markets.api.MarketGetAsk())?.Ask.SeqNo, 1, 'the ask survived kill -9')

    markets.pause()
    const hung = await Promise.race([markets.api.ID().then(() => 'answered', () => 'failed'), new Promise((resolve) => setTimeout(() => { resolve('hung') }, 2000))])
    assert.equal(hung, 'hung', 'the stopped markets node answers nothing')
    await waitEpochs(15)
    markets.resume()
    await markets.stop()
    markets = await startMarketsProcess(marketsRepo, net.miners[0]!.env)

    // Cover at least one whole proving period from the start of the disturbances.
    await waitFor(async () => (await net.daemon.api.StateMinerProvingDeadline(miner, head)).CurrentEpoch >= start.CurrentEpoch + start.WPoStProvingPeriod + start.WPoStChallengeWindow,
      'a whole proving period', 240_000, 500)

    const afterwards = await minerMetrics()
    const delta = (k: string): number => (afterwards[k] ?? 0) - (before[k] ?? 0)
    assert.equal(delta('lotus_wdpost_proofs_late_total'), 0, 'no Window PoSt late')
    assert.equal(delta('lotus_wdpost_proofs_failed_total'), 0, 'no Window PoSt failed')
    assert.ok(delta('lotus_wdpost_proofs_submitted_total') >= 1, 'Window PoSts went on being submitted')
    assert.equal(delta('lotus_miner_blocks_late_total'), 0, 'no late block')
    assert.ok(delta('lotus_miner_blocks_won_total') > 0)
    assert.deepEqual([...(await net.daemon.api.StateMinerFaults(miner, head)).values()], [], 'no deadline missed: nothing became faulty')
    assert.equal((await net.daemon.api.StateMinerPower(miner, head)).MinerPower.RawBytePower, 2n * 2048n)

    // The chain kept pace with the clock: blocks in (nearly) every epoch, none from anyone else.
    const end = await net.daemon.api.ChainHead()
    const expected = Math.floor((Date.now() / 1000 - genesis.minTimestamp) / BLOCK_DELAY_S)
    assert.ok(end.height >= expected - 2, `head ${end.height} kept up with the clock (epoch ${expected})`)
    let nulls = 0
    for (let ts = end; ts.height > startHeight;) {
      const parent = await net.daemon.api.ChainGetTipSet(ts.parents)
      nulls += ts.height - parent.height - 1
      assert.ok(ts.blocks.every((b) => b.Miner.toString() === 't01000'))
      ts = parent
    }
    assert.ok(nulls <= 4, `${nulls} null rounds in ${end.height - startHeight} epochs`)
  })

  test('going back to one process: market metadata exported and imported, the monolith serves the ask and takes the peer ID back', async () => {
    await markets!.stop()
    markets = undefined
    const exportDir = join(net.dir, 'deals-backup')
    const exported = await net.cli('lotus-shed', ['market', 'export-datastore', '--repo', marketsRepo, '--backup-dir', exportDir])
    assert.match(exported, /^Exporting key \/deals\/provider\/storage-ask\/latest$/m)
    assert.doesNotMatch(exported, /Exporting key \/sectors/, 'only the market prefixes travel')
    const file = join(exportDir, 'markets.datastore.backup')
    assert.match(exported, new RegExp(`Wrote backup file to ${file}\n$`))

    await net.miners[0]!.stop()
    assert.match(await net.cli('lotus-shed', ['market', 'import-datastore', '--repo', net.minerRepo(0), '--backup-path', file]), /Completed importing from backup file/)
    const minerConfig = join(net.minerRepo(0), 'config.toml')
    writeFileSync(minerConfig, readFileSync(minerConfig, 'utf8').replace('EnableMarkets = false', 'EnableMarkets = true'))
    const monolith = await net.startMiner(0)
    assert.deepEqual(await monolith.api.RuntimeSubsystems(), ['Mining', 'Sealing', 'SectorStorage', 'Markets'])

    // Market commands fall back to the miner repo; the imported ask is the one served.
    assert.match(await net.cli('lotus-miner', ['storage-deals', 'get-ask']), /\n0\.0000001 FIL\s+0 FIL\s+256 B\s+2 KiB\s+\d+\s+\S+\s+1\n$/)
    const peerId = (await net.cli('lotus-miner', ['net', 'id'])).trim()
    assert.notEqual((await net.daemon.api.StateMinerInfo(miner, head)).PeerId, peerId)
    await net.cli('lotus-miner', ['actor', 'set-peer-id', peerId])
    await waitFor(async () => (await net.daemon.api.StateMinerInfo(miner, head)).PeerId === peerId, 'the monolith\'s peer ID on chain', 30_000, 250)
    assert.deepEqual([...(await net.daemon.api.StateMinerFaults(miner, head)).values()], [])
  })
})
