/**
 * The markets subsystem as either process runs it: the public libp2p host and the markets
 * provider on it, answering `ID`, `Net*` and `MarketGetAsk/SetAsk`. A markets node
 * (`init service --type=markets`) and a monolith (`EnableMarkets` beside mining) wire the same
 * code; only the API around it differs. A mining node without Markets answers these methods
 * with a clear error instead.
 */
import type { FullNodeApi } from '../../api/fullnode/index.js'
import type { MarketsOnlyApi } from '../../api/markets.js'
import type { Address } from '../../core/address/index.js'
import { NelumboError } from '../../core/errors.js'
import type { Logger } from '../../log/index.js'
import { join } from 'node:path'
import type { StorageApi } from '../../api/sector-index.js'
import { actorId } from '../../core/types.js'
import { type DealSealer, MarketsProvider, PieceServer } from '../../markets/index.js'
import type { HttpRoute } from '../../rpc/index.js'
import type { LockedRepo } from '../../repo/index.js'
import type { StopStack } from '../common/stop-stack.js'
import { startLibp2pHost } from '../common/libp2p-host.js'

export interface MarketsSubsystem {
  readonly api: MarketsOnlyApi
  /** `GET /piece/<pieceCid>` (booster-http's piece retrieval), for the node's HTTP server. */
  readonly pieceRoute: HttpRoute
  readonly peerId: string
  /** Listen addresses with `/p2p/<peer ID>`. */
  readonly libp2pAddrs: readonly string[]
}

export interface MarketsSubsystemInput {
  lr: LockedRepo<'StorageMiner'>
  full: FullNodeApi
  /** The sealer deals are handed to: a client of the mining node, or this process's sealing service. */
  sealer: DealSealer
  /** The sector index (where unsealed copies live) and a token its `/remote` URLs accept. */
  index: Pick<StorageApi, 'StorageFindSector'>
  remoteToken: string
  miner: Address
  sectorSize: number
  blockDelaySecs: number
  stack: StopStack
  log: Logger
}

export async function startMarketsSubsystem (b: MarketsSubsystemInput): Promise<MarketsSubsystem> {
  const host = await startLibp2pHost(b.lr.keystore(), b.lr.config().Libp2p)
  b.stack.push({ name: 'libp2p host', stop: async () => { await host.stop() } })
  const provider = new MarketsProvider(
    { chain: b.full, sealer: b.sealer, datastore: b.lr.metadata(), host, config: () => b.lr.config(), log: b.log },
    { miner: b.miner, sectorSize: b.sectorSize, stagingDir: join(b.lr.path, 'deal-staging'), blockDelaySecs: b.blockDelaySecs })
  await provider.start()
  b.stack.push({ name: 'markets provider', stop: async () => { await provider.stop() } })
  const pieces = new PieceServer({
    deals: () => provider.deals.list(),
    index: b.index,
    minerId: actorId(b.miner.id(), 'miner address'),
    sectorSize: b.sectorSize,
    remoteToken: b.remoteToken,
    log: b.log
  })
  return {
    pieceRoute: { handleRequest: (req, res) => { pieces.handleRequest(req, res) } },
    peerId: host.peerId.toString(),
    libp2pAddrs: host.getMultiaddrs().map((a) => a.toString()),
    api: {
      ID: async () => host.peerId.toString(),
      // Lotus prints listen addresses without the /p2p part; `net listen` appends it.
      NetAddrsListen: async () => ({ ID: host.peerId.toString(), Addrs: host.getMultiaddrs().map((a) => a.decapsulateCode(421).toString()) }),
      NetPeers: async () => host.getPeers().map((p) => ({ ID: p.toString(), Addrs: host.getConnections(p).map((c) => c.remoteAddr.toString()) })),
      ...provider.api()
    }
  }
}

/** What a mining node without Markets answers to the markets methods. */
export function marketsDisabled (): MarketsOnlyApi {
  const refuse = (method: string) => async (): Promise<never> => {
    throw new NelumboError('ERR_MARKETS_DISABLED',
      `${method}: the markets subsystem is not enabled on this node ([Subsystems] EnableMarkets = false); market commands go to the markets node (MARKETS_API_INFO or --markets-repo)`)
  }
  return {
    ID: refuse('Filecoin.ID'),
    NetAddrsListen: refuse('Filecoin.NetAddrsListen'),
    NetPeers: refuse('Filecoin.NetPeers'),
    MarketGetAsk: refuse('Filecoin.MarketGetAsk'),
    MarketSetAsk: refuse('Filecoin.MarketSetAsk'),
    MarketImportDealData: refuse('Filecoin.MarketImportDealData'),
    MarketListProviderDeals: refuse('Filecoin.MarketListProviderDeals')
  }
}
