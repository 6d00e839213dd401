/**
 * The StorageMiner-only methods (`StorageMinerContract`): the actor this node runs, its sector
 * size, the `[Addresses]` it sends from, the mining base, the running subsystems, its sealing
 * worker, the sector-file check behind `proving check`, and balance withdrawal (`actor withdraw`) and metadata backups
 * (`backup`).
 */
import type { FullNodeApi } from '../../api/fullnode/index.js'
import type { MinerSubsystem, ProvableReport, StorageMinerApi, WorkerStats } from '../../api/miner.js'
import type { SectorRef } from '../../api/sealing.js'
import { type Address, parseAddress } from '../../core/address/index.js'
import { encodeCbor } from '../../core/cbor/index.js'
import type { CID } from '../../core/cid.js'
import { NelumboError } from '../../core/errors.js'
import { signedMessageCid } from '../../core/message/index.js'
import { formatFil } from '../../core/token/index.js'
import { methodNum, type TokenAmount } from '../../core/types.js'
import { MinerMethods, withdrawBalanceParamsCbor } from '../../chain/actors/builtin/miner/types.js'
import { minerMessage } from '../../sealing/messages.js'
import type { MinerConfig } from '../../repo/index.js'
import { TipSetKey, type TipSet } from '../../chain/types/index.js'

export interface StorageMinerApiDeps {
  miner: Address
  /** The miner's sector size (from chain, or its sealing records). */
  sectorSize: number
  full: Pick<FullNodeApi, 'ChainHead' | 'StateMinerInfo' | 'StateMinerAvailableBalance' | 'MpoolPushMessage'>
  config: () => Pick<MinerConfig, 'Addresses'>
  subsystems: readonly MinerSubsystem[]
  /** The mining subsystem's base, when it runs; the head otherwise. */
  miningBase?: () => Promise<TipSet>
  /** CheckProvable over this node's storage paths (src/mining check-provable). */
  checkProvable: (pp: number, sectors: SectorRef[], expensive: boolean) => Promise<ProvableReport>
  /** The sealing workers (worker-stats.ts: this node's own). */
  workerStats: () => Promise<Record<string, WorkerStats>>
  /** CreateBackup of the metadata datastore (backup.ts). */
  createBackup: (fpath: string) => Promise<void>
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
    ActorWithdrawBalance: async (amount) => await withdrawBalance(deps, amount, 'Owner'),
    BeneficiaryWithdrawBalance: async (amount) => await withdrawBalance(deps, amount, 'Beneficiary'),
    CreateBackup: async (fpath) => { await deps.createBackup(fpath) },
    RuntimeSubsystems: async () => [...deps.subsystems]
  }
}

/** Lotus `withdrawBalance`: at most the available balance, all of it when 0 is asked for. */
async function withdrawBalance (deps: StorageMinerApiDeps, amount: TokenAmount, from: 'Owner' | 'Beneficiary'): Promise<CID> {
  const available = await deps.full.StateMinerAvailableBalance(deps.miner, TipSetKey.empty)
  if (amount > available) {
    throw new NelumboError('ERR_INSUFFICIENT_FUNDS', `can't withdraw more funds than available; requested: ${formatFil(amount)}; available: ${formatFil(available)}`)
  }
  const mi = await deps.full.StateMinerInfo(deps.miner, TipSetKey.empty)
  const params = encodeCbor(withdrawBalanceParamsCbor, { AmountRequested: amount === 0n ? available : amount })
  const smsg = await deps.full.MpoolPushMessage(minerMessage(mi[from], deps.miner, methodNum(MinerMethods.WithdrawBalance), params, 0n as TokenAmount), null)
  return signedMessageCid(smsg)
}
