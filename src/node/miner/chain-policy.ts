/**
 * The actors' policy of the chain this miner works on. Lotus compiles it into each build (`make
 * 2k`); our devnet takes it from its genesis template, so the miner reads it from the full node
 * (StateGetNetworkParams for the PreCommit challenge delay and seal proofs, the miner's proving
 * deadline for the Window PoSt periods) and derives the rest as the daemon does. A miner using
 * other numbers than its actors would wait for the wrong seed epoch and fail every ProveCommit.
 */
import type { FullNodeApi } from '../../api/fullnode/index.js'
import type { Address } from '../../core/address/index.js'
import { sealProofSectorSize, type RegisteredSealProof } from '../../core/sector/index.js'
import { devnetPolicy, type NetworkPolicy } from '../../chain/actors/policy.js'
import { DEFAULT_NETWORK_PARAMS } from '../../chain/genesis/network-params.js'
import { policyFromNetworkParams } from '../../chain/genesis/policy.js'
import { TipSetKey } from '../../chain/types/index.js'

export async function chainPolicy (full: Pick<FullNodeApi, 'StateGetNetworkParams' | 'StateMinerProvingDeadline'>, miner: Address): Promise<NetworkPolicy> {
  const params = await full.StateGetNetworkParams()
  const di = await full.StateMinerProvingDeadline(miner, TipSetKey.empty)
  return policyFromNetworkParams({
    ...DEFAULT_NETWORK_PARAMS,
    BlockDelayMs: params.BlockDelaySecs * 1000,
    SupportedSectorSizes: params.SupportedProofTypes.map((p) => sealProofSectorSize(p as RegisteredSealProof)),
    WPoStProvingPeriod: di.WPoStProvingPeriod,
    WPoStPeriodDeadlines: di.WPoStPeriodDeadlines,
    WPoStChallengeWindow: di.WPoStChallengeWindow,
    PreCommitChallengeDelay: params.PreCommitChallengeDelay,
    ConsensusMinerMinPower: params.ConsensusMinerMinPower
  }, devnetPolicy, `full node network params (${params.NetworkName})`)
}
