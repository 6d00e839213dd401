// Storage deals on a split devnet, with the real binaries as child processes: a client (this
// test, over js-libp2p) proposes Boost-protocol deals (`/fil/storage/mk/1.2.1`) to the markets
// node; the markets node checks them, pulls the CAR over HTTP, checks its piece CID, publishes
// the deal from the worker, and hands the piece to the mining node over the sealer API; the
// sector is sealed and proven and the market actor activates the deal, and `GET /piece/<cid>`
// serves it back from the unsealed copy. A markets node killed in
// the middle of a transfer resumes it. Bad proposals get Boost's reasons; an offline deal takes
// its data from `lotus-miner storage-deals import-data`.
import '../../../src/node/common/polyfills.js'
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { type Server, createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import { tcp } from '@libp2p/tcp'
import { multiaddr } from '@multiformats/multiaddr'
import { createLibp2p, type Libp2p } from 'libp2p'
import { CID } from 'multiformats/cid'
import { parseAddress } from '../../../src/core/address/index.js'
import { encodeCbor } from '../../../src/core/cbor/index.js'
import { pieceCommitmentOf } from '../../../src/core/piece/index.js'
import type { ChainEpoch, TokenAmount } from '../../../src/core/types.js'
import { dealProposalCbor, type ClientDealProposal, type DealProposal } from '../../../src/chain/actors/builtin/market/types.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { DEAL_PROTOCOLS, DEAL_STATUS_PROTOCOL, dealStatusOverStream, proposeDealOverStream, type DealParams } from '../../../src/protocols/index.js'
import { carFile } from '../../kit/car.js'
import { startDevnet, waitFor, type Devnet } from '../../kit/devnet.js'
import { type MarketsProcess, splitMarkets, startMarketsProcess } from '../../kit/markets.js'

const provider = parseAddress('t01000')
const head = TipSetKey.empty
const FIL = (10n ** 18n) as TokenAmount
let net: Devnet
let markets: MarketsProcess
let marketsRepo: string
let backupBase: string
let client: Libp2p
let http: Server
let listen: string
/** Path → the bytes served there; a path in `held` sends half its bytes, then waits for release. */
const served = new Map<string, Uint8Array>()
const held = new Map<string, () => void>()
const ranges: string[] = []

before(async () => {
  backupBase = mkdtempSync(join(tmpdir(), 'nelumbo-deals-'))
  net = await startDevnet({ miners: [1], blockDelay: '1s', deadlines: 4, challengeWindow: 10, minerEnv: { LOTUS_BACKUP_BASE_PATH: backupBase }, markets: true })
  const split = await splitMarkets(net, backupBase, [
    '[API]', '  ListenAddress = "/ip4/127.0.0.1/tcp/0/http"',
    '[Libp2p]', '  ListenAddresses = ["/ip4/127.0.0.1/tcp/0"]',
    '[Dealmaking]', '  ExpectedSealDuration = "1m0s"', '  PublishMsgPeriod = "1s"', ''
  ].join('\n'))
  markets = split.markets
  marketsRepo = split.repo
  listen = (await net.cli('lotus-miner', ['--markets-repo', marketsRepo, 'net', 'listen'])).trim()
  http = createServer((req, res) => {
    const body = served.get(req.url ?? '')
    if (body === undefined || req.headers.authorization !== 'Bearer let-me-in') { res.writeHead(body === undefined ? 404 : 401).end(); return }
    if (req.headers.range !== undefined) ranges.push(`${req.url!} ${req.headers.range}`)
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '')
    const from = range !== null ? Number(range[1]) : 0
    res.writeHead(range !== null ? 206 : 200, { 'Content-Length': String(body.length - from) })
    const release = held.get(req.url!)
    if (release === undefined || from > 0) { res.end(body.subarray(from)); return }
    res.write(body.subarray(0, body.length >> 1))
    held.set(req.url!, () => { res.end(body.subarray(body.length >> 1)) })
  })
  await new Promise<void>((resolve) => { http.listen(0, '127.0.0.1', resolve) })
  client = await createLibp2p({ transports: [tcp()], connectionEncrypters: [noise()], streamMuxers: [yamux()] })
  // Escrow: the client pays for storage, the provider locks collateral.
  const worker = (await net.daemon.api.StateMinerInfo(provider, head)).Worker
  for (const [addr, forWhom] of [[parseAddress(net.funded), parseAddress(net.funded)], [worker, provider]] as const) {
    await net.daemon.api.StateWaitMsg(await net.daemon.api.MarketAddBalance(addr, forWhom, FIL), 1, -1 as ChainEpoch, true)
  }
})
after(async () => {
  for (const release of held.values()) release()
  await client?.stop()
  http?.closeAllConnections()
  await new Promise((resolve) => { http?.close(resolve) })
  await markets?.stop()
  await net?.stop()
  rmSync(backupBase, { recursive: true, force: true })
})

