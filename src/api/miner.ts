/**
 * The StorageMiner-only methods (Lotus v1.20 `api.StorageMiner`, api/api_storage.go) as typed
 * data: which actor the node mines for, its sector size and address selection, the mining base
 * and which subsystems this process runs. The mining node's `/rpc/v0` serves these merged with
 * Common, the sealing methods and the storage methods ({@link MinerContract}); the CLI and the
 * markets node call it through a client of the same type.
 */
import * as lj from './codecs/index.js'
import { CommonContract } from './common.js'
import { type ApiOf, defineContract, method } from './contract.js'
import { dict, named, nilSlice, slice } from './fullnode/types/named.js'
import { Address, Bool, Cid, RegisteredPoStProof, SectorSize, TokenAmount } from './fullnode/types/scalars.js'
import { TipSet } from './fullnode/types/chain.js'
import { MarketsOnlyContract } from './markets.js'
import { SealingContract, SectorRef } from './sealing.js'
import { StorageContract } from './sector-index.js'

/** api.MinerSubsystem names, in the order Lotus prints them (`info`: `[Mining Sealing SectorStorage]`). */
export const MINER_SUBSYSTEMS = ['Mining', 'Sealing', 'SectorStorage', 'Markets'] as const
export type MinerSubsystem = typeof MINER_SUBSYSTEMS[number]

/** api.MinerSubsystems: a JSON array of subsystem names. */
export const MinerSubsystems = named('MinerSubsystems', lj.array(lj.stringEnum('miner subsystem', ['Unknown', ...MINER_SUBSYSTEMS] as const)))

/** api.AddressConfig: the `[Addresses]` section as the node resolved it. */
export const AddressConfig = named('AddressConfig', lj.struct({
  PreCommitControl: lj.array(Address),
  CommitControl: lj.array(Address),
  TerminateControl: lj.array(Address),
  DealPublishControl: lj.array(Address),
  DisableOwnerFallback: lj.bool,
  DisableWorkerFallback: lj.bool
}))
export type AddressConfig = lj.TypeOf<typeof AddressConfig>

/** CheckProvable's answer: the reason each unprovable sector is bad, by sector number; good sectors are absent. */
export const ProvableReport = named('map[abi.SectorNumber]string', lj.map(lj.string))
export type ProvableReport = lj.TypeOf<typeof ProvableReport>

/** storiface.WorkerResources: what a worker's machine has. `Resources` (the per-task table) prints as Lotus's default table would: absent here, `{}`. */
export const WorkerResources = named('storiface.WorkerResources', lj.struct({
  MemPhysical: lj.uint,
  MemUsed: lj.uint,
  MemSwap: lj.uint,
  MemSwapUsed: lj.uint,
  CPUs: lj.uint,
  GPUs: nilSlice(named('string', lj.string)),
  Resources: lj.raw
}))
/** storiface.WorkerStats: one worker, its tasks and what its running jobs use. */
export const WorkerStats = named('storiface.WorkerStats', lj.struct({
  Info: named('storiface.WorkerInfo', lj.struct({ Hostname: lj.string, IgnoreResources: lj.bool, Resources: WorkerResources })),
  Tasks: nilSlice(named('sealtasks.TaskType', lj.string)),
  Enabled: lj.bool,
  MemUsedMin: lj.uint,
  MemUsedMax: lj.uint,
  GpuUsed: lj.int,
  CpuUse: lj.uint,
  TaskCounts: lj.raw
}))
export type WorkerStats = lj.TypeOf<typeof WorkerStats>

/** The methods only a storage-miner node has (besides sealing and storage). */
export const StorageMinerContract = defineContract({
  ActorAddress: method({
    name: 'Filecoin.ActorAddress',
    perm: 'read',
    summary: 'The miner actor this node runs (from /miner-address in its metadata datastore).',
    params: [],
    result: Address
  }),
  ActorSectorSize: method({
    name: 'Filecoin.ActorSectorSize',
    perm: 'read',
    summary: 'The sector size of a miner actor, in bytes.',
    params: [Address],
    result: SectorSize
  }),
  ActorAddressConfig: method({
    name: 'Filecoin.ActorAddressConfig',
    perm: 'read',
    summary: 'The control addresses [Addresses] configures for messages the node sends.',
    params: [],
    result: AddressConfig
  }),
  MiningBase: method({
    name: 'Filecoin.MiningBase',
    perm: 'read',
    summary: 'The tipset the node mines on next.',
    params: [],
    result: TipSet
  }),
  CheckProvable: method({
    name: 'Filecoin.CheckProvable',
    perm: 'admin',
    summary: 'Checks that sectors can be proven from the files on this node; expensive = also open challenged leaves against CommR.',
    params: [RegisteredPoStProof, slice(SectorRef), Bool],
    result: ProvableReport
  }),
  WorkerStats: method({
    name: 'Filecoin.WorkerStats',
    perm: 'admin',
    summary: "The sealing workers by ID with their machine's resources and running tasks (one local worker here).",
    params: [],
    result: dict(WorkerStats)
  }),
  ActorWithdrawBalance: method({
    name: 'Filecoin.ActorWithdrawBalance',
    perm: 'admin',
    summary: "Sends WithdrawBalance from the owner for this amount of the actor's available balance (0: all of it); returns the message CID.",
    params: [TokenAmount],
    result: Cid
  }),
  BeneficiaryWithdrawBalance: method({
    name: 'Filecoin.BeneficiaryWithdrawBalance',
    perm: 'admin',
    summary: 'As ActorWithdrawBalance, sent from the beneficiary address.',
    params: [TokenAmount],
    result: Cid
  }),
  CreateBackup: method({
    name: 'Filecoin.CreateBackup',
    perm: 'admin',
    summary: "Writes a backup of the node's metadata datastore to a file inside the daemon's LOTUS_BACKUP_BASE_PATH (`lotus-miner backup`).",
    params: [lj.string],
    result: lj.none
  }),
  RuntimeSubsystems: method({
    name: 'Filecoin.RuntimeSubsystems',
    perm: 'read',
    summary: 'The subsystems this process runs ([Subsystems] as started).',
    params: [],
    result: MinerSubsystems
  })
})
export type StorageMinerApi = ApiOf<typeof StorageMinerContract>

/**
 * Everything a mining node serves on `/rpc/v0`: Common, StorageMiner, sealing and storage, and
 * the markets methods, which answer only when this process runs Markets too (a monolith).
 */
export const MinerContract = defineContract({
  ...CommonContract,
  ...StorageMinerContract,
  ...SealingContract,
  ...StorageContract,
  ...MarketsOnlyContract
})
export type MinerApi = ApiOf<typeof MinerContract>

/**
 * What a markets node serves on `/rpc/v0` (`init service --type=markets`): Common, the miner
 * identity methods and the markets methods; sealing stays on the mining node. The CLI reaches it
 * through `MARKETS_API_INFO` / `--markets-repo`, or `--call-on-markets` for the common commands.
 */
export const MarketsContract = defineContract({
  ...CommonContract,
  ActorAddress: StorageMinerContract.ActorAddress,
  ActorSectorSize: StorageMinerContract.ActorSectorSize,
  RuntimeSubsystems: StorageMinerContract.RuntimeSubsystems,
  ...MarketsOnlyContract
})
export type MarketsApi = ApiOf<typeof MarketsContract>
