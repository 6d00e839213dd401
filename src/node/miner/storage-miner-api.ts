/**
 * The StorageMiner-only methods (`StorageMinerContract`): the actor this node runs, its sector
 * size, the `[Addresses]` it sends from, the mining base, the running subsystems, its sealing
 * worker and the sector-file check behind `proving check`.
 */
import type { FullNodeApi } from '../../api/fullnode/index.js'
import type { MinerSubsystem, ProvableReport, StorageMinerApi, WorkerStats } from '../../api/miner.js'
import type { SectorRef } from '../../api/sealing.js'
import { type Address, parseAddress } from '../../core/address/index.js'
import type { MinerConfig } from '../../repo/index.js'
import { TipSetKey, type TipSet } from '../../chain/types/index.js'

export interface StorageMinerApiDeps {
  miner: Address
  /** The miner's sector size (from chain, or its sealing records). */
  sectorSize: number
  full: Pick<FullNodeApi, 'ChainHead' | 'StateMinerInfo'>
  config: () => Pick<MinerConfig, 'Addresses'>
  subsystems: readonly MinerSubsystem[]
  /** The mining subsystem's base, when it runs; the head otherwise. */
  miningBase?: () => Promise<TipSet>
  /** CheckProvable over this node's storage paths (src/mining check-provable). */
  checkProvable: (pp: number, sectors: SectorRef[], expensive: boolean) => Promise<ProvableReport>
  /** The sealing workers (worker-stats.ts: this node's own). */
  workerStats: () => Promise<Record<string, WorkerStats>>
}

export function storageMinerApi (deps: StorageMinerApiDeps): StorageMinerApi {
  const addrs = (list: readonly string[], key: string): Address[] => list.map((a, i) => parseAddress(a, `config.toml [Addresses] ${key}[${i}]`))
  return {
    ActorAddress: async () => deps.miner,
    ActorSectorSize: async (addr) => {
      if (addr.equals(deps.miner)) return deps.sectorSize
      const info = await deps.full.StateMinerInfo(addr, TipSetKey.empty)
      return info.SectorSize
    },
    ActorAddressConfig: async () => {
      const a = deps.config().Addresses
      return {
        PreCommitControl: addrs(a.PreCommitControl, 'PreCommitControl'),
        CommitControl: addrs(a.CommitControl, 'CommitControl'),
        TerminateControl: addrs(a.TerminateControl, 'TerminateControl'),
        DealPublishControl: addrs(a.DealPublishControl, 'DealPublishControl'),
        DisableOwnerFallback: a.DisableOwnerFallback,
        DisableWorkerFallback: a.DisableWorkerFallback
      }
    },
    MiningBase: async () => await (deps.miningBase?.() ?? deps.full.ChainHead()),
    CheckProvable: async (pp, sectors, expensive) => await deps.checkProvable(pp, sectors, expensive),
    WorkerStats: async () => await deps.workerStats(),
    RuntimeSubsystems: async () => [...deps.subsystems]
  }
}
