import '../../../src/node/common/polyfills.js'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, test } from 'node:test'
import type { Stream } from '@libp2p/interface'
import { streamPair } from '@libp2p/utils'
import { multiaddr } from '@multiformats/multiaddr'
import { CID } from 'multiformats/cid'
import type { StartDealParams } from '../../../src/api/fullnode/index.js'
import { dealProposalCbor } from '../../../src/chain/actors/builtin/market/types.js'
import { ClientDeals, type ClientChain } from '../../../src/client/deals.js'
import type { ProviderDialer } from '../../../src/client/dialer.js'
import { ClientStore } from '../../../src/client/store.js'
import { TransferOffers } from '../../../src/client/transfers.js'
import { newIdAddress, type Address } from '../../../src/core/address/index.js'
import { decodeCbor, encodeCbor } from '../../../src/core/cbor/index.js'
import { generateKey, keyAddress, sign, verify } from '../../../src/core/crypto/index.js'
import { pieceCommitmentOf } from '../../../src/core/piece/index.js'
import {
  ASK_PROTOCOL, DEAL_PROTOCOLS, DEAL_STATUS_PROTOCOL, type DealParams, type DealResponse, type DealStatusRequest, type DealStatusResponse,
  type SignedStorageAsk, askRequestCbor, askResponseCbor, dealParamsCbor, dealResponseCbor, dealStatusRequestCbor, dealStatusResponseCbor,
  readCborMessage, signedProposalCid, storageAskCbor, writeCborMessage
} from '../../../src/protocols/index.js'
import { openSqliteDatastore, type SqliteDatastore } from '../../../src/repo/datastore.js'
import { MetadataKeys } from '../../../src/repo/keys.js'
import { carFile, quietLog } from '../markets/deals/fixtures.js'

const MINER = newIdAddress(1000)
const KEY = generateKey('secp256k1')
const WALLET = keyAddress(KEY)
const BASE_URL = 'http://127.0.0.1:1234'
const GiB = 1n << 30n
const DURATION = 518_400

const dir = mkdtempSync(join(tmpdir(), 'nelumbo-client-deals-'))
after(() => rmSync(dir, { recursive: true, force: true }))

interface MinerInfo { PeerId: string | null, Multiaddrs: Uint8Array[] | null }

/** Everything a test can change or look at. */
interface Harness {
  deals: ClientDeals
  store: ClientStore
  ds: SqliteDatastore
  minerInfo: MinerInfo
  /** What the fake provider answers. */
  response: DealResponse
  status: (req: DealStatusRequest) => DealStatusResponse
  ask: SignedStorageAsk | null
  /** Dial failures: a dial throws this when set. */
  dialError: Error | undefined
  reserveResult: CID | null
  waitResult: { Receipt: { ExitCode: number } } | null
  onChainStart: number
  dials: Array<{ peer: string, addrs: string[], protocols: string[] }>
  params: DealParams[]
  statusRequests: DealStatusRequest[]
  askRequests: Address[]
  reserved: Array<{ wallet: Address, addr: Address, amount: bigint }>
  released: Array<{ wallet: Address, amount: bigint }>
  waited: Array<{ cid: CID, confidence: number, limit: number, replaced: boolean }>
  boundsCalls: Array<{ size: number, verified: boolean }>
  marketDealCalls: number[]
  served: Array<Promise<void>>
  providerErrors: Error[]
  /** Waits for the fake provider sides and checks they did not fail. */
  settle: () => Promise<void>
}

