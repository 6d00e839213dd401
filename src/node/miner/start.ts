/**
 * The storage-provider node's composition root (what `lotus-miner run` runs): one plain function
 * that opens the repo, checks `[Subsystems]`, connects the full node, and builds in dependency
 * order only what is enabled — sector index, local paths and `/remote` (SectorStorage), the
 * sealing pipeline (Sealing), the mining subsystem (Mining) — then serves Common + StorageMiner +
 * sealing + storage on `[API] ListenAddress` (loopback by default) and stops everything in
 * reverse on `Shutdown`, SIGINT or SIGTERM.
 */
import type { FullNodeApi } from '../../api/fullnode/index.js'
import { AllPermissions, MinerAPIVersion0 } from '../../api/index.js'
import { MinerContract, type MinerApi, type MinerSubsystem } from '../../api/miner.js'
import { SealingContract } from '../../api/sealing.js'
import { createToken, createTokenVerifier } from '../../auth/index.js'
import { TipSetKey, type TipSet } from '../../chain/types/index.js'
import type { Address } from '../../core/address/index.js'
import { NelumboError } from '../../core/errors.js'
import { actorId } from '../../core/types.js'
import { type RegisteredSealProof, sealProofForSectorSize, sealProofSectorSize } from '../../core/sector/index.js'
import { type Logger, logRegistry, logger } from '../../log/index.js'
import { createNodeMetrics, type NodeMetrics } from '../../metrics/index.js'
import { MiningSubsystem as ChainMining, checkProvable, localSectorFiles, provingSettings } from '../../mining/index.js'
import { DevProver, type Prover } from '../../proofs/index.js'
import { FsRepo, type LockedRepo, type MinerConfig } from '../../repo/index.js'
import type { HttpRoute, PushStreams } from '../../rpc/index.js'
import { SealingService, SectorStore, sealingPolicyFrom } from '../../sealing/index.js'
import {
  LocalStore, RemoteStore, SectorIndex, callScopedLocks, createStorageApi, remoteHandler
} from '../../storage/index.js'
import { loadApiSecret, rpcEndpoint, startApiServer } from '../api-server.js'
import { createCommonService } from '../common/index.js'
import type { ShutdownController } from '../shutdown.js'
import { processShutdown, syncUnlessNosync } from '../common/lifecycle.js'
import { StopStack } from '../common/stop-stack.js'
import { createBackupMethod } from './backup.js'
import { marketsDisabled, startMarketsSubsystem } from '../markets/subsystem.js'
import { PIECE_PATH } from '../../markets/index.js'
import { deferredRoute } from '../common/deferred-route.js'
import { chainPolicy } from './chain-policy.js'
import { localWorkerStats } from './worker-stats.js'
import { type FullNodeEndpoint, connectFullNode } from '../common/full-node.js'
import { lateApi, methodsOf } from './late-api.js'
import { readMinerAddress } from './miner-address.js'
import { localSealingStorage } from './sealing-storage.js'
import { type StorageMinerApiDeps, storageMinerApi } from './storage-miner-api.js'
import { planSubsystems, runtimeSubsystems } from './subsystems.js'

/** What the mining subsystem (block producer + Window PoSt scheduler) is built from. */
export interface MiningDeps {
  full: FullNodeApi
  miner: Address
  sectorSize: number
  prover: Prover
  local: LocalStore
  log: Logger
}

/** The mining subsystem as the composition root runs it. */
export interface MiningSubsystem {
  start: () => void | Promise<void>
  stop: () => void | Promise<void>
  /** The tipset it mines on next (`MiningBase`). */
  miningBase?: () => Promise<TipSet>
}

export type MiningFactory = (deps: MiningDeps) => MiningSubsystem

export interface MinerNodeOptions {
  /** The repo folder (`--miner-repo`, `LOTUS_MINER_PATH`); must be initialized by `lotus-miner init`. */
  repoPath: string
  /** The full node: its resolved v1 endpoint, or an in-process API (tests). */
  fullNode: FullNodeEndpoint | FullNodeApi
  /** Overrides `[API] ListenAddress` (`--miner-api <port>` gives `/ip4/127.0.0.1/tcp/<port>/http`). */
  apiListenAddress?: string
  /** `--nosync`: do not wait for the full node to be in sync. */
  nosync?: boolean
  /** Replaces the mining subsystem `[Subsystems] EnableMining` builds (block producer + Window PoSt from src/mining). */
  mining?: MiningFactory
  /** Epoch length for block production; default the full node's `Version().BlockDelay` seconds. */
  blockDelayMs?: number
  prover?: Prover
  /** Turn SIGINT/SIGTERM into a shutdown. Default true. */
  bindSignals?: boolean
  log?: Logger
}

export interface MinerNode {
  readonly api: MinerApi
  readonly miner: Address
  readonly multiaddr: string
  readonly apiUrl: string
  readonly subsystems: readonly MinerSubsystem[]
  readonly shutdown: ShutdownController
  readonly stopped: Promise<void>
  stop: () => Promise<void>
}


