// Every FullNode method's params and result survive decode → encode and match the JSON Lotus
// prints (its generated API docs). `Record<keyof typeof Contract, Case>` makes a method added
// without a case a compile error.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { type FullNodeApi, FullNodeContract, FullNodeV0Contract, FullNodeV0Overrides } from '../../../src/api/fullnode/index.js'
import { type Codec, lj } from '../../../src/api/index.js'
import { typeNameOf } from '../../../src/api/fullnode/types/named.js'
import type { MethodDef } from '../../../src/api/contract.js'
import { chainEpoch } from '../../../src/core/types.js'
import { lotusExample } from './examples.js'
import { ownCases, type Case } from './own-cases.js'

/** The Lotus example, as is, for a method whose shapes we match exactly. */
function lotus (method: string, version: 'v0' | 'v1' = 'v1'): Case {
  const ex = lotusExample(version, method)
  return { params: ex.params, result: ex.result, source: `lotus v1.20.0 ${version} docs` }
}

const exampleCid = 'bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4'
const examplePieceCid = 'baga6ea4seaqjoutusj33a5i3z6yls2ubhmpghgg42cmttjisal2twpiku4uuwcq'

const v1Cases: Record<keyof typeof FullNodeContract, Case> = {
  AuthVerify: lotus('AuthVerify'),
  AuthNew: lotus('AuthNew'),
  LogList: lotus('LogList'),
  LogSetLevel: lotus('LogSetLevel'),
  LogAlerts: ownCases.LogAlerts,
  Version: lotus('Version'),
  Discover: lotus('Discover'),
  Shutdown: lotus('Shutdown'),
  StartTime: ownCases.StartTime,
  Session: lotus('Session'),
  Closing: lotus('Closing'),
  NetAddrsListen: lotus('NetAddrsListen'),
  NetPeers: lotus('NetPeers'),
  ChainNotify: ownCases.ChainNotify,
  ChainHead: ownCases.ChainHead,
  ChainGetBlock: lotus('ChainGetBlock'),
  ChainGetTipSet: ownCases.ChainGetTipSet,
  ChainGetBlockMessages: lotus('ChainGetBlockMessages'),
  ChainGetParentReceipts: lotus('ChainGetParentReceipts'),
  ChainGetParentMessages: lotus('ChainGetParentMessages'),
  ChainGetMessagesInTipset: lotus('ChainGetMessagesInTipset'),
  ChainGetTipSetByHeight: ownCases.ChainGetTipSetByHeight,
  ChainGetTipSetAfterHeight: ownCases.ChainGetTipSetAfterHeight,
  ChainReadObj: lotus('ChainReadObj'),
  ChainHasObj: lotus('ChainHasObj'),
  ChainGetGenesis: ownCases.ChainGetGenesis,
  ChainTipSetWeight: lotus('ChainTipSetWeight'),
  ChainGetMessage: lotus('ChainGetMessage'),
  StateCall: lotus('StateCall'),
  StateReadState: lotus('StateReadState'),
  StateListActors: lotus('StateListActors'),
  StateNetworkName: lotus('StateNetworkName'),
  StateGetActor: ownCases.StateGetActor,
  StateLookupID: lotus('StateLookupID'),
  StateAccountKey: lotus('StateAccountKey'),
  StateSearchMsg: lotus('StateSearchMsg'),
  StateWaitMsg: lotus('StateWaitMsg'),
  StateGetNetworkParams: lotus('StateGetNetworkParams'),
  StateNetworkVersion: lotus('StateNetworkVersion'),
  StateGetRandomnessFromTickets: lotus('StateGetRandomnessFromTickets'),
  StateGetRandomnessFromBeacon: lotus('StateGetRandomnessFromBeacon'),
  StateGetBeaconEntry: lotus('StateGetBeaconEntry'),
  StateMinerSectors: lotus('StateMinerSectors'),
  StateMinerActiveSectors: lotus('StateMinerActiveSectors'),
  StateMinerProvingDeadline: lotus('StateMinerProvingDeadline'),
  StateMinerPower: lotus('StateMinerPower'),
  StateMinerInfo: ownCases.StateMinerInfo,
  StateMinerDeadlines: lotus('StateMinerDeadlines'),
  StateMinerPartitions: lotus('StateMinerPartitions'),
  StateMinerFaults: lotus('StateMinerFaults'),
  StateMinerRecoveries: lotus('StateMinerRecoveries'),
  StateMinerPreCommitDepositForPower: lotus('StateMinerPreCommitDepositForPower'),
  StateMinerInitialPledgeCollateral: lotus('StateMinerInitialPledgeCollateral'),
  StateMinerAvailableBalance: lotus('StateMinerAvailableBalance'),
  StateMinerSectorAllocated: lotus('StateMinerSectorAllocated'),
  StateMinerSectorCount: lotus('StateMinerSectorCount'),
  StateSectorPreCommitInfo: lotus('StateSectorPreCommitInfo'),
  StateSectorGetInfo: lotus('StateSectorGetInfo'),
  StateSectorPartition: lotus('StateSectorPartition'),
  StateListMiners: lotus('StateListMiners'),
  StateMarketBalance: lotus('StateMarketBalance'),
  StateMarketParticipants: lotus('StateMarketParticipants'),
  StateMarketDeals: lotus('StateMarketDeals'),
  StateMarketStorageDeal: lotus('StateMarketStorageDeal'),
  StateDealProviderCollateralBounds: lotus('StateDealProviderCollateralBounds'),
  StateVerifiedClientStatus: lotus('StateVerifiedClientStatus'),
  StateVerifierStatus: lotus('StateVerifierStatus'),
  MpoolPending: lotus('MpoolPending'),
  MpoolPush: lotus('MpoolPush'),
  MpoolPushMessage: lotus('MpoolPushMessage'),
  MpoolGetNonce: lotus('MpoolGetNonce'),
  GasEstimateFeeCap: lotus('GasEstimateFeeCap'),
  GasEstimateGasLimit: lotus('GasEstimateGasLimit'),
  GasEstimateGasPremium: lotus('GasEstimateGasPremium'),
  GasEstimateMessageGas: lotus('GasEstimateMessageGas'),
  WalletNew: lotus('WalletNew'),
  WalletHas: lotus('WalletHas'),
  WalletList: lotus('WalletList'),
  WalletBalance: lotus('WalletBalance'),
  WalletSign: lotus('WalletSign'),
  WalletSignMessage: lotus('WalletSignMessage'),
  WalletVerify: lotus('WalletVerify'),
  WalletDefaultAddress: lotus('WalletDefaultAddress'),
  WalletSetDefault: lotus('WalletSetDefault'),
  WalletExport: lotus('WalletExport'),
  WalletImport: lotus('WalletImport'),
  WalletDelete: lotus('WalletDelete'),
  SyncState: ownCases.SyncState,
  SyncSubmitBlock: lotus('SyncSubmitBlock'),
  MinerGetBaseInfo: lotus('MinerGetBaseInfo'),
  MinerCreateBlock: lotus('MinerCreateBlock'),
  MarketAddBalance: lotus('MarketAddBalance'),
  MarketGetReserved: lotus('MarketGetReserved'),
  MarketReserveFunds: lotus('MarketReserveFunds'),
  MarketReleaseFunds: lotus('MarketReleaseFunds'),
  MarketWithdraw: lotus('MarketWithdraw'),
  ClientImport: { params: [{ Path: '/data/photo.jpg', IsCAR: false }], result: { Root: { '/': exampleCid }, ImportID: 50 }, source: 'api.FileRef / api.ImportRes (Lotus v1.20 field names)' },
  ClientStartDeal: {
    params: [{
      Data: { TransferType: 'manual', Root: { '/': exampleCid }, PieceCid: null, PieceSize: 0, RawBlockSize: 0 },
      Wallet: 'f01234', Miner: 'f01000', EpochPrice: '500000000', MinBlocksDuration: 518400, ProviderCollateral: '0', DealStartEpoch: -1, FastRetrieval: true, VerifiedDeal: false
    }],
    result: { '/': exampleCid },
    source: 'api.StartDealParams (Lotus v1.20 field names)'
  },
  ClientListDeals: {
    params: [],
    result: [{
      ProposalCid: { '/': exampleCid }, DealUUID: '07070707-0707-0707-0707-070707070707', State: 7, Message: 'sealing: Proving', Provider: 'f01000',
      PieceCID: { '/': examplePieceCid }, Size: 2048, PricePerEpoch: '1000', Duration: 518400, DealID: 5432, CreationTime: '2026-12-06T20:00:00.000Z', Verified: false
    }],
    source: "the part of Lotus's api.DealInfo this client fills, plus the deal UUID"
  },
  ClientQueryAsk: {
    params: ['12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf', 'f01000'],
    result: {
      Response: { Price: '50000000', VerifiedPrice: '5000000', MinPieceSize: 256, MaxPieceSize: 2048, Miner: 'f01000', Timestamp: 10101, Expiry: 1010101, SeqNo: 0 },
      DealProtocols: ['/fil/storage/mk/1.2.1', '/fil/storage/mk/1.2.0']
    },
    source: 'api.StorageAsk (v1): the ask and the provider\'s deal protocols'
  }
}

