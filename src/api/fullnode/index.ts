/**
 * The FullNode API (`lotus daemon`), as typed data: Lotus v1.20's wire names, permissions and
 * JSON shapes, on `/rpc/v1` ({@link FullNodeContract}) and `/rpc/v0` ({@link FullNodeV0Contract}).
 * Both include the Common methods, as Lotus's FullNode interface embeds Common and Net.
 */
import { CommonContract } from '../common.js'
import { type ApiOf, type Contract, defineContract } from '../contract.js'
import { ChainContract } from './chain.js'
import { ClientContract } from './client.js'
import { MarketContract, StateMarketContract } from './market.js'
import { GasContract, MpoolContract } from './mpool.js'
import { StateContract } from './state.js'
import { StateMinerContract } from './state-miner.js'
import { MinerBlockContract, NetContract, SyncContract } from './sync.js'
import { FullNodeV0Overrides, V1OnlyMethods } from './v0.js'
import { WalletContract } from './wallet.js'

export { ChainContract } from './chain.js'
export { ClientContract, type ClientDealInfo, type StartDealParams } from './client.js'
export { MarketContract, StateMarketContract } from './market.js'
export { GasContract, MpoolContract } from './mpool.js'
export { StateContract } from './state.js'
export { StateMinerContract } from './state-miner.js'
export { MinerBlockContract, NetContract, SyncContract } from './sync.js'
export { FullNodeV0Overrides, V1OnlyMethods } from './v0.js'
export { WalletContract } from './wallet.js'
export * as fullNodeTypes from './types/index.js'
export { renderContractDoc, type ContractDocOptions } from './docs.js'

/** `/rpc/v1`: Lotus's FullNode v1 API (Common, Net, Chain, State, Mpool, Gas, Wallet, Sync, Miner, Market). */
export const FullNodeContract = defineContract({
  ...CommonContract,
  ...NetContract,
  ...ChainContract,
  ...StateContract,
  ...StateMinerContract,
  ...StateMarketContract,
  ...MpoolContract,
  ...GasContract,
  ...WalletContract,
  ...SyncContract,
  ...MinerBlockContract,
  ...MarketContract,
  ...ClientContract
})

function without<C extends Contract, K extends keyof C & string> (contract: C, keys: readonly K[]): Omit<C, K> {
  const out: Record<string, unknown> = { ...contract }
  for (const k of keys) delete out[k]
  return out as Omit<C, K>
}

/** `/rpc/v0`: v1 with the methods whose v0 form differs replaced, and the v1-only ones left out. */
export const FullNodeV0Contract = defineContract({
  ...without(FullNodeContract, V1OnlyMethods),
  ...FullNodeV0Overrides
})

export type FullNodeApi = ApiOf<typeof FullNodeContract>
export type FullNodeV0Api = ApiOf<typeof FullNodeV0Contract>