function harness (blockDelaySecs = 30): Harness {
  const ds = openSqliteDatastore(':memory:')
  const store = new ClientStore(ds)
  const h: Harness = {
    deals: undefined as unknown as ClientDeals,
    store,
    ds,
    minerInfo: { PeerId: 'peer', Multiaddrs: [multiaddr('/ip4/127.0.0.1/tcp/1').bytes] },
    response: { Accepted: true, Message: '' },
    status: () => { throw new Error('no status answer set') },
    ask: null,
    dialError: undefined,
    reserveResult: null,
    waitResult: { Receipt: { ExitCode: 0 } },
    onChainStart: 120,
    dials: [],
    params: [],
    statusRequests: [],
    askRequests: [],
    reserved: [],
    released: [],
    waited: [],
    boundsCalls: [],
    marketDealCalls: [],
    served: [],
    providerErrors: [],
    settle: async () => {
      await Promise.all(h.served)
      assert.deepEqual(h.providerErrors, [])
    }
  }
  const chain = {
    ChainHead: async () => ({ height: 100 }),
    StateMinerInfo: async () => h.minerInfo,
    StateDealProviderCollateralBounds: async (size: number, verified: boolean) => { h.boundsCalls.push({ size: Number(size), verified }); return { Min: 7n, Max: 70n } },
    WalletSign: async (_a: Address, data: Uint8Array) => sign(KEY, data),
    MarketReserveFunds: async (wallet: Address, addr: Address, amount: bigint) => { h.reserved.push({ wallet, addr, amount }); return h.reserveResult },
    MarketReleaseFunds: async (wallet: Address, amount: bigint) => { h.released.push({ wallet, amount }) },
    StateWaitMsg: async (cid: CID, confidence: number, limit: number, replaced: boolean) => { h.waited.push({ cid, confidence, limit, replaced }); return h.waitResult },
    StateMarketStorageDeal: async (id: number) => { h.marketDealCalls.push(Number(id)); return { State: { SectorStartEpoch: h.onChainStart } } }
  } as unknown as ClientChain
  const opts = { maxBytes: 1 << 20, timeoutMs: 5000 }
  const serve = async (s: Stream, protocols: readonly string[]): Promise<void> => {
    if (protocols.includes(DEAL_STATUS_PROTOCOL)) {
      const req = decodeCbor(dealStatusRequestCbor, await readCborMessage(s, { ...opts, what: 'DealStatusRequest' }), 'DealStatusRequest')
      h.statusRequests.push(req)
      await writeCborMessage(s, encodeCbor(dealStatusResponseCbor, h.status(req)))
    } else if (protocols.includes(ASK_PROTOCOL)) {
      const req = decodeCbor(askRequestCbor, await readCborMessage(s, { ...opts, what: 'AskRequest' }), 'AskRequest')
      h.askRequests.push(req.Miner)
      await writeCborMessage(s, encodeCbor(askResponseCbor, { Ask: h.ask }))
    } else {
      const params = decodeCbor(dealParamsCbor, await readCborMessage(s, { ...opts, what: 'DealParams' }), 'DealParams')
      h.params.push(params)
      await writeCborMessage(s, encodeCbor(dealResponseCbor, h.response))
    }
    await s.close()
  }
  const dialer: ProviderDialer = {
    dial: async (peer, addrs, protocols) => {
      h.dials.push({ peer, addrs: [...addrs], protocols: [...protocols] })
      if (h.dialError !== undefined) throw h.dialError
      const [client, provider] = await streamPair()
      h.served.push(serve(provider, protocols).catch((err: Error) => { h.providerErrors.push(err) }))
      return client
    }
  }
  h.deals = new ClientDeals({ chain, dialer, store, transfers: new TransferOffers(ds), log: quietLog() },
    { transferBaseUrl: () => BASE_URL, blockDelaySecs })
  return h
}

let n = 0
/** A CAR on disk and its import in `h`'s store. */
async function addImport (h: Harness): Promise<{ root: CID, pieceCid: CID, pieceSize: number, carPath: string, carSize: number }> {
  const car = await carFile()
  const carPath = join(dir, `import-${n++}.car`)
  writeFileSync(carPath, car.bytes)
  const piece = pieceCommitmentOf(car.bytes)
  const rec = { root: car.root, carPath, carSize: car.bytes.length, pieceCid: piece.pieceCid, pieceSize: Number(piece.pieceSize) }
  h.store.addImport(rec)
  return rec
}

