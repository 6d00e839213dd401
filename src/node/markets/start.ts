/**
 * The markets node's composition root (`lotus-miner run` on a repo whose `[Subsystems]`
 * enables only Markets, as `init service --type=markets` writes it): connects the full node and
 * the mining node (`SealerApiInfo`, `SectorIndexApiInfo`, version-checked as Lotus does), starts
 * the public libp2p host and the markets provider, and serves the markets API on `[API]
 * ListenAddress`. Nothing on the mining node calls back into this process, so stopping,
 * killing or hanging it leaves block production and Window PoSt alone.
 */
import type { FullNodeApi } from '../../api/fullnode/index.js'
import { MinerAPIVersion0 } from '../../api/index.js'
import { MarketsContract, type MarketsApi } from '../../api/miner.js'
import type { MinerApi } from '../../api/miner.js'
import { TipSetKey } from '../../chain/types/index.js'
import type { Address } from '../../core/address/index.js'
import { NelumboError } from '../../core/errors.js'
import { type Logger, logRegistry, logger } from '../../log/index.js'
import { createNodeMetrics } from '../../metrics/index.js'
import { FsRepo } from '../../repo/index.js'
import { loadApiSecret, rpcEndpoint, startApiServer } from '../api-server.js'
import { createCommonService } from '../common/index.js'
import { connectMiningNode } from '../common/mining-node.js'
import { StopStack } from '../common/stop-stack.js'
import { type FullNodeEndpoint, connectFullNode } from '../common/full-node.js'
import { lateApi } from '../miner/late-api.js'
import { readMinerAddress } from '../miner/miner-address.js'
import { planSubsystems } from '../miner/subsystems.js'
import type { ShutdownController } from '../shutdown.js'
import { processShutdown, syncUnlessNosync } from '../common/lifecycle.js'
import { startMarketsSubsystem } from './subsystem.js'
import { PIECE_PATH } from '../../markets/index.js'
import type { HttpRoute } from '../../rpc/index.js'
import { parseApiInfoMulti } from '../api-info.js'
import { deferredRoute } from '../common/deferred-route.js'

export interface MarketsNodeOptions {
  /** The markets repo (`LOTUS_MINER_PATH=~/.lotusmarkets lotus-miner run`). */
  repoPath: string
  fullNode: FullNodeEndpoint | FullNodeApi
  /** Overrides `[API] ListenAddress`. */
  apiListenAddress?: string
  nosync?: boolean
  bindSignals?: boolean
  log?: Logger
}

export interface MarketsNode {
  readonly api: MarketsApi
  readonly miner: Address
  readonly peerId: string
  /** The libp2p addresses clients dial, with the peer ID. */
  readonly libp2pAddrs: readonly string[]
  readonly multiaddr: string
  readonly apiUrl: string
  readonly shutdown: ShutdownController
  readonly stopped: Promise<void>
  stop: () => Promise<void>
}

const SEALER_SOURCE = 'config.toml [Subsystems] SealerApiInfo'
const INDEX_SOURCE = 'config.toml [Subsystems] SectorIndexApiInfo'

export async function startMarketsNode (options: MarketsNodeOptions): Promise<MarketsNode> {
  const log = options.log ?? logger('markets')
  const stack = new StopStack(log)
  try {
    const lr = new FsRepo('StorageMiner', options.repoPath).open()
    stack.push({ name: 'repo', stop: () => { lr.close() } })
    const config = lr.config()
    const plan = planSubsystems(config)
    if (!plan.marketsOnly) throw new NelumboError('ERR_NOT_MARKETS_NODE', `${options.repoPath} is not a markets repo: [Subsystems] must enable Markets alone`)
    const miner = readMinerAddress(lr.metadata(), lr.path)

    const full = await connectFullNode(options.fullNode)
    stack.push({ name: 'full node client', stop: async () => { await full.close() } })
    // Lotus dials both at start-up and refuses to run without them; deals hand pieces to the sealer.
    const sealer = await connectMiningNode(config.Subsystems.SealerApiInfo, SEALER_SOURCE)
    stack.push({ name: 'sealer client', stop: async () => { await sealer.close() } })
    const index = await connectMiningNode(config.Subsystems.SectorIndexApiInfo, INDEX_SOURCE)
    stack.push({ name: 'sector index client', stop: async () => { await index.close() } })
    await checkSameMiner(sealer, miner)

    const shutdown = processShutdown(stack, options.bindSignals)
    await syncUnlessNosync(full, shutdown, log, options.nosync)

    const { secret } = await loadApiSecret(lr)
    const common = createCommonService({
      secret,
      logs: logRegistry,
      apiVersion: MinerAPIVersion0,
      blockDelaySecs: full.blockDelaySecs,
      onShutdown: () => { shutdown.trigger('Filecoin.Shutdown') },
      contracts: [MarketsContract]
    })
    const late = lateApi(MarketsContract)
    const pieceRoute: { current?: HttpRoute } = {}
    const server = await startApiServer({
      repo: lr,
      listenAddress: options.apiListenAddress ?? config.API.ListenAddress,
      secret,
      endpoints: [rpcEndpoint('/rpc/v0', MarketsContract, late.api)],
      metrics: createNodeMetrics(),
      routes: [{ path: PIECE_PATH, prefix: true, route: deferredRoute(() => pieceRoute.current) }],
      log: logger('rpc')
    })
    stack.push({ name: 'api server', stop: async () => { common.beginClosing(); await server.close() } })

    const sectorSize = (await full.api.StateMinerInfo(miner, TipSetKey.empty)).SectorSize
    const markets = await startMarketsSubsystem({
      lr, full: full.api, sealer, index, remoteToken: parseApiInfoMulti(config.Subsystems.SectorIndexApiInfo.trim())[0]!.token ?? '',
      miner, sectorSize, blockDelaySecs: full.blockDelaySecs, stack, log
    })
    pieceRoute.current = markets.pieceRoute
    late.bind({
      ...common.api,
      ActorAddress: async () => miner,
      ActorSectorSize: async (addr) => (await full.api.StateMinerInfo(addr, TipSetKey.empty)).SectorSize,
      RuntimeSubsystems: async () => ['Markets'],
      ...markets.api
    })
    const { libp2pAddrs, peerId } = markets
    log.info({ miner: miner.toString(), api: server.multiaddr, peerId, libp2p: libp2pAddrs }, 'markets node started')

    const stopped = shutdown.requested.then(async (reason) => {
      log.info({ reason }, 'shutting down')
      await stack.stopAll()
      log.info('markets node stopped')
    })
    return {
      api: late.api,
      miner,
      peerId,
      libp2pAddrs,
      multiaddr: server.multiaddr,
      apiUrl: server.url,
      shutdown,
      stopped,
      stop: async () => {
        shutdown.trigger('stop')
        await stopped
      }
    }
  } catch (err) {
    await stack.stopAll()
    throw err
  }
}

/** The sealer must mine for the miner this repo's metadata names, or deals would go to the wrong actor. */
async function checkSameMiner (sealer: Pick<MinerApi, 'ActorAddress'>, miner: Address): Promise<void> {
  const theirs = await sealer.ActorAddress()
  if (!theirs.equals(miner)) {
    throw new NelumboError('ERR_SEALER_MINER', `${SEALER_SOURCE} points at a mining node for ${theirs.toString()}, but this markets repo serves ${miner.toString()}`)
  }
}
