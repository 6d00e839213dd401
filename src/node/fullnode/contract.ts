/**
 * The part of Lotus's FullNode API this node serves: everything but the miner actor's State*
 * readers (`StateMiner*` beyond power, `StateSector*`) and the deal collateral bounds, which
 * join when the miner actor and its readers land. A client calling one
 * of them gets JSON-RPC's "method not found".
 */
import { CommonContract, defineContract } from '../../api/index.js'
import {
  ChainContract, FullNodeV0Overrides, GasContract, MarketContract, MinerBlockContract, MpoolContract, NetContract, StateContract,
  StateMarketContract, StateMinerContract, SyncContract, V1OnlyMethods, WalletContract
} from '../../api/fullnode/index.js'

const { StateMinerPower, StateListMiners } = StateMinerContract
const {
  StateMarketBalance, StateMarketParticipants, StateMarketDeals, StateMarketStorageDeal, StateVerifiedClientStatus, StateVerifierStatus
} = StateMarketContract

export const ServedFullNodeContract = defineContract({
  ...CommonContract,
  ...NetContract,
  ...ChainContract,
  ...StateContract,
  ...MpoolContract,
  ...GasContract,
  ...WalletContract,
  ...SyncContract,
  ...MinerBlockContract,
  ...MarketContract,
  StateMinerPower,
  StateListMiners,
  StateMarketBalance,
  StateMarketParticipants,
  StateMarketDeals,
  StateMarketStorageDeal,
  StateVerifiedClientStatus,
  StateVerifierStatus
})

const { StateSectorPreCommitInfo: _minerOnly, ...v0Overrides } = FullNodeV0Overrides
const { StateGetBeaconEntry: _v1a, ChainGetTipSetAfterHeight: _v1b, ...v1Shared } = ServedFullNodeContract
void _minerOnly
void _v1a
void _v1b
void V1OnlyMethods

export const ServedFullNodeV0Contract = defineContract({ ...v1Shared, ...v0Overrides })