const v0OverrideCases: Record<keyof typeof FullNodeV0Overrides, Case> = {
  StateSearchMsg: lotus('StateSearchMsg', 'v0'),
  StateSearchMsgLimited: lotus('StateSearchMsgLimited', 'v0'),
  StateWaitMsg: lotus('StateWaitMsg', 'v0'),
  StateWaitMsgLimited: lotus('StateWaitMsgLimited', 'v0'),
  ChainGetRandomnessFromTickets: lotus('ChainGetRandomnessFromTickets', 'v0'),
  ChainGetRandomnessFromBeacon: lotus('ChainGetRandomnessFromBeacon', 'v0'),
  BeaconGetEntry: lotus('BeaconGetEntry', 'v0'),
  StateSectorPreCommitInfo: lotus('StateSectorPreCommitInfo', 'v0'),
  ClientQueryAsk: {
    params: ['12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf', 'f01000'],
    result: { Price: '50000000', VerifiedPrice: '5000000', MinPieceSize: 256, MaxPieceSize: 2048, Miner: 'f01000', Timestamp: 10101, Expiry: 1010101, SeqNo: 0 },
    source: 'storagemarket.StorageAsk (v0 returns the ask itself)'
  }
}

/** decode → encode gives the JSON back, and encode(decode(json)) decodes to the same value. */
function roundTrip (codec: Codec<unknown>, json: unknown, path: string): void {
  const value = codec.fromJson(json, path)
  const again = codec.toJson(value)
  assert.deepEqual(codec.fromJson(again, path), value, `${path}: value changed on a second round trip`)
  assert.deepEqual(JSON.parse(JSON.stringify(again) ?? 'null'), json, `${path}: JSON differs from Lotus's`)
}

