/**
 * Sync*, Miner* and Net* methods: block submission and the sync state (Lotus
 * `node/impl/full/sync.go`), the block-production methods a miner calls (`MinerGetBaseInfo`,
 * `MinerCreateBlock`), and the network methods, which say honestly that this full node has no
 * libp2p host yet: it listens on no peer-to-peer address and has no peers.
 */
import type { Address } from '../../../core/address/index.js'
import type { ChainEpoch } from '../../../core/types.js'
import type { BlockTemplate, MiningBaseInfo } from '../../../chain/consensus/index.js'
import type { ChainService, SyncState } from '../../../chain/sync/index.js'
import type { BlockMsg, ElectionProof, Ticket, TipSetKey } from '../../../chain/types/index.js'
import { InvalidInputError } from '../../../core/errors.js'

/** Go's zero `time.Time`, which Lotus sends for a sync that has not started or ended. */
export const GoZeroTime = new Date('0001-01-01T00:00:00Z')

export interface SyncApiDeps {
  service: ChainService
}

/** What `NetAddrsListen` returns (Lotus `peer.AddrInfo`). */
export interface AddrInfo {
  ID: string
  Addrs: string[]
}

export function syncApi (deps: SyncApiDeps) {
  const { service } = deps
  return {
    SyncState: async () => {
      const st: SyncState = service.syncState()
      return {
        VMApplied: st.VMApplied,
        ActiveSyncs: st.ActiveSyncs.map((a) => ({
          ...a, Height: a.Height as ChainEpoch, Start: a.Start ?? GoZeroTime, End: a.End ?? GoZeroTime
        }))
      }
    },
    SyncSubmitBlock: async (blk: BlockMsg): Promise<void> => { await service.submitBlock(blk) },
    MinerGetBaseInfo: async (miner: Address, epoch: ChainEpoch, tsk: TipSetKey): Promise<MiningBaseInfo | null> =>
      (await service.getMiningBaseInfo(miner, epoch, tsk)) ?? null,
    MinerCreateBlock: async (bt: Omit<BlockTemplate, 'Ticket' | 'Eproof'> & { Ticket: Ticket | null, Eproof: ElectionProof | null }): Promise<BlockMsg> => {
      if (bt.Ticket === null) throw new InvalidInputError('ERR_INVALID_TEMPLATE', 'block template has no ticket', { source: 'BlockTemplate.Ticket' })
      if (bt.Eproof === null) throw new InvalidInputError('ERR_INVALID_TEMPLATE', 'block template has no election proof', { source: 'BlockTemplate.Eproof' })
      return await service.createBlock({ ...bt, Ticket: bt.Ticket, Eproof: bt.Eproof })
    }
  }
}

export function netApi () {
  return {
    NetAddrsListen: async (): Promise<AddrInfo> => ({ ID: '', Addrs: [] }),
    NetPeers: async (): Promise<AddrInfo[]> => []
  }
}
