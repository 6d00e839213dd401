/**
 * The FullNode API implementation, assembled from its method groups. Each group takes only the
 * services it uses; `fullNodeApi` joins them into the v1 API and `fullNodeApiV0` swaps in the v0
 * forms of the methods whose parameters changed between the two versions.
 */
import { NelumboError } from '../../../core/errors.js'
import { chainApi, type ChainApiDeps } from './chain.js'
import { marketFundsApi, type MarketFundsDeps } from './market-funds.js'
import { minerStateApi, type MinerStateApiDeps } from './miner-state.js'
import { mpoolApi, type MpoolApiDeps } from './mpool.js'
import { stateApi, stateApiV0, type StateApiDeps } from './state.js'
import { storageStateApi, type StorageStateApiDeps } from './storage-state.js'
import { netApi, syncApi, type SyncApiDeps } from './sync.js'
import { walletApi, type WalletApiDeps } from './wallet.js'

export { ObjectNotFoundError } from './chain.js'
export { DealNotFoundError } from './storage-state.js'
export { NotAMinerError } from './miner-state.js'
export type { AddrInfo } from './sync.js'

export type FullNodeApiDeps = ChainApiDeps & StateApiDeps & StorageStateApiDeps & MinerStateApiDeps & MpoolApiDeps & MarketFundsDeps & WalletApiDeps & SyncApiDeps

export function fullNodeApi (deps: FullNodeApiDeps) {
  return {
    ...chainApi(deps),
    ...stateApi(deps),
    ...storageStateApi(deps),
    ...minerStateApi(deps),
    ...mpoolApi(deps),
    ...marketFundsApi(deps),
    ...walletApi(deps),
    ...syncApi(deps),
    ...netApi()
  }
}

export type FullNodeApiImpl = ReturnType<typeof fullNodeApi>

export function fullNodeApiV0 (v1: FullNodeApiImpl) {
  return {
    ...v1,
    ...stateApiV0(v1),
    // v0 answers a sector with no pre-commit with an error rather than null (Lotus's v0 wrapper text).
    StateSectorPreCommitInfo: async (...args: Parameters<FullNodeApiImpl['StateSectorPreCommitInfo']>) => {
      const pci = await v1.StateSectorPreCommitInfo(...args)
      if (pci === null) throw new NelumboError('ERR_PRECOMMIT_NOT_FOUND', 'precommit info is not exists')
      return pci
    }
  }
}