function startParams (root: CID, change: Partial<StartDealParams> = {}): StartDealParams {
  return {
    Data: { TransferType: 'graphsync', Root: root, PieceCid: null, PieceSize: 0, RawBlockSize: 0 },
    Wallet: WALLET,
    Miner: MINER,
    EpochPrice: 500_000_000n,
    MinBlocksDuration: DURATION,
    ProviderCollateral: 0n,
    DealStartEpoch: 0,
    FastRetrieval: true,
    VerifiedDeal: false,
    ...change
  } as unknown as StartDealParams
}

describe('ClientDeals.startDeal', () => {
  test('no import of the root: an error naming the root and lotus client import, nothing dialled', async () => {
    const h = harness()
    try {
      const car = await carFile()
      await assert.rejects(h.deals.startDeal(startParams(car.root)), (err: Error) => {
        assert.ok(err.message.includes(car.root.toString()), err.message)
        assert.ok(err.message.includes('lotus client import'), err.message)
        return true
      })
      assert.equal(h.dials.length, 0)
      assert.equal(h.reserved.length, 0)
      assert.deepEqual(h.store.deals(), [])
    } finally {
      h.ds.close()
    }
  })

  test('an accepted deal: the proposal, its signature, the transfer, the stored record and the returned CID', async () => {
    const h = harness(30)
    try {
      const imp = await addImport(h)
      const before = Date.now()
      const cid = await h.deals.startDeal(startParams(imp.root))
      await h.settle()

      assert.equal(h.dials.length, 1)
      assert.deepEqual(h.dials[0], { peer: 'peer', addrs: ['/ip4/127.0.0.1/tcp/1'], protocols: [...DEAL_PROTOCOLS] })
      assert.equal(h.params.length, 1)
      const params = h.params[0]!
      const p = params.ClientDealProposal.Proposal

      assert.ok(p.PieceCID.equals(imp.pieceCid))
      assert.equal(p.PieceSize, imp.pieceSize)
      assert.equal(p.PieceSize, 2048)
      assert.equal(p.Label, imp.root.toString())
      assert.equal(p.VerifiedDeal, false)
      assert.equal(p.Client.toString(), WALLET.toString())
      assert.equal(p.Provider.toString(), MINER.toString())
      // 100 + ceil(49 h / 30 s) = 100 + 5880
      assert.equal(p.StartEpoch, 5980)
      assert.equal(p.EndEpoch, 5980 + DURATION)
      assert.equal(p.StoragePricePerEpoch, 500_000_000n * 2048n / GiB)
      assert.equal(p.StoragePricePerEpoch, 953n)
      assert.equal(p.ProviderCollateral, 7n, 'bounds.Min when 0 is given')
      assert.equal(p.ClientCollateral, 0n)
      assert.deepEqual(h.boundsCalls, [{ size: 2048, verified: false }])
      assert.ok(verify(params.ClientDealProposal.ClientSignature, WALLET, encodeCbor(dealProposalCbor, p)), 'the client signature verifies')

      assert.equal(params.IsOffline, false)
      assert.ok(params.DealDataRoot.equals(imp.root))
      assert.equal(params.DealUUID.length, 16)
      assert.equal(params.RemoveUnsealedCopy, false, '!FastRetrieval')
      assert.equal(params.SkipIPNIAnnounce, false)
      assert.equal(params.Transfer.Type, 'http')
      assert.equal(params.Transfer.ClientID, '')
      assert.equal(params.Transfer.Size, imp.carSize)
      const tp = JSON.parse(Buffer.from(params.Transfer.Params).toString('utf8')) as { URL: string, Headers: { Authorization: string } }
      const m = /^http:\/\/127\.0\.0\.1:1234\/client\/transfer\/([0-9a-f]{32})$/.exec(tp.URL)
      assert.ok(m !== null, tp.URL)
      assert.match(tp.Headers.Authorization, /^Bearer \S+$/)
      // The URL and token are a live offer of the import's CAR.
      const offer = JSON.parse(Buffer.from(h.ds.get(`${MetadataKeys.clientTransfers.prefix}/${m[1]!}`)!).toString()) as { carPath: string, token: string }
      assert.equal(offer.carPath, imp.carPath)
      assert.equal(`Bearer ${offer.token}`, tp.Headers.Authorization)

      // Escrow: price × duration + client collateral, from the wallet to itself.
      assert.equal(h.reserved.length, 1)
      assert.equal(h.reserved[0]!.amount, 953n * BigInt(DURATION))
      assert.equal(h.reserved[0]!.wallet.toString(), WALLET.toString())
      assert.equal(h.reserved[0]!.addr.toString(), WALLET.toString())
      assert.equal(h.waited.length, 0, 'no message to wait for')

      assert.ok(cid.equals(await signedProposalCid(params.ClientDealProposal)))
      const [d, ...others] = h.store.deals()
      assert.equal(others.length, 0)
      assert.ok(d !== undefined)
      assert.equal(d.state, 3)
      assert.equal(d.message, '')
      assert.equal(d.dealId, 0)
      assert.equal(d.providerPeer, 'peer')
      assert.ok(d.proposalCid.equals(cid))
      assert.deepEqual(Buffer.from(d.uuid), Buffer.from(params.DealUUID))
      assert.ok(d.createdAt >= before && d.createdAt <= Date.now())
      assert.deepEqual(encodeCbor(dealProposalCbor, d.proposal.Proposal), encodeCbor(dealProposalCbor, p))
    } finally {
      h.ds.close()
    }
  })

  test('DealStartEpoch, ProviderCollateral, FastRetrieval false, VerifiedDeal and Data.PieceCid are taken as given', async () => {
    const h = harness(30)
    try {
      const imp = await addImport(h)
      const other = await addImport(h)
      await h.deals.startDeal(startParams(imp.root, {
        DealStartEpoch: 4321 as never,
        ProviderCollateral: 55n as never,
        FastRetrieval: false,
        VerifiedDeal: true,
        EpochPrice: (3n * GiB) as never,
        Data: { TransferType: 'graphsync', Root: imp.root, PieceCid: other.pieceCid, PieceSize: 0, RawBlockSize: 0 } as never
      }))
      await h.settle()
      const params = h.params[0]!
      const p = params.ClientDealProposal.Proposal
      assert.equal(p.StartEpoch, 4321)
      assert.equal(p.EndEpoch, 4321 + DURATION)
      assert.equal(p.ProviderCollateral, 55n)
      assert.equal(p.VerifiedDeal, true)
      assert.equal(p.StoragePricePerEpoch, 3n * 2048n)
      assert.ok(p.PieceCID.equals(other.pieceCid), 'Data.PieceCid overrides the import\'s')
      assert.equal(params.RemoveUnsealedCopy, true)
      assert.deepEqual(h.boundsCalls, [{ size: 2048, verified: true }])
    } finally {
      h.ds.close()
    }
  })

  test('the default start rounds 49 h up to whole epochs of the block delay', async () => {
    const h = harness(13)
    try {
      const imp = await addImport(h)
      await h.deals.startDeal(startParams(imp.root))
      await h.settle()
      // 176400 / 13 = 13569.2…
      assert.equal(h.params[0]!.ClientDealProposal.Proposal.StartEpoch, 100 + 13570)
    } finally {
      h.ds.close()
    }
  })

  test('the newest import of the root is offered', async () => {
    const h = harness()
    try {
      const imp = await addImport(h)
      const newer = { ...imp, carPath: join(dir, `newer-${n++}.car`), carSize: imp.carSize }
      writeFileSync(newer.carPath, 'x')
      h.store.addImport(newer)
      await h.deals.startDeal(startParams(imp.root))
      await h.settle()
      const tp = JSON.parse(Buffer.from(h.params[0]!.Transfer.Params).toString()) as { URL: string }
      const id = tp.URL.split('/').pop()!
      const offer = JSON.parse(Buffer.from(h.ds.get(`${MetadataKeys.clientTransfers.prefix}/${id}`)!).toString()) as { carPath: string }
      assert.equal(offer.carPath, newer.carPath)
    } finally {
      h.ds.close()
    }
  })

  test('a rejection: startDeal rejects with the message and the deal is stored as ProposalRejected (2)', async () => {
    const h = harness()
    try {
      const imp = await addImport(h)
      h.response = { Accepted: false, Message: 'deal rejected: not enough collateral' }
      await assert.rejects(h.deals.startDeal(startParams(imp.root)), { message: 'deal proposal rejected: deal rejected: not enough collateral' })
      await h.settle()
      const [d, ...others] = h.store.deals()
      assert.equal(others.length, 0)
      assert.equal(d!.state, 2)
      assert.equal(d!.message, 'deal rejected: not enough collateral')
      assert.ok(d!.proposalCid.equals(await signedProposalCid(h.params[0]!.ClientDealProposal)))
      // What was set aside for the refused deal is given back: the escrow reservation and the offer.
      assert.deepEqual(h.released.map((r) => r.amount), h.reserved.map((r) => r.amount))
      assert.equal([...h.ds.keys({ prefix: MetadataKeys.clientTransfers.prefix })].length, 0)
    } finally {
      h.ds.close()
    }
  })

  test('MarketReserveFunds sending a message: StateWaitMsg is awaited; exit 0 goes on', async () => {
    const h = harness()
    try {
      const imp = await addImport(h)
      const msg = (await carFile(10)).root
      h.reserveResult = msg
      await h.deals.startDeal(startParams(imp.root))
      await h.settle()
      assert.equal(h.waited.length, 1)
      assert.ok(h.waited[0]!.cid.equals(msg))
      assert.equal(h.waited[0]!.confidence, 1)
      assert.equal(h.dials.length, 1)
    } finally {
      h.ds.close()
    }
  })

  test('an escrow message that fails (exit code ≠ 0, or no lookup): an error mentioning escrow, no proposal sent', async () => {
    for (const waitResult of [{ Receipt: { ExitCode: 16 } }, null]) {
      const h = harness()
      try {
        const imp = await addImport(h)
        const msg = (await carFile(10)).root
        h.reserveResult = msg
        h.waitResult = waitResult
        await assert.rejects(h.deals.startDeal(startParams(imp.root)), (err: Error) => {
          assert.match(err.message, /escrow/)
          assert.ok(err.message.includes(msg.toString()), err.message)
          return true
        })
        assert.equal(h.waited.length, 1)
        assert.equal(h.dials.length, 0)
        assert.deepEqual(h.store.deals(), [])
      } finally {
        h.ds.close()
      }
    }
  })

  test('a miner without a peer ID: an error mentioning set-peer-id', async () => {
    const h = harness()
    try {
      const imp = await addImport(h)
      h.minerInfo = { PeerId: null, Multiaddrs: [multiaddr('/ip4/127.0.0.1/tcp/1').bytes] }
      await assert.rejects(h.deals.startDeal(startParams(imp.root)), /set-peer-id/)
      assert.equal(h.dials.length, 0)
      assert.equal(h.reserved.length, 0)
    } finally {
      h.ds.close()
    }
  })

  test('a miner without multiaddrs (empty or null): an error mentioning set-addrs', async () => {
    for (const Multiaddrs of [[], null]) {
      const h = harness()
      try {
        const imp = await addImport(h)
        h.minerInfo = { PeerId: 'peer', Multiaddrs }
        await assert.rejects(h.deals.startDeal(startParams(imp.root)), /set-addrs/)
        assert.equal(h.dials.length, 0)
      } finally {
        h.ds.close()
      }
    }
  })

  test('every chain multiaddr is handed to the dialer', async () => {
    const h = harness()
    try {
      const imp = await addImport(h)
      h.minerInfo = { PeerId: 'peer', Multiaddrs: [multiaddr('/ip4/10.0.0.1/tcp/24001').bytes, multiaddr('/dns4/sp.example/tcp/443/wss').bytes] }
      await h.deals.startDeal(startParams(imp.root))
      await h.settle()
      assert.deepEqual(h.dials[0]!.addrs, ['/ip4/10.0.0.1/tcp/24001', '/dns4/sp.example/tcp/443/wss'])
    } finally {
      h.ds.close()
    }
  })
})