async function proposal (bytes: Uint8Array, change: Partial<DealProposal> = {}): Promise<ClientDealProposal> {
  const api = net.daemon.api
  const { pieceCid, pieceSize } = pieceCommitmentOf(bytes)
  const bounds = await api.StateDealProviderCollateralBounds(Number(pieceSize) as never, false, head)
  const start = (await api.ChainHead()).height + 600
  const p: DealProposal = {
    PieceCID: pieceCid,
    PieceSize: Number(pieceSize),
    VerifiedDeal: false,
    Client: parseAddress(net.funded),
    Provider: provider,
    Label: 'nelumbo deal itest',
    StartEpoch: start as ChainEpoch,
    EndEpoch: (start + 520_000) as ChainEpoch,
    StoragePricePerEpoch: 1000n as TokenAmount,
    ProviderCollateral: bounds.Min,
    ClientCollateral: 0n as TokenAmount,
    ...change
  }
  return { Proposal: p, ClientSignature: await api.WalletSign(p.Client, encodeCbor(dealProposalCbor, p)) }
}

function params (cdp: ClientDealProposal, root: CID, transfer: { url: string, size: number } | 'offline'): DealParams {
  return {
    DealUUID: Uint8Array.from(randomBytes(16)),
    IsOffline: transfer === 'offline',
    ClientDealProposal: cdp,
    DealDataRoot: root,
    Transfer: transfer === 'offline'
      ? { Type: '', ClientID: '', Params: new Uint8Array(0), Size: 0 }
      : { Type: 'http', ClientID: 'itest', Params: Buffer.from(JSON.stringify({ URL: transfer.url, Headers: { Authorization: 'Bearer let-me-in' } })), Size: transfer.size },
    RemoveUnsealedCopy: false,
    SkipIPNIAnnounce: true
  }
}

const propose = async (p: DealParams): Promise<{ Accepted: boolean, Message: string }> =>
  await proposeDealOverStream(await client.dialProtocol(multiaddr(listen), [...DEAL_PROTOCOLS]), p)
const url = (path: string): string => `http://127.0.0.1:${(http.address() as AddressInfo).port}${path}`
const dealIn = async (uuid: string): Promise<Awaited<ReturnType<MarketsProcess['api']['MarketListProviderDeals']>>[number] | undefined> =>
  (await markets.api.MarketListProviderDeals()).find((d) => d.DealUUID === uuid)
const uuidOf = (p: DealParams): string => Buffer.from(p.DealUUID).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-')

