// Each method's wire name and permission, checked against Lotus's own permission list for it.
// The tables below were extracted from filecoin-project/lotus v1.20.0
// documentation/en/api-v1-unstable-methods.md and api-v0-methods.md (the `Perms:` line of each
// method, which Lotus generates from its `//perm:` tags); a change of permission needs an edit here.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { FullNodeContract, FullNodeV0Contract } from '../../../src/api/fullnode/index.js'
import type { Contract } from '../../../src/api/contract.js'
import type { Permission } from '../../../src/api/permission.js'

const lotusV1Perms: Record<Permission, string[]> = {
  read: [
    'ClientQueryAsk',
    'AuthVerify', 'ChainGetBlock', 'ChainGetBlockMessages', 'ChainGetGenesis', 'ChainGetMessage',
    'ChainGetMessagesInTipset', 'ChainGetParentMessages', 'ChainGetParentReceipts', 'ChainGetTipSet',
    'ChainGetTipSetAfterHeight', 'ChainGetTipSetByHeight', 'ChainHasObj', 'ChainHead', 'ChainNotify', 'ChainReadObj',
    'ChainTipSetWeight', 'Closing', 'Discover', 'GasEstimateFeeCap', 'GasEstimateGasLimit', 'GasEstimateGasPremium',
    'GasEstimateMessageGas', 'MinerGetBaseInfo', 'MpoolGetNonce', 'MpoolPending', 'NetAddrsListen', 'NetPeers',
    'Session', 'StartTime', 'StateAccountKey', 'StateCall', 'StateDealProviderCollateralBounds', 'StateGetActor',
    'StateGetBeaconEntry', 'StateGetNetworkParams', 'StateGetRandomnessFromBeacon', 'StateGetRandomnessFromTickets', 'StateListActors',
    'StateListMiners', 'StateLookupID', 'StateMarketBalance', 'StateMarketDeals', 'StateMarketParticipants',
    'StateMarketStorageDeal', 'StateMinerActiveSectors', 'StateMinerAvailableBalance', 'StateMinerDeadlines',
    'StateMinerFaults', 'StateMinerInfo', 'StateMinerInitialPledgeCollateral', 'StateMinerPartitions',
    'StateMinerPower', 'StateMinerPreCommitDepositForPower', 'StateMinerProvingDeadline', 'StateMinerRecoveries',
    'StateMinerSectorAllocated', 'StateMinerSectorCount', 'StateMinerSectors', 'StateNetworkName',
    'StateNetworkVersion', 'StateReadState', 'StateSearchMsg', 'StateSectorGetInfo', 'StateSectorPartition',
    'StateSectorPreCommitInfo', 'StateVerifiedClientStatus', 'StateVerifierStatus', 'StateWaitMsg', 'SyncState',
    'Version', 'WalletBalance', 'WalletVerify'
  ],
  write: [
    'ClientListDeals',
    'LogList', 'LogSetLevel', 'MinerCreateBlock', 'MpoolPush', 'SyncSubmitBlock', 'WalletDefaultAddress', 'WalletHas',
    'WalletList', 'WalletNew', 'WalletSetDefault'
  ],
  sign: [
    'MarketAddBalance', 'MarketGetReserved', 'MarketReleaseFunds', 'MarketReserveFunds', 'MarketWithdraw',
    'MpoolPushMessage', 'WalletSign', 'WalletSignMessage'
  ],
  admin: [
    'ClientImport',
    'ClientStartDeal',
    'AuthNew', 'LogAlerts', 'Shutdown', 'WalletDelete', 'WalletExport', 'WalletImport'
  ]
}

