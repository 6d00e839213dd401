/**
 * The markets subsystem as a node runs it: the storage ask, served over JSON-RPC
 * (`MarketGetAsk` / `MarketSetAsk`) and to clients over libp2p. It is built the same way in a
 * markets-only node and (later) in a monolith; what it needs from the chain comes through the
 * FullNode API, never from the mining side, so nothing here can stall Winning or Window PoSt.
 */
import type { Libp2p, StreamHandler } from '@libp2p/interface'
import type { MarketsOnlyApi } from '../api/markets.js'
import type { Address } from '../core/address/index.js'
import type { Logger } from '../log/index.js'
import type { Datastore } from '../repo/datastore.js'
import { StoredAsk, type StoredAskChain } from './ask/stored-ask.js'
import { ASK_PROTOCOL, askStreamHandler } from './network/ask-protocol.js'

export type MarketsProviderApi = Pick<MarketsOnlyApi, 'MarketGetAsk' | 'MarketSetAsk'>
export type ProtocolHost = Pick<Libp2p, 'handle' | 'unhandle'>

export interface MarketsProviderDeps {
  chain: StoredAskChain
  datastore: Datastore
  host: ProtocolHost
  log: Logger
}

export class MarketsProvider {
  readonly ask: StoredAsk
  private readonly protocols: Array<[string, StreamHandler]>

  constructor (private readonly deps: MarketsProviderDeps, options: { miner: Address, sectorSize: number }) {
    this.ask = new StoredAsk({ chain: deps.chain, datastore: deps.datastore }, options)
    this.protocols = [[ASK_PROTOCOL, askStreamHandler({ miner: options.miner, get: () => this.ask.get() }, deps.log)]]
  }

  async start (): Promise<void> {
    await this.ask.start()
    for (const [protocol, handler] of this.protocols) await this.deps.host.handle(protocol, handler)
  }

  async stop (): Promise<void> {
    for (const [protocol] of this.protocols) await this.deps.host.unhandle(protocol)
  }

  api (): MarketsProviderApi {
    return {
      MarketGetAsk: async () => this.ask.get() ?? null,
      MarketSetAsk: async (price, verifiedPrice, duration, minPieceSize, maxPieceSize) => {
        await this.ask.set({ price, verifiedPrice, duration, minPieceSize, maxPieceSize })
      }
    }
  }
}
