/**
 * What consensus reads of the storage actors (`PowerView`), from the chain's state: claims and
 * totals from the power actor's readers; the miner actor's info, proving set and election
 * blocks (fee debt, consensus faults) from readers the miner actor supplies. Without those, no
 * miner is found, so no block can win: the honest answer on a chain without miner actors.
 */
import type { Address } from '../../core/address/index.js'
import type { CID } from '../../core/cid.js'
import type { Blockstore } from '../../core/ipld/index.js'
import type { ChainEpoch, SectorNumber } from '../../core/types.js'
import { StorageMinerActorCode } from '../../chain/actors/index.js'
import { readActiveSectors, readMinerInfo, readMinerState, type MinerState } from '../../chain/actors/builtin/miner/index.js'
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

/** The storage miner actor's answers for consensus, from its state readers. */
export const builtinMinerReaders: MinerStateReaders = {
  minerInfo: async (tree, miner) => {
    const st = await minerStateOf(tree, miner)
    if (st === undefined) return undefined
    const info = await readMinerInfo(tree.store, st)
    return { worker: info.Worker, sectorSize: Number(info.SectorSize) }
  },
  provingSectors: async (tree, miner) => {
    const st = await minerStateOf(tree, miner)
    if (st === undefined) return []
    const sectors = await readActiveSectors(tree.store, st)
    return sectors
      .map((s) => ({ SealProof: s.SealProof, SectorNumber: s.SectorNumber as SectorNumber, SectorKey: s.SectorKeyCID, SealedCID: s.SealedCID }))
      .sort((a, b) => a.SectorNumber - b.SectorNumber)
  },
  // Lotus keeps a miner with fee debt, or inside a consensus-fault penalty, out of the election.
  electionBlocked: async (tree, miner, epoch) => {
    const st = await minerStateOf(tree, miner)
    if (st === undefined) return true
    const info = await readMinerInfo(tree.store, st)
    return st.FeeDebt > 0n || epoch <= info.ConsensusFaultElapsed
  }
}

async function minerStateOf (tree: StateTree, miner: Address): Promise<MinerState | undefined> {
  const actor = await tree.getActor(miner)
  if (actor == null || !actor.Code.equals(StorageMinerActorCode)) return undefined
  return await readMinerState(tree.store, actor.Head)
}
