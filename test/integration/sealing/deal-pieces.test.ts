// Deal pieces into sectors across processes, on a devnet (daemon + `lotus-miner run` as child
// processes, 1 s epochs). With no `lotus client` yet, this test plays the client and the markets
// node: it publishes real storage deals (client-signed proposals, escrow, PublishStorageDeals from
// the miner's worker), then, from this process, hands each deal's piece bytes to the miner with
// SectorAddPieceToAny over JSON-RPC (the bytes pushed to /rpc/streams/v0/push). The pieces are
// packed, sealed and proven, and the market actor activates the deals. A piece whose bytes do
// not match its deal's PieceCID, or that is larger than declared, is refused and nothing is added.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { Readable } from 'node:stream'
import { pieceDataFromStream, type PieceDealInfo } from '../../../src/api/sealing.js'
import { parseAddress } from '../../../src/core/address/index.js'
import { decodeCbor, encodeCbor } from '../../../src/core/cbor/index.js'
import { signedMessageCid } from '../../../src/core/message/index.js'
import { pieceCommitmentOf } from '../../../src/core/piece/index.js'
import { methodNum, type ChainEpoch, type DealId, type TokenAmount } from '../../../src/core/types.js'
import { StorageMarketActorAddr } from '../../../src/chain/actors/index.js'
import {
  dealProposalCbor, MarketMethods, publishStorageDealsParamsCbor, publishStorageDealsReturnCbor, type DealProposal
} from '../../../src/chain/actors/builtin/market/types.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { startDevnet, waitFor, type Devnet } from '../../kit/devnet.js'

const provider = parseAddress('t01000')
const head = TipSetKey.empty
const FIL = (10n ** 18n) as TokenAmount
const PAYLOAD = 2032 // fills a 2 KiB sector: 2048 padded
let net: Devnet

before(async () => { net = await startDevnet({ miners: [1], blockDelay: '1s', deadlines: 4, challengeWindow: 10, preCommitChallengeDelay: 5 }) })
after(async () => { await net?.stop() })

interface PublishedDeal { id: DealId, data: Uint8Array, info: PieceDealInfo }

/** Publishes one deal per payload with the client's signatures; returns the deal IDs with their piece data. */
async function publishDeals (payloads: Uint8Array[]): Promise<PublishedDeal[]> {
  const api = net.daemon.api
  const client = parseAddress(net.funded)
  const worker = (await api.StateMinerInfo(provider, head)).Worker
  const bounds = await api.StateDealProviderCollateralBounds(2048 as never, false, head)
  for (const addr of [client, worker]) {
    const cid = await api.MarketAddBalance(addr, addr === worker ? provider : client, FIL)
    await api.StateWaitMsg(cid, 1, -1 as ChainEpoch, true)
  }
  // Past the miner's [Dealmaking] StartEpochSealingBuffer (480 epochs), as a markets node would propose.
  const start = (await api.ChainHead()).height + 600
  const proposals: DealProposal[] = payloads.map((data) => {
    const { pieceCid, pieceSize } = pieceCommitmentOf(data)
    return {
      PieceCID: pieceCid,
      PieceSize: Number(pieceSize),
      VerifiedDeal: false,
      Client: client,
      Provider: provider,
      Label: 'nelumbo itest',
      StartEpoch: start as ChainEpoch,
      // Longer than the market's minimum deal duration (180 days of epochs).
      EndEpoch: (start + 520_000) as ChainEpoch,
      StoragePricePerEpoch: 1000n as TokenAmount,
      ProviderCollateral: bounds.Min,
      ClientCollateral: 0n as TokenAmount
    }
  })
  const deals = await Promise.all(proposals.map(async (p) => ({
    Proposal: p,
    ClientSignature: await api.WalletSign(client, encodeCbor(dealProposalCbor, p))
  })))
  const smsg = await api.MpoolPushMessage({
    Version: 0,
    To: StorageMarketActorAddr,
    From: worker,
    Nonce: 0n,
    Value: 0n as TokenAmount,
    GasLimit: 0n,
    GasFeeCap: 0n as TokenAmount,
    GasPremium: 0n as TokenAmount,
    Method: methodNum(MarketMethods.PublishStorageDeals),
    Params: encodeCbor(publishStorageDealsParamsCbor, { Deals: deals })
  }, null)
  const publishCid = signedMessageCid(smsg)
  const lookup = await api.StateWaitMsg(publishCid, 1, -1 as ChainEpoch, true)
  assert.ok(lookup !== null)
  assert.equal(lookup.Receipt.ExitCode, 0, 'PublishStorageDeals succeeded')
  const ret = decodeCbor(publishStorageDealsReturnCbor, lookup.Receipt.Return ?? new Uint8Array(0), 'PublishStorageDeals return')
  assert.equal(ret.IDs.length, payloads.length)
  return ret.IDs.map((id, i) => ({
    id,
    data: payloads[i]!,
    info: {
      PublishCid: publishCid,
      DealID: id,
      DealProposal: { ...proposals[i]!, PieceSize: proposals[i]!.PieceSize as never, Label: 'nelumbo itest' },
      DealSchedule: { StartEpoch: proposals[i]!.StartEpoch, EndEpoch: proposals[i]!.EndEpoch },
      KeepUnsealed: true
    }
  }))
}

