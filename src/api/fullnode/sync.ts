import { defineContract, method } from '../contract.js'
import { AddrInfo, BlockTemplate, MiningBaseInfo, SyncState } from './types/api.js'
import { BlockMsg, TipSetKey } from './types/chain.js'
import { ptr, slice } from './types/named.js'
import { Address, ChainEpoch, Nothing } from './types/scalars.js'

/** Lotus's `Sync*` methods the devnet serves (v1.20). */
export const SyncContract = defineContract({
  SyncState: method({
    name: 'Filecoin.SyncState',
    perm: 'read',
    summary: 'Returns the state of the chain sync workers.',
    params: [],
    result: SyncState
  }),
  SyncSubmitBlock: method({
    name: 'Filecoin.SyncSubmitBlock',
    perm: 'write',
    summary: 'Submits a newly mined block to the node for validation and the network.',
    params: [BlockMsg],
    result: Nothing
  })
})

/** Lotus's `Miner*` methods: what a mining node asks of the full node to make blocks (v1.20). */
export const MinerBlockContract = defineContract({
  MinerGetBaseInfo: method({
    name: 'Filecoin.MinerGetBaseInfo',
    perm: 'read',
    summary: 'Returns what a miner needs to try to win an epoch on top of a tipset; null if it has no power.',
    params: [Address, ChainEpoch, TipSetKey],
    result: ptr(MiningBaseInfo)
  }),
  MinerCreateBlock: method({
    name: 'Filecoin.MinerCreateBlock',
    perm: 'write',
    summary: 'Builds and signs a block from a template: computes the state, message roots and BLS aggregate.',
    params: [BlockTemplate],
    result: BlockMsg
  })
})

/** Lotus's `Net*` methods the devnet serves (api/api_net.go, v1.20); the miner serves them too. */
export const NetContract = defineContract({
  NetAddrsListen: method({
    name: 'Filecoin.NetAddrsListen',
    perm: 'read',
    summary: "Returns the node's peer ID and listen addresses.",
    params: [],
    result: AddrInfo
  }),
  NetPeers: method({
    name: 'Filecoin.NetPeers',
    perm: 'read',
    summary: 'Lists the connected peers.',
    params: [],
    result: slice(AddrInfo)
  })
})