describe('ClientDeals.listDeals', () => {
  function statusAnswer (h: Harness, change: { Status?: string, ChainDealID?: number, SealingStatus?: string, Error?: string, IsOffline?: boolean, providerError?: string } = {}): (req: DealStatusRequest) => DealStatusResponse {
    return (req) => {
      const d = h.store.deals().find((x) => Buffer.from(x.uuid).equals(Buffer.from(req.DealUUID)))!
      return {
        DealUUID: req.DealUUID,
        Error: change.providerError ?? '',
        IsOffline: change.IsOffline ?? false,
        DealStatus: change.providerError !== undefined
          ? null
          : {
              Error: change.Error ?? '',
              Status: change.Status ?? 'AddedPiece',
              Proposal: d.proposal.Proposal,
              PublishCid: null,
              ChainDealID: change.ChainDealID ?? 9,
              SealingStatus: change.SealingStatus ?? 'Proving',
              SignedProposalCid: d.proposalCid
            },
        TransferSize: 1000,
        NBytesReceived: 1000
      }
    }
  }

  test('no deals: an empty list and no dials', async () => {
    const h = harness()
    try {
      assert.deepEqual(await h.deals.listDeals(), [])
      assert.equal(h.dials.length, 0)
    } finally {
      h.ds.close()
    }
  })

  test('an active deal: State 7 and DealID 9 from the provider and the market actor; once final it is not asked again', async () => {
    const h = harness()
    try {
      const imp = await addImport(h)
      const cid = await h.deals.startDeal(startParams(imp.root))
      h.status = statusAnswer(h)
      const [info, ...others] = await h.deals.listDeals()
      await h.settle()
      assert.equal(others.length, 0)
      assert.ok(info !== undefined)
      assert.equal(info.State, 7)
      assert.equal(info.DealID, 9)
      assert.equal(info.Message, 'sealing: Proving')
      assert.ok(info.ProposalCid.equals(cid))
      const d = h.store.deals()[0]!
      assert.equal(info.DealUUID, Buffer.from(d.uuid).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})(.{12})$/, '$1-$2-$3-$4-$5'))
      assert.equal(info.Provider.toString(), MINER.toString())
      assert.ok(info.PieceCID.equals(imp.pieceCid))
      assert.equal(Number(info.Size), 2048)
      assert.equal(info.PricePerEpoch, 953n)
      assert.equal(info.Duration, DURATION)
      assert.equal(info.Verified, false)
      assert.equal(info.CreationTime, new Date(d.createdAt).toISOString())
      assert.deepEqual(h.marketDealCalls, [9])

      // The status request: to the provider's peer on the status protocol, signed by the client over the UUID.
      assert.equal(h.dials.length, 2)
      assert.deepEqual(h.dials[1], { peer: 'peer', addrs: ['/ip4/127.0.0.1/tcp/1'], protocols: [DEAL_STATUS_PROTOCOL] })
      const req = h.statusRequests[0]!
      assert.deepEqual(Buffer.from(req.DealUUID), Buffer.from(d.uuid))
      assert.ok(verify(req.Signature, WALLET, d.uuid))

      // Stored: the next list does not dial.
      assert.equal(d.state, 7)
      assert.equal(d.dealId, 9)
      const again = await h.deals.listDeals()
      assert.equal(again[0]!.State, 7)
      assert.equal(again[0]!.DealID, 9)
      assert.equal(h.dials.length, 2, 'a final deal is not asked again')
      assert.deepEqual(h.marketDealCalls, [9])
    } finally {
      h.ds.close()
    }
  })

  test('a deal not yet started on chain follows the checkpoint and is asked again next time', async () => {
    const h = harness()
    try {
      const imp = await addImport(h)
      await h.deals.startDeal(startParams(imp.root))
      h.onChainStart = -1
      h.status = statusAnswer(h, { Status: 'AddedPiece', ChainDealID: 9, SealingStatus: 'PreCommit1' })
      assert.equal((await h.deals.listDeals())[0]!.State, 5)
      h.status = statusAnswer(h, { Status: 'Transferred', ChainDealID: 0, SealingStatus: '' })
      const [info] = await h.deals.listDeals()
      await h.settle()
      assert.equal(info!.State, 19)
      assert.equal(info!.DealID, 0)
      assert.equal(info!.Message, '')
      assert.deepEqual(h.marketDealCalls, [9], 'no market lookup without a chain deal ID')
      assert.equal(h.dials.length, 3)
    } finally {
      h.ds.close()
    }
  })

  test('a provider error or an unreachable provider becomes the message; the state is kept', async () => {
    const h = harness()
    try {
      const imp = await addImport(h)
      await h.deals.startDeal(startParams(imp.root))
      h.status = statusAnswer(h, { providerError: 'deal not found' })
      let [info] = await h.deals.listDeals()
      assert.equal(info!.State, 3)
      assert.equal(info!.Message, 'provider: deal not found')
      h.dialError = new Error('connection refused')
      ;[info] = await h.deals.listDeals()
      assert.equal(info!.State, 3)
      assert.equal(info!.Message, 'provider unreachable: connection refused')
      assert.equal(h.store.deals()[0]!.message, 'provider unreachable: connection refused')
      await h.settle()
    } finally {
      h.ds.close()
    }
  })

  test('a completed deal with an error is final (26) with the error as message', async () => {
    const h = harness()
    try {
      const imp = await addImport(h)
      await h.deals.startDeal(startParams(imp.root))
      h.status = statusAnswer(h, { Status: 'Complete', ChainDealID: 0, Error: 'data transfer failed' })
      const [info] = await h.deals.listDeals()
      assert.equal(info!.State, 26)
      assert.equal(info!.Message, 'data transfer failed')
      await h.deals.listDeals()
      await h.settle()
      assert.equal(h.dials.length, 2)
    } finally {
      h.ds.close()
    }
  })

  test('a rejected deal is listed without asking the provider', async () => {
    const h = harness()
    try {
      const imp = await addImport(h)
      h.response = { Accepted: false, Message: 'no' }
      await assert.rejects(h.deals.startDeal(startParams(imp.root)))
      const [info] = await h.deals.listDeals()
      await h.settle()
      assert.equal(info!.State, 2)
      assert.equal(info!.Message, 'no')
      assert.equal(h.dials.length, 1)
    } finally {
      h.ds.close()
    }
  })
})