export async function startMinerNode (options: MinerNodeOptions): Promise<MinerNode> {
  const log = options.log ?? logger('miner')
  const stack = new StopStack(log)
  const stopAll = async (): Promise<void> => { await stack.stopAll() }

  try {
    const lr = new FsRepo('StorageMiner', options.repoPath).open()
    stack.push({ name: 'repo', stop: () => { lr.close() } })
    const config = lr.config()
    const plan = planSubsystems(config)
    if (plan.marketsOnly) throw new NelumboError('ERR_MARKETS_REPO', `${options.repoPath} is a markets repo ([Subsystems] enables Markets alone): start it with startMarketsNode / lotus-miner run`)
    const subsystems = runtimeSubsystems(plan)
    const miner = readMinerAddress(lr.metadata(), lr.path)

    const full = await connectFullNode(options.fullNode)
    stack.push({ name: 'full node client', stop: async () => { await full.close() } })
    const shutdown = processShutdown(stack, options.bindSignals)
    await syncUnlessNosync(full, shutdown, log, options.nosync)

    // The API server binds first (its port is in the /remote URL the storage paths report); calls
    // made before the subsystems are wired fail with a clear "starting" error.
    const { secret } = await loadApiSecret(lr)
    const common = createCommonService({
      secret,
      logs: logRegistry,
      apiVersion: MinerAPIVersion0,
      blockDelaySecs: full.blockDelaySecs,
      onShutdown: () => { shutdown.trigger('Filecoin.Shutdown') },
      contracts: [MinerContract]
    })
    const metrics = createNodeMetrics()
    const late = lateApi(MinerContract)
    const remoteRoute: { current?: HttpRoute } = {}
    const pieceRoute: { current?: HttpRoute } = {}
    const server = await startApiServer({
      repo: lr,
      listenAddress: options.apiListenAddress ?? config.API.ListenAddress,
      secret,
      endpoints: [rpcEndpoint('/rpc/v0', MinerContract, late.api)],
      metrics,
      routes: [
        ...(plan.sectorStorage ? [{ path: '/remote', prefix: true, route: deferredRoute(() => remoteRoute.current) }] : []),
        ...(plan.marketsRequested ? [{ path: PIECE_PATH, prefix: true, route: deferredRoute(() => pieceRoute.current) }] : [])
      ],
      log: logger('rpc')
    })
    stack.push({ name: 'api server', stop: async () => { common.beginClosing(); await server.close() } })

    const impl = await buildSubsystems({ lr, miner, full: full.api, blockDelaySecs: full.blockDelaySecs, secret, serverUrl: server.url, pushStreams: server.pushStreams, stack, options, log, plan, metrics })
    remoteRoute.current = impl.remote
    // A monolith runs Markets in this process too: the same subsystem a markets node runs.
    let markets = marketsDisabled()
    if (plan.marketsRequested) {
      const m = await startMarketsSubsystem({
        lr, full: full.api, sealer: impl.sealing, index: impl.storage, remoteToken: await createToken(secret, AllPermissions),
        miner, sectorSize: impl.sectorSize, blockDelaySecs: full.blockDelaySecs, stack, log: logger('markets')
      })
      markets = m.api
      pieceRoute.current = m.pieceRoute
    }
    late.bind({
      ...common.api,
      ...storageMinerApi({
        miner, sectorSize: impl.sectorSize, full: full.api, config: () => lr.config(), subsystems, miningBase: impl.miningBase, checkProvable: impl.checkProvable,
        workerStats: localWorkerStats(impl.sealing), createBackup: createBackupMethod(lr.metadata())
      }),
      ...impl.sealing,
      ...impl.storage,
      ...markets
    })
    log.info({ miner: miner.toString(), api: server.multiaddr, subsystems }, 'miner node started')

    const stopped = shutdown.requested.then(async (reason) => {
      log.info({ reason }, 'shutting down')
      await stopAll()
      log.info('miner node stopped')
    })
    return {
      api: late.api,
      miner,
      multiaddr: server.multiaddr,
      apiUrl: server.url,
      subsystems,
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

interface BuildInput {
  lr: LockedRepo<'StorageMiner'>
  miner: Address
  full: FullNodeApi
  blockDelaySecs: number
  secret: Uint8Array
  serverUrl: string
  /** The API server's push registry: SectorAddPieceToAny's `push` readers come from it. */
  pushStreams: PushStreams
  stack: StopStack
  options: MinerNodeOptions
  log: Logger
  plan: ReturnType<typeof planSubsystems>
  metrics: NodeMetrics
}

interface Built {
  sectorSize: number
  sealing: Pick<MinerApi, keyof typeof SealingContract>
  storage: Pick<MinerApi, keyof ReturnType<typeof createStorageApi>>
  remote: HttpRoute
  miningBase?: () => Promise<TipSet>
  checkProvable: StorageMinerApiDeps['checkProvable']
}

/** SectorStorage, then Sealing, then Mining: each only when `[Subsystems]` enables it. */
async function buildSubsystems (b: BuildInput): Promise<Built> {
  const { lr, stack, log } = b
  const sectorSize = await minerSectorSize(b.full, b.miner, new SectorStore(lr.metadata()), log)
  const prover = b.options.prover ?? new DevProver()

  // SectorStorage: the index, this node's paths (announced with its /remote URL) and the storage API.
  const index = new SectorIndex()
  const remoteUrl = remoteBaseUrl(lr.config().API.RemoteListenAddress, b.serverUrl, b.options.apiListenAddress ?? lr.config().API.ListenAddress)
  const local = await LocalStore.open({ index, config: lr }, { urls: [remoteUrl] })
  stack.push({ name: 'local storage', stop: () => { local.close() } })
  const remote = new RemoteStore({ index, local }, { token: await createToken(b.secret, AllPermissions) })
  const storage = callScopedLocks(createStorageApi({ index, local, remote }))
  const remoteRoute = remoteHandler({ local, authorize: createTokenVerifier(b.secret) })

  // Sealing: the sector state machines, resumed from the datastore.
  const sealing = new SealingService({
    chain: b.full,
    prover,
    storage: localSealingStorage(local, index),
    datastore: lr.metadata(),
    config: () => lr.config(),
    openPushedReader: (uuid, opts) => b.pushStreams.open(uuid, opts),
    log: logger('sectors')
  }, { miner: b.miner, sealProof: sealProofForSectorSize(sectorSize, 'miner sector size'), policy: sealingPolicyFrom(await chainPolicy(b.full, b.miner), b.blockDelaySecs) })
  await sealing.start()
  stack.push({ name: 'sealing', stop: async () => { await sealing.stop() } })

  // Mining: block production and Window PoSt, reading sector files through this node's paths.
  let miningBase: (() => Promise<TipSet>) | undefined
  if (b.plan.mining) {
    const deps: MiningDeps = { full: b.full, miner: b.miner, sectorSize, prover, local, log: logger('miner') }
    const mining = b.options.mining?.(deps) ?? chainMining(deps, {
      config: () => lr.config(),
      blockDelayMs: b.options.blockDelayMs ?? b.blockDelaySecs * 1000,
      registry: b.metrics.registry
    })
    await mining.start()
    stack.push({ name: 'mining', stop: async () => { await mining.stop() } })
    miningBase = mining.miningBase
  }
  // CheckProvable: the Window PoSt pre-check over the same paths, CommR from the sealing records (as Lotus).
  const provable: StorageMinerApiDeps['checkProvable'] = async (pp, refs, expensive) => await checkProvable({
    minerId: actorId(b.miner.id(), 'miner address'),
    sectors: localSectorFiles(local),
    prover,
    commR: async (n) => (await sealing.SectorsStatus(n, false)).CommR,
    settings: () => provingSettings(lr.config().Proving),
    log: logger('miner')
  }, pp, refs, expensive)
  return { sectorSize, sealing: methodsOf(SealingContract, sealing), storage, remote: remoteRoute, miningBase, checkProvable: provable }
}

/** The miner's sector size from chain; before the chain knows the actor, from its sealing records. */
async function minerSectorSize (full: Pick<FullNodeApi, 'StateMinerInfo'>, miner: Address, store: SectorStore, log: Logger): Promise<number> {
  try {
    return (await full.StateMinerInfo(miner, TipSetKey.empty)).SectorSize
  } catch (err) {
    const first = store.list()[0]
    if (first === undefined) {
      throw new NelumboError('ERR_SECTOR_SIZE', `cannot learn the sector size of miner ${miner.toString()}: StateMinerInfo failed (${(err as Error).message}) and the repo has no sectors`)
    }
    const size = sealProofSectorSize(first.SectorType as RegisteredSealProof)
    log.warn({ err: (err as Error).message, sectorSize: size }, 'StateMinerInfo unavailable; sector size taken from the sealing records')
    return size
  }
}

/**
 * The `/remote` base URL this node reports for its paths: `[API] RemoteListenAddress`, unless
 * the API listens on port 0 (tests), where only the bound address is right.
 */
function remoteBaseUrl (remoteListen: string, serverUrl: string, listenAddress: string): string {
  if (/\/tcp\/0(\/|$)/.test(listenAddress) || remoteListen === '') return `${serverUrl}/remote`
  return `http://${remoteListen}/remote`
}


/** The mining subsystem of src/mining: block producer and Window PoSt scheduler side by side. */
function chainMining (deps: MiningDeps, o: { config: () => MinerConfig, blockDelayMs: number, registry: NodeMetrics['registry'] }): MiningSubsystem {
  const mining = new ChainMining({
    full: deps.full,
    prover: deps.prover,
    sectors: localSectorFiles(deps.local),
    config: o.config,
    log: deps.log,
    registry: o.registry
  }, { miner: deps.miner, blockDelayMs: o.blockDelayMs })
  return {
    start: async () => { await mining.start() },
    stop: async () => { await mining.stop() },
    miningBase: async () => mining.miningBase() ?? await deps.full.ChainHead()
  }
}
