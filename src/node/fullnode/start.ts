/**
 * The full node's composition root (what `lotus daemon` runs): one plain function that opens the
 * repo and the chain, loads or makes the genesis, builds the chain service, message pool, wallet
 * and gas estimator, serves the Common and FullNode APIs on `[API] ListenAddress`, and stops
 * everything in reverse order on `Shutdown`, SIGINT or SIGTERM.
 */
import { join } from 'node:path'
import { type ApiOf, type CommonApi, FullAPIVersion0, FullAPIVersion1 } from '../../api/index.js'
import { FullNodeContract, FullNodeV0Contract } from '../../api/fullnode/index.js'
import type { Blockstore } from '../../core/ipld/index.js'
import { parseFil } from '../../core/token/index.js'
import type { ChainEpoch } from '../../core/types.js'
import { DevVerifier } from '../../proofs/index.js'
import { deriveBeaconKey, LocalBeacon } from '../../chain/beacon/index.js'
import type { PowerView } from '../../chain/consensus/index.js'
import { chainGasView, GasEstimator } from '../../chain/gas-estimate/index.js'
import { chainHeadSource, MessagePool, MessagePusher } from '../../chain/mpool/index.js'
import type { ActorRegistry, ProofVerifier } from '../../chain/vm/index.js'
import { ChainStore } from '../../chain/store/index.js'
import { ChainService } from '../../chain/sync/index.js'
import { LocalWallet } from '../../chain/wallet/index.js'
import { newActorRegistry } from '../../chain/actors/index.js'
import { devProofVerifier } from '../../chain/actors/builtin/miner/index.js'
import { builtinStorageGenesis } from '../../chain/genesis/index.js'
import { policyFromNetworkParams } from '../../chain/genesis/policy.js'
import type { NetworkPolicy } from '../../chain/actors/policy.js'
import { type Logger, logRegistry, logger } from '../../log/index.js'
import { createNodeMetrics } from '../../metrics/index.js'
import { FsRepo } from '../../repo/index.js'
import { loadApiSecret, rpcEndpoint, startApiServer, type RpcEndpoint } from '../api-server.js'
import { TRANSFER_PATH } from '../../client/index.js'
import { type StorageClient, storageClient } from './client.js'
import { createCommonService } from '../common/index.js'
import type { ShutdownController } from '../shutdown.js'
import { processShutdown } from '../common/lifecycle.js'
import { StopStack } from '../common/stop-stack.js'
import { fullNodeApi, fullNodeApiV0, type FullNodeApiImpl } from './api/index.js'
import { DryRunner } from './dry-run.js'
import { EpochTicker } from './epoch-ticker.js'
import { checkGenesisSource, obtainGenesis, type GenesisSource, type GenesisTooling, type LoadedGenesis } from './genesis.js'
import { NodeChain } from './node-chain.js'
import { builtinMinerReaders, chainPowerView, type MinerStateReaders } from './power-view.js'

export interface FullNodeOptions {
  /** The repo folder (`--repo`, `LOTUS_PATH`); created on first start. */
  repoPath: string
  /** Overrides `[API] ListenAddress` (Lotus `--api <port>` gives `/ip4/127.0.0.1/tcp/<port>/http`). */
  apiListenAddress?: string
  genesis?: GenesisSource
  tooling: GenesisTooling
  /** The storage actors' view for consensus; default the power actor's readers with `minerReaders`. */
  power?: PowerView
  /** The miner actor's readers for consensus; without them no miner can win a block. */
  minerReaders?: MinerStateReaders
  /** Actors beyond the basic built-ins; default the storage actors the genesis installs. */
  actors?: Parameters<typeof newActorRegistry>[0]
  /** The network version the VM runs at each epoch. Default 25 throughout (the genesis version). */
  networkVersion?: (epoch: ChainEpoch) => number
  /** Overrides the genesis block delay (tests). */
  blockDelayMs?: number
  /** Turn SIGINT/SIGTERM into a shutdown. Default true. */
  bindSignals?: boolean
  log?: Logger
}