const lotusV0Perms: Record<Permission, string[]> = {
  read: [
    'ClientQueryAsk',
    'AuthVerify', 'BeaconGetEntry', 'ChainGetBlock', 'ChainGetBlockMessages', 'ChainGetGenesis', 'ChainGetMessage',
    'ChainGetMessagesInTipset', 'ChainGetParentMessages', 'ChainGetParentReceipts', 'ChainGetRandomnessFromBeacon',
    'ChainGetRandomnessFromTickets', 'ChainGetTipSet', 'ChainGetTipSetByHeight', 'ChainHasObj', 'ChainHead',
    'ChainNotify', 'ChainReadObj', 'ChainTipSetWeight', 'Closing', 'Discover', 'GasEstimateFeeCap',
    'GasEstimateGasLimit', 'GasEstimateGasPremium', 'GasEstimateMessageGas', 'MinerGetBaseInfo', 'MpoolGetNonce',
    'MpoolPending', 'NetAddrsListen', 'NetPeers', 'Session', 'StartTime', 'StateAccountKey', 'StateCall',
    'StateDealProviderCollateralBounds', 'StateGetActor', 'StateGetNetworkParams', 'StateGetRandomnessFromBeacon',
    'StateGetRandomnessFromTickets', 'StateListActors', 'StateListMiners', 'StateLookupID', 'StateMarketBalance',
    'StateMarketDeals', 'StateMarketParticipants', 'StateMarketStorageDeal', 'StateMinerActiveSectors',
    'StateMinerAvailableBalance', 'StateMinerDeadlines', 'StateMinerFaults', 'StateMinerInfo',
    'StateMinerInitialPledgeCollateral', 'StateMinerPartitions', 'StateMinerPower',
    'StateMinerPreCommitDepositForPower', 'StateMinerProvingDeadline', 'StateMinerRecoveries',
    'StateMinerSectorAllocated', 'StateMinerSectorCount', 'StateMinerSectors', 'StateNetworkName',
    'StateNetworkVersion', 'StateReadState', 'StateSearchMsg', 'StateSearchMsgLimited', 'StateSectorGetInfo',
    'StateSectorPartition', 'StateSectorPreCommitInfo', 'StateVerifiedClientStatus', 'StateVerifierStatus',
    'StateWaitMsg', 'StateWaitMsgLimited', 'SyncState', 'Version', 'WalletBalance', 'WalletVerify'
  ],
  write: [
    'ClientListDeals',
    'LogList', 'LogSetLevel', 'MinerCreateBlock', 'MpoolPush', 'SyncSubmitBlock', 'WalletDefaultAddress', 'WalletHas',
    'WalletList', 'WalletNew', 'WalletSetDefault'
  ],
  sign: [
    'MarketAddBalance', 'MarketGetReserved', 'MarketReleaseFunds', 'MarketReserveFunds', 'MarketWithdraw',
    'MpoolPushMessage', 'WalletSign', 'WalletSignMessage'
  ],
  admin: [
    'ClientImport',
    'ClientStartDeal',
    'AuthNew', 'LogAlerts', 'Shutdown', 'WalletDelete', 'WalletExport', 'WalletImport'
  ]
}

function permsOf (contract: Contract): Record<string, string> {
  return Object.fromEntries(Object.entries(contract).map(([k, d]) => [k, d.perm]))
}

/**
 * Client methods served after the example file was extracted; their permissions above are the
 * `//perm:` tags of Lotus v1.20 api/api_full.go (ClientImport and ClientStartDeal admin,
 * ClientListDeals write, ClientQueryAsk read).
 */
const NOT_IN_EXAMPLE_FILE = ['ClientImport', 'ClientStartDeal', 'ClientListDeals', 'ClientQueryAsk']

function flatten (table: Record<Permission, string[]>): Record<string, string> {
  return Object.fromEntries(Object.entries(table).flatMap(([perm, names]) => names.map((n) => [n, perm])))
}

describe('FullNode permissions match Lotus v1.20', () => {
  test('v1', () => {
    assert.deepEqual(permsOf(FullNodeContract), flatten(lotusV1Perms))
  })

  test('v0', () => {
    assert.deepEqual(permsOf(FullNodeV0Contract), flatten(lotusV0Perms))
  })

  test('wire names are Filecoin.<Method>', () => {
    for (const contract of [FullNodeContract, FullNodeV0Contract] as Contract[]) {
      for (const [key, def] of Object.entries(contract)) assert.equal(def.name, `Filecoin.${key}`)
    }
  })

  test('the v1.20 example file agrees with these tables', async () => {
    const { lotusExamples } = await import('./examples.js')
    for (const [version, table] of [['v1', lotusV1Perms], ['v0', lotusV0Perms]] as const) {
      const fromDocs = Object.fromEntries(Object.entries(lotusExamples[version]).map(([k, ex]) => [k, ex.perm]))
      const expected = Object.fromEntries(Object.entries(flatten(table)).filter(([k]) => !NOT_IN_EXAMPLE_FILE.includes(k)))
      assert.deepEqual(fromDocs, expected)
    }
  })
})
