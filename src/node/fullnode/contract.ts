/**
 * The part of Lotus's FullNode API this node serves: everything but the storage actors' State*
 * readers and the market methods (`StateMiner*`, `StateMarket*`, `Market*`), which join when
 * those actors land. A client calling one of them gets JSON-RPC's "method not found".
 */
import { CommonContract, defineContract } from '../../api/index.js'
import {
  ChainContract, FullNodeV0Overrides, GasContract, MinerBlockContract, MpoolContract, NetContract, StateContract, SyncContract,
  V1OnlyMethods, WalletContract
} from '../../api/fullnode/index.js'

export const ServedFullNodeContract = defineContract({
  ...CommonContract,
  ...NetContract,
  ...ChainContract,
  ...StateContract,
  ...MpoolContract,
  ...GasContract,
  ...WalletContract,
  ...SyncContract,
  ...MinerBlockContract
})

const { StateSectorPreCommitInfo: _minerOnly, ...v0Overrides } = FullNodeV0Overrides
const { StateGetBeaconEntry: _v1a, ChainGetTipSetAfterHeight: _v1b, ...v1Shared } = ServedFullNodeContract
void _minerOnly
void _v1a
void _v1b
void V1OnlyMethods

export const ServedFullNodeV0Contract = defineContract({ ...v1Shared, ...v0Overrides })