export interface FullNode {
  readonly api: FullNodeApiImpl
  readonly apiUrl: string
  readonly multiaddr: string
  readonly genesis: LoadedGenesis
  readonly shutdown: ShutdownController
  /** Resolves once the node has stopped (after a shutdown request). */
  readonly stopped: Promise<void>
  /** Requests a shutdown and waits for it. */
  stop: () => Promise<void>
}

/** A PowerView for a chain without storage actors: no miner exists, so no block can win. */
export const noMinersPowerView: PowerView = {
  minerPower: async () => undefined,
  minerInfo: async () => undefined,
  eligibleForElection: async () => false,
  provingSectors: async () => []
}

export async function startFullNode (options: FullNodeOptions): Promise<FullNode> {
  const log = options.log ?? logger('fullnode')
  checkGenesisSource(options.genesis)
  const stack = new StopStack(log)
  const stopAll = async (): Promise<void> => { await stack.stopAll() }

  try {
    const repo = new FsRepo('FullNode', options.repoPath)
    if (!repo.exists()) {
      repo.init()
      log.info({ repo: repo.path }, 'initialized repo')
    }
    const lr = repo.open()
    stack.push({ name: 'repo', stop: () => { lr.close() } })
    const config = lr.config()

    const chain = await ChainStore.open(join(lr.path, 'datastore', 'chain.sqlite'), {
      onListenerError: (err) => { log.warn({ err }, 'head change listener failed') }
    })
    stack.push({ name: 'chain store', stop: () => { chain.close() } })

    const genesis = await genesisFor(chain, options, log)
    const blockDelayMs = options.blockDelayMs ?? genesis.blockDelayMs
    const wallet = new LocalWallet({ keystore: lr.keystore() })
    const registry: ActorRegistry = newActorRegistry(options.actors ?? builtinStorageGenesis.actors)
    const networkVersion = options.networkVersion ?? (() => 25)
    // Every VM context the node builds (tipset execution, StateCall, gas estimation, the
    // message pool's view) runs under the policy the genesis template chose.
    const policy: NetworkPolicy = policyFromNetworkParams(genesis.params, undefined, `genesis ${genesis.header.ParentStateRoot.toString()} NetworkParams`)
    // The storage miner actor checks PoRep and Window PoSt with the dev proof system.
    const proofs = devProofVerifier()
    const vm = (epoch: ChainEpoch): { networkVersion: number, registry: ActorRegistry, policy: NetworkPolicy, proofs: ProofVerifier } =>
      ({ networkVersion: networkVersion(epoch), registry, policy, proofs })
    const beacon = new LocalBeacon({ secretKey: deriveBeaconKey(genesis.networkName) })

    const service = new ChainService({
      chain, beacon, power: options.power ?? chainPowerView(chain.blockstore, genesis.params.ConsensusMinerMinPower, options.minerReaders ?? builtinMinerReaders), verifier: new DevVerifier(), signer: wallet, vm
    }, { blockDelayMs })
    await service.initGenesis(genesis.header)

    const nodeChain = new NodeChain({ chain, execute: async (ts) => await service.executeTipset(ts) })
    const dryRun = new DryRunner({ chain: nodeChain, vm, randomness: (tsk) => service.randomness.forTipSet(tsk) })
    const mpoolLog = logger('messagepool')
    const headSource = chainHeadSource(chain, (err) => { mpoolLog.warn({ err }, 'processing head change') })
    const mpoolState = dryRun.mpoolState()
    const mpool = await MessagePool.open({ state: mpoolState, head: headSource, chain: headSource, datastore: lr.metadata(), log: mpoolLog })
    stack.push({ name: 'message pool', stop: () => { mpool.close() } })
    const gas = new GasEstimator({ chain: chainGasView(chain), executor: dryRun, mpool, state: mpoolState }, {
      defaultMaxFee: parseFil(config.Fees.DefaultMaxFee, 'Fees.DefaultMaxFee')
    })
    const pusher = new MessagePusher({ mpool, gas, signer: wallet, state: mpoolState })

    const api = fullNodeApi({
      chain: nodeChain,
      genesis: () => service.genesis,
      dryRun,
      randomness: service.randomness,
      beacon,
      networkName: genesis.networkName,
      networkParams: genesis.params,
      networkVersion,
      minimumPower: genesis.params.ConsensusMinerMinPower,
      policy,
      mpool,
      pusher,
      datastore: lr.metadata(),
      gas,
      wallet,
      service
    })

    const shutdown = processShutdown(stack, options.bindSignals)
    const { secret } = await loadApiSecret(lr)
    const common = createCommonService({
      secret,
      logs: logRegistry,
      apiVersion: FullAPIVersion1,
      blockDelaySecs: Math.max(1, Math.round(blockDelayMs / 1000)),
      onShutdown: () => { shutdown.trigger('Filecoin.Shutdown') },
      contracts: [FullNodeContract]
    })
    // Providers pull deal data from this server; its URL is known once it listens.
    let apiUrl = ''
    const client = storageClient({ lr, chain: api, transferBaseUrl: () => apiUrl, blockDelaySecs: Math.max(1, Math.round(blockDelayMs / 1000)), stack, log: logger('client') })
    const server = await startApiServer({
      repo: lr,
      listenAddress: options.apiListenAddress ?? config.API.ListenAddress,
      secret,
      endpoints: endpoints(common.api, { ...api, ...client.api }),
      metrics: createNodeMetrics(),
      routes: [{ path: TRANSFER_PATH, route: client.transferRoute, prefix: true }],
      log: logger('rpc')
    })
    apiUrl = server.url
    stack.push({ name: 'api server', stop: async () => { common.beginClosing(); await server.close() } })

    const ticker = new EpochTicker({ clock: service.clock, head: () => chain.requireHead() }, { log })
    ticker.start()
    stack.push({ name: 'epoch ticker', stop: () => { ticker.stop() } })
    log.info({ head: chain.requireHead().height, api: server.multiaddr, blockDelayMs }, 'full node started')

    const stopped = shutdown.requested.then(async (reason) => {
      log.info({ reason }, 'shutting down')
      await stopAll()
      log.info('full node stopped')
    })
    return {
      api,
      apiUrl: server.url,
      multiaddr: server.multiaddr,
      genesis,
      shutdown,
      stopped,
      stop: async () => {
        shutdown.trigger('stop')
        await stopped
      }
    }
  } catch (err) {
    await stopAll()
    throw err
  }
}

