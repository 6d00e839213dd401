/** `lotus` daemon config.toml (Lotus `config.FullNode`), v1.20 defaults. */
import { commonSections } from './common.js'
import { bool, duration, fil, int, section, str, strings, uint64, type ConfigValue } from './schema.js'

export const fullNodeConfigSchema = section('FullNode', {
  ...commonSections({ listenAddress: '/ip4/127.0.0.1/tcp/1234/http', remoteListenAddress: '' }),
  Client: section('Client', {
    UseIpfs: bool(false, 'Store client data in an external IPFS node instead of the local blockstore.'),
    IpfsOnlineMode: bool(false, 'Let the IPFS node fetch missing blocks from the network.'),
    IpfsMAddr: str('', 'Multiaddress of the IPFS node API.'),
    IpfsUseForRetrieval: bool(false, 'Put retrieved data into the IPFS node.'),
    SimultaneousTransfersForStorage: uint64(20, 'Most storage-deal data transfers to providers at once.'),
    SimultaneousTransfersForRetrieval: uint64(20, 'Most retrieval data transfers from providers at once.'),
    OffChainRetrieval: bool(false,
      'Retrieve without on-chain operations: paid retrievals fail unless a funded payment\n' +
      'channel already exists.')
  }),
  Wallet: section('Wallet', {
    RemoteBackend: str('', 'API info of a remote wallet (lotus-wallet) to sign with.'),
    EnableLedger: bool(false, 'Offer keys held on a Ledger device.'),
    DisableLocal: bool(false, 'Do not use the local keystore wallet.')
  }),
  Fees: section('FeeConfig', {
    DefaultMaxFee: fil('0.07 FIL', 'Fee cap used for messages that do not set one.')
  }),
  Chainstore: section('Chainstore', {
    EnableSplitstore: bool(false, 'Split the chain blockstore into a hot and a cold store.'),
    Splitstore: section('Splitstore', {
      ColdStoreType: str('messages',
        'Cold store kind: "messages" (keep messages only), "universal" (keep everything) or\n' +
        '"discard".'),
      HotStoreType: str('badger', 'Hot store kind; only "badger" is supported.'),
      MarkSetType: str('badger', 'Mark set kind: "map" (in memory) or "badger" (on disk).'),
      HotStoreMessageRetention: uint64(0, 'Finalities of messages kept beyond the compaction boundary.'),
      HotStoreFullGCFrequency: uint64(20,
        'Every how many compactions a full (moving) GC of the hot store runs. 0 = never.')
    })
  }),
  Cluster: section('UserRaftConfig', {
    ClusterModeEnabled: bool(false, 'Experimental: run several nodes as one, with Raft consensus.'),
    DataFolder: str('', 'Folder for Raft data.'),
    InitPeersetMultiAddr: strings([] as string[], 'Initial cluster peers for a Raft peer with no prior state.'),
    WaitForLeaderTimeout: duration('15s', 'How long to wait for a leader before failing an operation.'),
    NetworkTimeout: duration('1m40s', 'Time limit of a Raft network operation.'),
    CommitRetries: int(1, 'Retries of a failed commit.'),
    CommitRetryDelay: duration('200ms', 'Pause between commit retries.'),
    BackupsRotate: int(6, 'Copies of the Raft data folder kept after cleanup.'),
    Tracing: bool(false, 'Propagate tracing contexts across processes.')
  }),
  Fevm: section('FevmConfig', {
    EnableEthRPC: bool(false,
      'Serve the eth_ RPC methods and index Ethereum transaction hashes; this also turns on\n' +
      'the event filter APIs unless disabled below.'),
    EthTxHashMappingLifetimeDays: int(0, 'Days to keep transaction hash mappings. 0 = forever.'),
    Events: section('Events', {
      DisableRealTimeFilterAPI: bool(false, 'Turn off filters over actor events as they are emitted.'),
      DisableHistoricFilterAPI: bool(false, 'Turn off filters over past actor events (and their index).'),
      FilterTTL: duration('24h0m0s', 'Filters unused for this long may be deleted.'),
      MaxFilters: int(100, 'Most filters at any one time.'),
      MaxFilterResults: int(10000, 'Most results one filter accumulates.'),
      MaxFilterHeightRange: uint64(2880, 'Largest epoch range one filter may span.'),
      DatabasePath: str('',
        'SQLite file indexing actor events for the historic filter API; a relative path is\n' +
        'relative to the working directory.')
    })
  })
})

/** The typed full node config. */
export type FullNodeConfig = ConfigValue<typeof fullNodeConfigSchema>