describe('storage deals with a split markets node', () => {
  test('bad proposals get Boost\'s reasons and leave nothing behind', async () => {
    const { bytes, root } = await carFile()
    served.set('/cheap.car', bytes)
    const cheap = await propose(params(await proposal(bytes, { StoragePricePerEpoch: 0n as TokenAmount }), root, { url: url('/cheap.car'), size: bytes.length }))
    // The default ask is 50,000,000 attoFIL per GiB per epoch: a 2 KiB piece costs at least 95.
    assert.deepEqual(cheap, { Accepted: false, Message: 'failed validation: storage price per epoch less than asking price: 0 < 95' })
    const cdp = await proposal(bytes)
    const forged = { ...cdp, Proposal: { ...cdp.Proposal, StoragePricePerEpoch: 2000n as TokenAmount } }
    assert.deepEqual(await propose(params(forged, root, { url: url('/cheap.car'), size: bytes.length })), { Accepted: false, Message: 'failed validation: invalid signature' })
    const ftp = { ...params(cdp, root, { url: url('/cheap.car'), size: bytes.length }), Transfer: { Type: 'ftp', ClientID: '', Params: new Uint8Array(0), Size: 1 } }
    assert.match((await propose(ftp)).Message, /unrecognized transfer type 'ftp'/)
    assert.deepEqual(await markets.api.MarketListProviderDeals(), [])
  })

  test('an online deal: transfer (resumed after kill -9), publish, hand-off, sealing, activation; status for its client only', async () => {
    const { bytes, root } = await carFile()
    served.set('/deal.car', bytes)
    held.set('/deal.car', () => {})
    const p = params(await proposal(bytes), root, { url: url('/deal.car'), size: bytes.length })
    assert.deepEqual(await propose(p), { Accepted: true, Message: '' })
    assert.match((await propose(p)).Message, /^deal proposal is identical to deal /)
    const uuid = uuidOf(p)
    assert.equal((await dealIn(uuid))?.Checkpoint, 'Accepted')

    // Half the CAR has arrived when the markets node dies; the restarted node asks for the rest.
    const half = bytes.length >> 1
    const staging = join(marketsRepo, 'deal-staging', `${uuid}.car`)
    await waitFor(async () => existsSync(staging) && statSync(staging).size === half, 'half the CAR in the staging folder', 30_000)
    await markets.kill()
    held.get('/deal.car')!()
    held.delete('/deal.car')
    markets = await startMarketsProcess(marketsRepo, net.miners[0]!.env)
    listen = (await net.cli('lotus-miner', ['--markets-repo', marketsRepo, 'net', 'listen'])).trim()

    const added = await waitFor(async () => { const d = await dealIn(uuid); assert.equal(d?.Error, ''); return d?.Checkpoint === 'AddedPiece' && d }, 'the piece handed to the sealer', 120_000, 500)
    assert.deepEqual(ranges, [`/deal.car bytes=${half}-`], 'the transfer resumed where it stopped')
    assert.ok(!existsSync(staging), 'the staging copy is gone once the sealer has the piece')
    assert.ok(added.ChainDealID > 0 && added.PublishCid !== null)
    const onChain = await net.daemon.api.StateMarketStorageDeal(added.ChainDealID as never, head)
    assert.ok(onChain.Proposal.PieceCID.equals(p.ClientDealProposal.Proposal.PieceCID))
    await waitFor(async () => (await net.daemon.api.StateMarketStorageDeal(added.ChainDealID as never, head)).State.SectorStartEpoch > 0, 'the deal activated', 180_000, 1000)
    const sector = await net.daemon.api.StateSectorGetInfo(provider, added.SectorNumber as never, head)
    assert.deepEqual(sector?.DealIDs.map(Number), [added.ChainDealID])

    const ask = async (signWith: string): Promise<Awaited<ReturnType<typeof dealStatusOverStream>>> =>
      await dealStatusOverStream(await client.dialProtocol(multiaddr(listen), DEAL_STATUS_PROTOCOL),
        { DealUUID: p.DealUUID, Signature: await net.daemon.api.WalletSign(parseAddress(signWith), p.DealUUID) })
    const status = await waitFor(async () => { const s = await ask(net.funded); return s.DealStatus?.SealingStatus === 'Proving' && s }, 'the sealer to report Proving', 60_000, 500)
    assert.equal(status.Error, '')
    assert.equal(status.DealStatus?.Status, 'AddedPiece')
    assert.equal(status.DealStatus?.ChainDealID, added.ChainDealID)
    const worker = (await net.daemon.api.StateMinerInfo(provider, head)).Worker
    assert.equal((await ask((await net.daemon.api.StateAccountKey(worker, head)).toString())).Error, 'signature verification failed')

    // booster-http's piece retrieval: the unpadded piece, read from the mining node's unsealed copy.
    const port = /\/tcp\/(\d+)/.exec(markets.apiInfo)![1]
    const piece = await fetch(`http://127.0.0.1:${port}/piece/${p.ClientDealProposal.Proposal.PieceCID.toString()}`)
    assert.equal(piece.status, 200, await piece.clone().text())
    assert.equal(piece.headers.get('content-type'), 'application/piece')
    const body = new Uint8Array(await piece.arrayBuffer())
    assert.equal(body.length, 2032)
    assert.equal(Buffer.compare(body.subarray(0, bytes.length), bytes), 0, 'the piece starts with the CAR')
    assert.ok(body.subarray(bytes.length).every((b) => b === 0), 'and is zero-padded')
    assert.equal((await fetch(`http://127.0.0.1:${port}/piece/${(await proposal((await carFile()).bytes)).Proposal.PieceCID.toString()}`)).status, 404)
    assert.equal((await fetch(`http://127.0.0.1:${port}/piece/not-a-cid`)).status, 400)

    const list = await net.cli('lotus-miner', ['--markets-repo', marketsRepo, 'storage-deals', 'list'])
    assert.match(list, new RegExp(`\\n${added.SignedProposalCid.toString()}\\s+${added.ChainDealID}\\s+AddedPiece\\s+${net.funded}\\s+2 KiB\\s+`))
  })

  test('an offline deal waits for import-data, then goes the same way', async () => {
    const { bytes, root } = await carFile()
    const p = params(await proposal(bytes), root, 'offline')
    assert.deepEqual(await propose(p), { Accepted: true, Message: '' })
    const uuid = uuidOf(p)
    const accepted = (await dealIn(uuid))!
    assert.equal(accepted.Checkpoint, 'Accepted')
    const file = join(backupBase, 'offline.car')
    writeFileSync(file, bytes)
    const wrong = join(backupBase, 'wrong.car')
    writeFileSync(wrong, (await carFile()).bytes)
    const other = await propose(params(await proposal((await carFile()).bytes), root, 'offline'))
    assert.equal(other.Accepted, true)
    await net.cli('lotus-miner', ['--markets-repo', marketsRepo, 'storage-deals', 'import-data', accepted.SignedProposalCid.toString(), file])
    const added = await waitFor(async () => { const d = await dealIn(uuid); assert.equal(d?.Error, ''); return d?.Checkpoint === 'AddedPiece' && d }, 'the offline deal handed to the sealer', 120_000, 500)
    assert.ok(added.ChainDealID > 0)
    const again = await net.run('lotus-miner', ['--markets-repo', marketsRepo, 'storage-deals', 'import-data', accepted.SignedProposalCid.toString(), file])
    assert.notEqual(again.code, 0)
    assert.match(again.stderr, /already has its data/)
    // Data that is not the proposal's piece fails the deal, naming both piece CIDs.
    const otherDeal = (await markets.api.MarketListProviderDeals()).find((d) => d.Checkpoint === 'Accepted' && d.IsOffline)!
    await net.cli('lotus-miner', ['--markets-repo', marketsRepo, 'storage-deals', 'import-data', otherDeal.SignedProposalCid.toString(), wrong])
    const failed = await waitFor(async () => { const d = await dealIn(otherDeal.DealUUID); return d?.Checkpoint === 'Complete' && d }, 'the mismatched deal to fail', 30_000)
    assert.match(failed.Error, /^commP mismatch: the data's piece CID is baga\S+, the proposal's baga\S+$/)
  })
})