describe('deal pieces from another process', () => {
  let deals: PublishedDeal[] = []

  test('published deals are refused when the bytes do not match or run over', async () => {
    deals = await publishDeals([randomBytes(PAYLOAD), randomBytes(PAYLOAD)])
    const miner = net.miners[0]!.api
    const d = deals[0]!
    await assert.rejects(miner.SectorAddPieceToAny(PAYLOAD, pieceDataFromStream(Readable.from([randomBytes(PAYLOAD)])), d.info),
      (err: Error) => err.message.includes(d.info.DealProposal!.PieceCID.toString()))
    await assert.rejects(miner.SectorAddPieceToAny(PAYLOAD, pieceDataFromStream(Readable.from([d.data, randomBytes(64)])), d.info))
    assert.deepEqual(await miner.SectorsListInStates(['WaitDeals', 'AddPiece', 'Packing']), [], 'nothing half-added')
  })

  test('the pieces are packed, sealed and proven, and the deals activated', async () => {
    const miner = net.miners[0]!.api
    const placed = await Promise.all(deals.map(async (d) => await miner.SectorAddPieceToAny(PAYLOAD, pieceDataFromStream(Readable.from([d.data])), d.info)))
    const sectors = placed.map((p) => Number(p.Sector))
    assert.equal(new Set(sectors).size, 2, 'a 2 KiB sector holds one 2 KiB piece')
    for (const p of placed) assert.equal(Number(p.Offset), 0)

    await waitFor(async () => {
      const states = await Promise.all(sectors.map(async (n) => (await miner.SectorsStatus(n as never, false)).State))
      return states.every((s) => s === 'Proving')
    }, 'the deal sectors Proving', 120_000, 500)
    for (const [i, d] of deals.entries()) {
      const onChain = await net.daemon.api.StateSectorGetInfo(provider, sectors[i] as never, head)
      assert.deepEqual(onChain?.DealIDs.map(Number), [Number(d.id)], `sector ${sectors[i]} carries deal ${d.id}`)
      const deal = await net.daemon.api.StateMarketStorageDeal(d.id, head)
      assert.ok(deal.State.SectorStartEpoch > 0, `deal ${d.id} activated`)
    }
    const list = await net.cli('lotus-miner', ['sectors', 'list'])
    for (const n of sectors) assert.match(list, new RegExp(`\\n${n}\\s+Proving\\s+YES\\s+\\S+\\s+\\S+ \\(in [^)]+\\)\\s+1\\s+2KiB`))
  })
})
