/**
 * What consensus reads of the storage actors (`PowerView`), from the chain's state: claims and
 * totals from the power actor's readers; the miner actor's info, proving set and election
 * blocks (fee debt, consensus faults) from readers the miner actor supplies. Without those, no
 * miner is found, so no block can win: the honest answer on a chain without miner actors.
 */
import type { Address } from '../../core/address/index.js'
import type { CID } from '../../core/cid.js'
import type { Blockstore } from '../../core/ipld/index.js'
import type { ChainEpoch } from '../../core/types.js'
import { readMinerPower } from '../../chain/actors/builtin/power/index.js'
import type { MinerElectionInfo, PowerView, ProvingSector } from '../../chain/consensus/index.js'
import { StateTree } from '../../chain/state/index.js'

/** What the miner actor answers about one miner at one state. */
export interface MinerStateReaders {
  minerInfo: (tree: StateTree, miner: Address) => Promise<MinerElectionInfo | undefined>
  /** Active sectors, sorted by sector number. */
  provingSectors: (tree: StateTree, miner: Address) => Promise<ProvingSector[]>
  /** Whether fee debt or a consensus fault in effect at `epoch` keeps the miner out of the election. */
  electionBlocked: (tree: StateTree, miner: Address, epoch: ChainEpoch) => Promise<boolean>
}

export function chainPowerView (store: Blockstore, minimumPower: bigint, miners?: MinerStateReaders): PowerView {
  const tree = async (root: CID): Promise<StateTree> => await StateTree.load(store, root)
  return {
    minerPower: async (root, miner) => await readMinerPower(await tree(root), miner, minimumPower),
    minerInfo: async (root, miner) => await miners?.minerInfo(await tree(root), miner),
    eligibleForElection: async (root, miner, baseEpoch) => {
      if (miners === undefined) return false
      const t = await tree(root)
      const p = await readMinerPower(t, miner, minimumPower)
      if (p === undefined || p.miner.QualityAdjPower <= 0n) return false
      return !await miners.electionBlocked(t, miner, baseEpoch)
    },
    provingSectors: async (root, miner) => (await miners?.provingSectors(await tree(root), miner)) ?? []
  }
}

/**
 * The miner actor's readers this build has: none yet (no storage miner actor), so consensus
 * finds no miner. The daemon uses these unless given others.
 */
export const builtinMinerReaders: MinerStateReaders | undefined = undefined