describe('ClientDeals.queryAsk', () => {
  test('dials the given peer on the ask protocol with the chain\'s addrs and returns the ask and the deal protocols', async () => {
    const h = harness()
    try {
      const worker = generateKey('secp256k1')
      const ask = { Price: 5n, VerifiedPrice: 1n, MinPieceSize: 256, MaxPieceSize: 2048, Miner: MINER, Timestamp: 42, Expiry: 1000, SeqNo: 3 } as unknown as SignedStorageAsk['Ask']
      h.ask = { Ask: ask, Signature: sign(worker, encodeCbor(storageAskCbor, ask)) }
      const got = await h.deals.queryAsk('other-peer', MINER)
      await h.settle()
      assert.deepEqual(h.dials, [{ peer: 'other-peer', addrs: ['/ip4/127.0.0.1/tcp/1'], protocols: [ASK_PROTOCOL] }])
      assert.equal(h.askRequests[0]!.toString(), MINER.toString())
      assert.equal(got.Response!.SeqNo, 3)
      assert.equal(got.Response!.Price, 5n)
      assert.deepEqual(got.DealProtocols, [...DEAL_PROTOCOLS])
    } finally {
      h.ds.close()
    }
  })

  test('no ask: Response null', async () => {
    const h = harness()
    try {
      const got = await h.deals.queryAsk('peer', MINER)
      await h.settle()
      assert.equal(got.Response, null)
    } finally {
      h.ds.close()
    }
  })
})
