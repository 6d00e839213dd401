/**
 * The full node's storage client, wired: imports under `<repo>/imports`, the CAR offers served on
 * the API server's `/client/transfer/`, and a libp2p host that only dials providers, started on
 * first use (a daemon that makes no deals opens no libp2p connection at all).
 */
import { join } from 'node:path'
import { mkdirSync } from 'node:fs'
import { multiaddr } from '@multiformats/multiaddr'
import type { Stream } from '@libp2p/interface'
import type { ApiOf } from '../../api/contract.js'
import type { ClientContract } from '../../api/fullnode/client.js'
import { ClientDeals, type ClientChain, ClientStore, TransferOffers, importData, type ProviderDialer } from '../../client/index.js'
import { NelumboError } from '../../core/errors.js'
import type { Logger } from '../../log/index.js'
import type { LockedRepo } from '../../repo/index.js'
import type { HttpRoute } from '../../rpc/index.js'
import { type MarketsHost, dialOnlyHost } from '../common/libp2p-host.js'
import type { StopStack } from '../common/stop-stack.js'

export interface StorageClient {
  readonly api: ApiOf<typeof ClientContract>
  readonly transferRoute: HttpRoute
}

export function storageClient (b: { lr: LockedRepo<'FullNode'>, chain: ClientChain, transferBaseUrl: () => string, blockDelaySecs: number, stack: StopStack, log: Logger }): StorageClient {
  const store = new ClientStore(b.lr.metadata())
  const transfers = new TransferOffers(b.lr.metadata())
  const importsDir = join(b.lr.path, 'imports')
  let host: Promise<MarketsHost> | undefined
  b.stack.push({ name: 'client libp2p host', stop: async () => { if (host !== undefined) await (await host).stop() } })
  const dialer: ProviderDialer = {
    dial: async (peerId, addrs, protocols, signal) => {
      host ??= dialOnlyHost(b.lr.keystore())
      const h = await host
      let last: Error | undefined
      for (const a of addrs) {
        try {
          return await h.dialProtocol(multiaddr(`${a}/p2p/${peerId}`), [...protocols], { signal }) as Stream
        } catch (err) {
          last = err as Error
        }
      }
      throw new NelumboError('ERR_DIAL_PROVIDER', `could not reach provider ${peerId} at ${addrs.join(', ')}: ${last?.message ?? 'no address'}`)
    }
  }
  const deals = new ClientDeals({ chain: b.chain, dialer, store, transfers, log: b.log }, { transferBaseUrl: b.transferBaseUrl, blockDelaySecs: b.blockDelaySecs })
  return {
    transferRoute: { handleRequest: (req, res) => { transfers.handleRequest(req, res) } },
    api: {
      ClientImport: async (ref) => {
        mkdirSync(importsDir, { recursive: true })
        const imp = await importData(ref.Path, { car: ref.IsCAR, importsDir })
        const rec = store.addImport({ root: imp.root, carPath: imp.carPath, carSize: imp.carSize, pieceCid: imp.pieceCid, pieceSize: imp.pieceSize })
        b.log.info({ root: rec.root.toString(), id: rec.id, piece: rec.pieceCid.toString() }, 'imported data for deals')
        return { Root: rec.root, ImportID: rec.id }
      },
      ClientStartDeal: async (params) => await deals.startDeal(params),
      ClientListDeals: async () => await deals.listDeals(),
      ClientQueryAsk: async (peer, miner) => await deals.queryAsk(peer, miner)
    }
  }
}
