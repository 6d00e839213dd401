/**
 * `lotus-miner` config.toml (Lotus `config.StorageMiner`), v1.20 defaults. A markets node
 * (`init service`) uses the same schema with markets enabled and the rest disabled.
 */
import { commonSections } from './common.js'
import {
  bool, cids, duration, fil, int, int64, section, str, strings, uint64, type ConfigValue
} from './schema.js'

const fees = (base: string, perSector: string) => section('BatchFeeConfig', {
  Base: fil(base, 'Fixed part of the batch fee cap.'),
  PerSector: fil(perSector, 'Fee cap added for each sector in the batch.')
})

export const minerConfigSchema = section('StorageMiner', {
  ...commonSections({ listenAddress: '/ip4/127.0.0.1/tcp/2345/http', remoteListenAddress: '127.0.0.1:2345' }),
  Subsystems: section('MinerSubsystemConfig', {
    EnableMining: bool(true, 'Run the mining subsystem (Winning PoSt, block production, Window PoSt).'),
    EnableSealing: bool(true, 'Run the sealing pipeline.'),
    EnableSectorStorage: bool(true, 'Run the sector index and local sector storage.'),
    EnableMarkets: bool(true, 'Run the storage and retrieval markets (libp2p deal protocols).'),
    SealerApiInfo: str('', 'TOKEN:MULTIADDR of the node running sealing; used when EnableSealing is false.'),
    SectorIndexApiInfo: str('', 'TOKEN:MULTIADDR of the node holding the sector index; used when EnableSectorStorage is false.')
  }),
  Dealmaking: section('DealmakingConfig', {
    ConsiderOnlineStorageDeals: bool(true, 'Accept storage deals whose data is transferred online.'),
    ConsiderOfflineStorageDeals: bool(true, 'Accept storage deals whose data is imported by hand (offline).'),
    ConsiderOnlineRetrievalDeals: bool(true, 'Accept retrieval deals.'),
    ConsiderOfflineRetrievalDeals: bool(true, 'Accept offline retrieval deals.'),
    ConsiderVerifiedStorageDeals: bool(true, 'Accept verified (DataCap) storage deals.'),
    ConsiderUnverifiedStorageDeals: bool(true, 'Accept unverified storage deals.'),
    PieceCidBlocklist: cids([], 'Piece CIDs whose deals are always rejected.'),
    ExpectedSealDuration: duration('24h0m0s',
      'Longest expected time from deal acceptance to a sealed sector, transfer and publishing\n' +
      'included. A deal must start at least this far in the future.'),
    MaxDealStartDelay: duration('336h0m0s', 'Furthest in the future a proposed deal may start.'),
    PublishMsgPeriod: duration('1h0m0s',
      'How long a ready deal waits for others so they can be published in one message.'),
    MaxDealsPerPublishMsg: uint64(8, 'Most deals in one PublishStorageDeals message.'),
    MaxProviderCollateralMultiplier: uint64(2,
      'Most provider collateral to lock for a deal, as a multiple of the network minimum.'),
    MaxStagingDealsBytes: int64(0,
      'Reject new deals while the deal-staging folder holds at least this many bytes. 0 = unlimited.'),
    SimultaneousTransfersForStorage: uint64(20, 'Most storage-deal data transfers at once.'),
    SimultaneousTransfersForStoragePerClient: uint64(0,
      'Most storage-deal data transfers at once from one client. 0 = no per-client limit;\n' +
      'SimultaneousTransfersForStorage still bounds the total.'),
    SimultaneousTransfersForRetrieval: uint64(20, 'Most retrieval data transfers at once.'),
    StartEpochSealingBuffer: uint64(480,
      'Epochs of margin before a deal starts, kept free for sealing its sector.'),
    Filter: str('',
      'Shell command that judges each storage deal: it reads the deal as JSON on stdin; exit\n' +
      'code 0 accepts, anything else rejects with its output as the reason.'),
    RetrievalFilter: str('', 'Like Filter, for retrieval deals.'),
    RetrievalPricing: section('RetrievalPricing', {
      Strategy: str('default', 'How retrieval asks are priced: "default" or "external".'),
      Default: section('RetrievalPricingDefault', {
        VerifiedDealsFreeTransfer: bool(true, 'Charge nothing for transferring data of verified deals.')
      }),
      External: section('RetrievalPricingExternal', {
        Path: str('', 'Program that prices retrievals when Strategy is "external".')
      })
    })
  }),
  IndexProvider: section('IndexProviderConfig', {
    Enable: bool(true, 'Announce stored content to network indexers and serve their requests.'),
    EntriesCacheCapacity: int(1024,
      'Most advertisement entry chunks kept in the LRU cache (about 256MiB at the defaults).'),
    EntriesChunkSize: int(16384, 'Most multihashes in one advertisement entries chunk.'),
    TopicName: str('',
      'Gossip topic for announcements. Empty means /indexer/ingest/<network-name>.'),
    PurgeCacheOnStart: bool(false, 'Drop cached entry chunks at start instead of reloading them from the datastore.')
  }),
  Proving: section('ProvingConfig', {
    ParallelCheckLimit: int(128,
      'Most sector checks run in parallel before Window PoSt (0 = unlimited). Too high can\n' +
      'exhaust the machine; too low can make proofs late. Check a new value with\n' +
      "'lotus-miner proving compute window-post 0'."),
    SingleCheckTimeout: duration('10m0s', 'Time limit for checking one sector; a sector that takes longer is skipped.'),
    PartitionCheckTimeout: duration('20m0s', 'Time limit for checking one partition; sectors not checked in time are skipped.'),
    DisableBuiltinWindowPoSt: bool(false,
      'Leave Window PoSt to PoSt workers. Without working PoSt workers, proofs fail and\n' +
      'sectors become faulty.'),
    DisableBuiltinWinningPoSt: bool(false,
      'Leave Winning PoSt to PoSt workers. Without working PoSt workers, blocks are lost.'),
    DisableWDPoStPreChecks: bool(false,
      'Skip the readability check of sectors before computing Window PoSt. Recovering sectors\n' +
      'are still checked before their recovery is declared.'),
    MaxPartitionsPerPoStMessage: int(0,
      'Most partitions proven in one SubmitWindowedPoSt message. 0 = the network limit.'),
    MaxPartitionsPerRecoveryMessage: int(0,
      'Most partitions in one DeclareFaultsRecovered message. 0 = no limit.'),
    SingleRecoveringPartitionPerPostMessage: bool(false,
      'Prove a partition that holds recovering sectors in a message of its own.')
  }),
  Sealing: section('SealingConfig', {
    MaxWaitDealsSectors: uint64(2,
      'Most sectors waiting for more deals at the same time. 0 = no limit.'),
    MaxSealingSectors: uint64(0, 'Most sectors sealing at once when creating CC sectors. 0 = unlimited.'),
    MaxSealingSectorsForDeals: uint64(0, 'Most sectors sealing at once when creating sectors with deals. 0 = unlimited.'),
    PreferNewSectorsForDeals: bool(false, 'Create new sectors for deals even when CC sectors are available for upgrade.'),
    MaxUpgradingSectors: uint64(0, 'Most sectors upgrading at once. 0 = MaxSealingSectorsForDeals.'),
    MinUpgradeSectorExpiration: uint64(0,
      'Least epochs before expiration for a sector to be upgraded. 0 = the minimum deal duration.'),
    MinTargetUpgradeSectorExpiration: uint64(0,
      'Above this many epochs to expiration, upgrade candidates are chosen by lowest initial pledge.'),
    CommittedCapacitySectorLifetime: duration('12960h0m0s',
      'Lifetime of a committed-capacity sector before it must be extended or upgraded\n' +
      '(180 to 540 days).'),
    WaitDealsDelay: duration('6h0m0s',
      'How long a new sector waits for more deals before sealing; full sectors start at once.'),
    AlwaysKeepUnsealedCopy: bool(true,
      'Keep an unsealed copy of deal data even when the client did not ask for fast retrieval.'),
    FinalizeEarly: bool(false, 'Finalize a sector before submitting its proof.'),
    MakeNewSectorForDeals: bool(true,
      'Create new sectors for incoming deals. When false, deals go only into sectors marked for upgrade.'),
    MakeCCSectorsAvailable: bool(false, 'Offer newly sealed CC sectors for upgrading with deals.'),
    CollateralFromMinerBalance: bool(false,
      'Pay sector collateral from the miner actor\'s available balance instead of sending it with each message.'),
    AvailableBalanceBuffer: fil('0 FIL', 'Balance to keep in the miner actor when paying collateral from it.'),
    DisableCollateralFallback: bool(false,
      'Never send collateral with messages, even when the miner actor\'s balance is short.'),
    BatchPreCommits: bool(true, 'Batch PreCommit messages.'),
    MaxPreCommitBatch: int(256, 'A PreCommit batch this large is sent at once.'),
    PreCommitBatchWait: duration('24h0m0s', 'Longest a PreCommit batch waits to fill.'),
    PreCommitBatchSlack: duration('3h0m0s',
      'Send a PreCommit batch early when a sector or deal in it would expire within this time.'),
    AggregateCommits: bool(true, 'Aggregate ProveCommit proofs.'),
    MinCommitBatch: int(4, 'Smallest commit batch; smaller batches are sent only when their wait runs out.'),
    MaxCommitBatch: int(819, 'A commit batch this large is sent at once.'),
    CommitBatchWait: duration('24h0m0s', 'Longest a commit batch waits to fill.'),
    CommitBatchSlack: duration('1h0m0s',
      'Send a commit batch early when a sector or deal in it would expire within this time.'),
    BatchPreCommitAboveBaseFee: fil('0.00000000032 FIL',
      'Below this network base fee, PreCommits are sent one by one instead of batched.'),
    AggregateAboveBaseFee: fil('0.00000000032 FIL',
      'Below this network base fee, proofs are sent one by one instead of aggregated.'),
    TerminateBatchMax: uint64(100, 'A termination batch this large is sent at once.'),
    TerminateBatchMin: uint64(1, 'Smallest termination batch.'),
    TerminateBatchWait: duration('5m0s', 'Longest a termination batch waits to fill.')
  }),
  Storage: section('SealerConfig', {
    ParallelFetchLimit: int(10, 'Most sector files fetched from other storage at once.'),
    AllowSectorDownload: bool(true, 'Let the built-in worker download sectors from elsewhere.'),
    AllowAddPiece: bool(true, 'Let the built-in worker run AddPiece.'),
    AllowPreCommit1: bool(true, 'Let the built-in worker run PreCommit1.'),
    AllowPreCommit2: bool(true, 'Let the built-in worker run PreCommit2.'),
    AllowCommit: bool(true, 'Let the built-in worker run Commit.'),
    AllowUnseal: bool(true, 'Let the built-in worker unseal.'),
    AllowReplicaUpdate: bool(true, 'Let the built-in worker run ReplicaUpdate.'),
    AllowProveReplicaUpdate2: bool(true, 'Let the built-in worker run ProveReplicaUpdate2.'),
    AllowRegenSectorKey: bool(true, 'Let the built-in worker regenerate sector keys.'),
    LocalWorkerName: str('', 'Name of the built-in worker. Empty = the host name.'),
    Assigner: str('utilization',
      'How tasks go to workers: "utilization" (least used worker first) or "spread"\n' +
      '(as many different workers as possible).'),
    DisallowRemoteFinalize: bool(false,
      'Run Finalize only on workers that reach both the sealing path and long-term storage.\n' +
      'Workers without long-term storage access then leave Finalize tasks stuck.'),
    ResourceFiltering: str('hardware',
      'How tasks are checked against worker resources: "hardware" or "disabled".', 'ResourceFilteringStrategy')
  }),
  Fees: section('MinerFeeConfig', {
    MaxPreCommitGasFee: fil('0.025 FIL', 'Fee cap of a PreCommit message.'),
    MaxCommitGasFee: fil('0.05 FIL', 'Fee cap of a ProveCommit message.'),
    MaxTerminateGasFee: fil('0.5 FIL', 'Fee cap of a TerminateSectors message.'),
    MaxWindowPoStGasFee: fil('5 FIL', 'Fee cap of a Window PoSt message; missing one is costly, so it is high.'),
    MaxPublishDealsFee: fil('0.05 FIL', 'Fee cap of a PublishStorageDeals message.'),
    MaxMarketBalanceAddFee: fil('0.007 FIL', 'Fee cap of a market AddBalance message.'),
    MaxPreCommitBatchGasFee: fees('0 FIL', '0.02 FIL'),
    MaxCommitBatchGasFee: fees('0 FIL', '0.03 FIL')
  }),
  Addresses: section('MinerAddressConfig', {
    PreCommitControl: strings([] as string[], 'Addresses PreCommit messages are sent from.'),
    CommitControl: strings([] as string[], 'Addresses ProveCommit messages are sent from.'),
    TerminateControl: strings([] as string[], 'Addresses TerminateSectors messages are sent from.'),
    DealPublishControl: strings([] as string[], 'Addresses PublishStorageDeals messages are sent from.'),
    DisableOwnerFallback: bool(false, 'Never send automatic messages from the owner address.'),
    DisableWorkerFallback: bool(false,
      'Never fall back to the worker address when control addresses are set, even if they lack funds.')
  }),
  DAGStore: section('DAGStoreConfig', {
    RootDir: str('',
      'DAG store folder, with transients/, index/ and datastore/ inside. Empty means\n' +
      '<repo>/dagstore.'),
    MaxConcurrentIndex: int(5, 'Most shards indexed at once. 0 = unlimited.'),
    MaxConcurrentReadyFetches: int(0, 'Most unsealed pieces fetched from storage at once. 0 = unlimited.'),
    MaxConcurrentUnseals: int(5, 'Most unseals at once. 0 = unlimited.'),
    MaxConcurrencyStorageCalls: int(100, 'Most API calls in flight to the storage subsystem.'),
    GCInterval: duration('1m0s', 'Time between DAG store garbage collections.')
  })
})

/** The typed miner (and markets) config. */
export type MinerConfig = ConfigValue<typeof minerConfigSchema>