async function genesisFor (chain: ChainStore, options: FullNodeOptions, log: Logger): Promise<LoadedGenesis> {
  const head = chain.head
  if (head === undefined) {
    const g = await obtainGenesis(options.tooling, options.genesis, chain.blockstore as Blockstore)
    log.info({ network: g.networkName }, 'loaded genesis')
    return g
  }
  const genesisTs = await chain.getTipsetByHeight(0 as ChainEpoch, head)
  return await options.tooling.readGenesis(genesisTs.blocks[0]!, chain.blockstore)
}

function endpoints (common: CommonApi, api: FullNodeApiImpl & StorageClient['api']): RpcEndpoint[] {
  const v1: ApiOf<typeof FullNodeContract> = { ...common, ...api }
  // As Lotus's v0 wrapper: the same node, reporting the v0 API version.
  const v0: ApiOf<typeof FullNodeV0Contract> = {
    ...common,
    ...fullNodeApiV0(api),
    ...pickClient(api),
    ClientQueryAsk: async (peer, miner, opts) => (await api.ClientQueryAsk(peer, miner, opts))?.Response ?? null,
    Version: async (opts) => ({ ...await common.Version(opts), APIVersion: FullAPIVersion0 })
  }
  return [
    rpcEndpoint('/rpc/v0', FullNodeV0Contract, v0),
    rpcEndpoint('/rpc/v1', FullNodeContract, v1)
  ]
}

function pickClient (api: StorageClient['api']): StorageClient['api'] {
  return { ClientImport: api.ClientImport, ClientStartDeal: api.ClientStartDeal, ClientListDeals: api.ClientListDeals, ClientQueryAsk: api.ClientQueryAsk }
}