function checkCase (name: string, def: MethodDef, c: Case): void {
  const params = def.params as unknown as ReadonlyArray<Codec<unknown>>
  assert.equal(c.params.length, params.length, `${name}: example has ${c.params.length} params, contract ${params.length}`)
  params.forEach((codec, i) => roundTrip(codec, c.params[i], `${name} params[${i}]`))
  const result = def.result as Codec<unknown>
  if (!def.channel && (def.result === lj.none || typeNameOf(def.result) === 'error')) {
    // Methods that return only an error: Lotus's docs show `{}`, the wire carries no result.
    assert.deepEqual(c.result, {}, `${name}: Lotus shows {} for an error-only method`)
    assert.equal(result.fromJson(undefined, `${name} result`), undefined)
    return
  }
  roundTrip(result, c.result, `${name} result`)
}

describe('FullNode v1 round trips against Lotus example JSON', () => {
  for (const [name, c] of Object.entries(v1Cases)) {
    test(`${name} (${c.source})`, () => {
      checkCase(name, FullNodeContract[name as keyof typeof FullNodeContract], c)
    })
  }
})

describe('FullNode v0 forms', () => {
  for (const [name, c] of Object.entries(v0OverrideCases)) {
    test(`${name} (${c.source})`, () => {
      checkCase(name, FullNodeV0Contract[name as keyof typeof FullNodeV0Overrides], c)
    })
  }

  test('TipSetKey params take null or [] for the head, as Lotus does', () => {
    for (const json of [null, []]) {
      const key = FullNodeContract.ChainGetTipSet.params[0].fromJson(json, 'params[0]')
      assert.ok(key.isEmpty)
    }
  })

  test('v0 lacks the v1-only methods and keeps the rest of v1', () => {
    assert.ok(!('StateGetBeaconEntry' in FullNodeV0Contract))
    assert.ok(!('ChainGetTipSetAfterHeight' in FullNodeV0Contract))
    assert.equal(FullNodeV0Contract.ChainHead, FullNodeContract.ChainHead)
    assert.equal(FullNodeV0Contract.StateWaitMsg.params.length, 2)
    assert.equal(FullNodeContract.StateWaitMsg.params.length, 4)
  })
})

describe('FullNodeApi types', () => {
  test('a narrow dependency is a Pick of the API, typed from the contract', async () => {
    const deps: Pick<FullNodeApi, 'StateWaitMsg' | 'MpoolGetNonce'> = {
      StateWaitMsg: async (_cid, confidence, limit, allowReplaced) => {
        assert.equal(typeof confidence + typeof limit + typeof allowReplaced, 'numbernumberboolean')
        return null
      },
      MpoolGetNonce: async () => 7
    }
    const cid = FullNodeContract.ChainHasObj.params[0].fromJson({ '/': 'bafy2bzacea3wsdh6y3a36tb3skempjoxqpuyompjbmfeyf34fi3uy6uue42v4' }, 'cid')
    assert.equal(await deps.StateWaitMsg(cid, 5, chainEpoch(-1), true), null)
    assert.equal(await deps.MpoolGetNonce(FullNodeContract.MpoolGetNonce.params[0].fromJson('f01000', 'addr')), 7)
  })
})
