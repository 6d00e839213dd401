/**
 * The miner actor's State* readers (Lotus `node/impl/full/state.go`): info, sectors, deadlines
 * and partitions, faults and recoveries, the proving deadline, balances and the pledge a sector
 * would need, and the market's provider collateral bounds. Each reads the parent state of the
 * tipset asked for, as Lotus does, and prints the shapes of Lotus v1.20's API.
 */
import { base58btc } from 'multiformats/bases/base58'
import { decode as decodeMultihash } from 'multiformats/hashes/digest'
import type { Address } from '../../../core/address/index.js'
import { decodeCbor } from '../../../core/cbor/index.js'
import type { CID } from '../../../core/cid.js'
import { Amt } from '../../../core/ipld/index.js'
import { NelumboError } from '../../../core/errors.js'
import type { PaddedPieceSize } from '../../../core/piece/index.js'
import type { ChainEpoch, DealId, SectorNumber, TokenAmount } from '../../../core/types.js'
import type { FullNodeApi } from '../../../api/fullnode/index.js'
import type * as api from '../../../api/fullnode/types/miner.js'
import { RewardActorAddr, StorageMinerActorCode, estimateValue, rewardStateCbor, type RewardState } from '../../../chain/actors/index.js'
import type { NetworkPolicy } from '../../../chain/actors/policy.js'
import {
  initialPledgeForPower, minerAvailableBalance, powerForSector, preCommitDepositForPower, provingDeadline,
  readActiveSectors, readDeadlines, readFaults, readMinerInfo, readMinerSectors, readMinerState, readPartitions,
  readPreCommitInfo, readRecoveries, readSectorInfo, readSectorLocation, BitWidths,
  type MinerInfo, type MinerState, type RewardInputs, type SectorOnChainInfo
} from '../../../chain/actors/builtin/miner/index.js'
import { activeSectors, liveSectors } from '../../../chain/actors/builtin/miner/partitions.js'
import { MinerStore } from '../../../chain/actors/builtin/miner/store.js'
import { readMarketDeal } from '../../../chain/actors/builtin/market/index.js'
import { dealProviderCollateralBounds } from '../../../chain/actors/builtin/market/policy.js'
import { readPowerState } from '../../../chain/actors/builtin/power/index.js'
import type { StateTree } from '../../../chain/state/index.js'
import type { TipSetKey } from '../../../chain/types/index.js'
import type { NodeChain } from '../node-chain.js'

export interface MinerStateApiDeps {
  chain: NodeChain
  /** The actors' policy the chain runs under (proving period, deadlines, pledge figures). */
  policy: NetworkPolicy
}

export type MinerStateApi = Pick<FullNodeApi,
  'StateMinerInfo' | 'StateMinerSectors' | 'StateMinerActiveSectors' | 'StateMinerSectorCount' | 'StateMinerSectorAllocated' |
  'StateSectorGetInfo' | 'StateSectorPreCommitInfo' | 'StateSectorPartition' | 'StateMinerDeadlines' | 'StateMinerPartitions' |
  'StateMinerProvingDeadline' | 'StateMinerFaults' | 'StateMinerRecoveries' | 'StateMinerAvailableBalance' |
  'StateMinerInitialPledgeCollateral' | 'StateMinerPreCommitDepositForPower' | 'StateDealProviderCollateralBounds'>

/** An address that is not a storage miner actor at the state asked about. */
export class NotAMinerError extends NelumboError {
  constructor (addr: Address, why: string) {
    super('ERR_NOT_A_MINER', `failed to load miner actor ${addr.toString()}: ${why}`)
  }
}

/** Lotus quotes pledge and collateral figures with 10% headroom (`initialPledgeNum/Den`, `dealProviderCollateralNum/Den`). */
const headroom = (v: bigint): TokenAmount => (v * 110n / 100n) as TokenAmount

export function minerStateApi (deps: MinerStateApiDeps): MinerStateApi {
  const { chain, policy } = deps
  const treeAt = async (tsk: TipSetKey): Promise<StateTree> => await chain.stateAt(await chain.tipset(tsk))
  const load = async (addr: Address, tsk: TipSetKey): Promise<{ tree: StateTree, st: MinerState, balance: bigint }> => {
    const tree = await treeAt(tsk)
    const actor = await tree.getActor(addr)
    if (actor == null) throw new NotAMinerError(addr, 'actor not found')
    if (!actor.Code.equals(StorageMinerActorCode)) throw new NotAMinerError(addr, `actor code ${actor.Code.toString()} is not the storage miner actor`)
    return { tree, st: await readMinerState(tree.store, actor.Head), balance: actor.Balance }
  }

  return {
    StateMinerInfo: async (addr, tsk) => {
      const { tree, st } = await load(addr, tsk)
      return minerInfoJson(await readMinerInfo(tree.store, st))
    },
    StateMinerSectors: async (addr, filter, tsk) => {
      const { tree, st } = await load(addr, tsk)
      return (await readMinerSectors(tree.store, st, filter ?? undefined)).map(sectorJson)
    },
    StateMinerActiveSectors: async (addr, tsk) => {
      const { tree, st } = await load(addr, tsk)
      return (await readActiveSectors(tree.store, st)).map(sectorJson)
    },
    StateMinerSectorCount: async (addr, tsk) => {
      const { tree, st } = await load(addr, tsk)
      let live = 0; let active = 0; let faulty = 0
      for (const [i] of (await readDeadlines(tree.store, st)).entries()) {
        for (const p of await readPartitions(tree.store, st, i)) {
          live += liveSectors(p).count()
          active += activeSectors(p).count()
          faulty += p.Faults.count()
        }
      }
      return { Live: live, Active: active, Faulty: faulty }
    },
    StateMinerSectorAllocated: async (addr, n, tsk) => {
      const { tree, st } = await load(addr, tsk)
      return (await new MinerStore(tree.store, st).allocated()).has(n)
    },
    StateSectorGetInfo: async (addr, n, tsk) => {
      const { tree, st } = await load(addr, tsk)
      const s = await readSectorInfo(tree.store, st, n)
      return s === null ? null : sectorJson(s)
    },
    StateSectorPreCommitInfo: async (addr, n, tsk) => {
      const { tree, st } = await load(addr, tsk)
      const pc = await readPreCommitInfo(tree.store, st, n)
      if (pc === null) return null
      const i = pc.Info
      return {
        Info: {
          SealProof: i.SealProof,
          SectorNumber: i.SectorNumber as SectorNumber,
          SealedCID: i.SealedCID,
          SealRandEpoch: i.SealRandEpoch as ChainEpoch,
          DealIDs: i.DealIDs as DealId[],
          Expiration: i.Expiration as ChainEpoch,
          UnsealedCid: i.UnsealedCid
        },
        PreCommitDeposit: pc.PreCommitDeposit,
        PreCommitEpoch: pc.PreCommitEpoch as ChainEpoch
      }
    },
    StateSectorPartition: async (addr, n, tsk) => {
      const { tree, st } = await load(addr, tsk)
      const loc = await readSectorLocation(tree.store, st, n)
      if (loc === null) throw new NelumboError('ERR_SECTOR_NOT_FOUND', `sector ${n} not found in any partition of miner ${addr.toString()}`)
      return loc
    },
    StateMinerDeadlines: async (addr, tsk) => {
      const { tree, st } = await load(addr, tsk)
      const out: api.Deadline[] = []
      for (const dl of await readDeadlines(tree.store, st)) {
        out.push({ PostSubmissions: dl.PartitionsPoSted, DisputableProofCount: await countEntries(tree, dl.OptimisticPoStSubmissions) })
      }
      return out
    },
    StateMinerPartitions: async (addr, index, tsk) => {
      const { tree, st } = await load(addr, tsk)
      if (index >= policy.WPoStPeriodDeadlines) {
        throw new NelumboError('ERR_INVALID_DEADLINE', `deadline index ${index} out of range: a proving period has ${policy.WPoStPeriodDeadlines} deadlines`)
      }
      return (await readPartitions(tree.store, st, index)).map((p) => ({
        AllSectors: p.Sectors,
        FaultySectors: p.Faults,
        RecoveringSectors: p.Recoveries,
        LiveSectors: liveSectors(p),
        ActiveSectors: activeSectors(p)
      }))
    },
    StateMinerProvingDeadline: async (addr, tsk) => {
      const ts = await chain.tipset(tsk)
      const { st } = await load(addr, ts.key)
      // dline.Info's epochs are plain numbers in the actor's arithmetic; the API brands them.
      return provingDeadline(policy, st, ts.height) as unknown as api.DeadlineInfo
    },
    StateMinerFaults: async (addr, tsk) => {
      const { tree, st } = await load(addr, tsk)
      return await readFaults(tree.store, st)
    },
    StateMinerRecoveries: async (addr, tsk) => {
      const { tree, st } = await load(addr, tsk)
      return await readRecoveries(tree.store, st)
    },
    StateMinerAvailableBalance: async (addr, tsk) => {
      const { st, balance } = await load(addr, tsk)
      return minerAvailableBalance(balance, st) as TokenAmount
    },
    StateMinerPreCommitDepositForPower: async (addr, pci, tsk) => {
      const ts = await chain.tipset(tsk)
      const { tree, st } = await load(addr, ts.key)
      const qa = await sectorQaPower(tree, st, pci, ts.height)
      return headroom(preCommitDepositForPower(policy, await rewardInputs(tree), qa))
    },
    StateMinerInitialPledgeCollateral: async (addr, pci, tsk) => {
      const ts = await chain.tipset(tsk)
      const { tree, st } = await load(addr, ts.key)
      const qa = await sectorQaPower(tree, st, pci, ts.height)
      return headroom(initialPledgeForPower(policy, await rewardInputs(tree), qa))
    },
    StateDealProviderCollateralBounds: async (size: PaddedPieceSize, _verified: boolean, tsk: TipSetKey) => {
      const tree = await treeAt(tsk)
      const power = await readPowerState(tree)
      const reward = await readReward(tree)
      const b = dealProviderCollateralBounds({
        provCollateralPercentSupplyNum: policy.ProvCollateralPercentSupplyNum, provCollateralPercentSupplyDenom: policy.ProvCollateralPercentSupplyDenom
      }, BigInt(size), power.TotalRawBytePower, reward.ThisEpochBaselinePower, circulatingSupply)
      return { Min: headroom(b.min), Max: b.max }
    }
  }
}

/**
 * The circulating supply the devnet's VM gives the actors (none is tracked yet, so 0: the
 * supply-based parts of pledge and collateral are zero), used here so quotes match what the
 * actors will charge.
 */
const circulatingSupply = 0n

/** Optimistically accepted proofs still open to dispute: the entries of a deadline's submissions AMT. */
async function countEntries (tree: StateTree, root: CID): Promise<number> {
  let n = 0
  for await (const _ of (await Amt.load(tree.store, root, { bitWidth: BitWidths.OptimisticPoStSubmissions })).keys()) n++
  return n
}

async function readReward (tree: StateTree): Promise<RewardState> {
  const actor = await tree.requireActor(RewardActorAddr)
  const bytes = await tree.store.get(actor.Head)
  if (bytes === undefined) throw new NelumboError('ERR_STATE_MISSING', `reward actor state ${actor.Head.toString()} missing from the blockstore`)
  return decodeCbor(rewardStateCbor, bytes, `reward actor state ${actor.Head.toString()}`)
}

/** What the miner actor reads from the reward and power actors for its pledge formulas (as `rewardInputs` in the actor). */
async function rewardInputs (tree: StateTree): Promise<RewardInputs> {
  const reward = await readReward(tree)
  const power = await readPowerState(tree)
  return {
    epochReward: estimateValue(reward.ThisEpochRewardSmoothed),
    networkQAPower: estimateValue(power.ThisEpochQAPowerSmoothed),
    baselinePower: reward.ThisEpochBaselinePower,
    circulatingSupply
  }
}

/** A pre-committed sector's quality-adjusted power: verified deal space-time from `epoch` to the sector's expiration. */
async function sectorQaPower (tree: StateTree, st: MinerState, pci: api.SectorPreCommitInfo, epoch: number): Promise<bigint> {
  const info = await readMinerInfo(tree.store, st)
  let verified = 0n
  for (const id of pci.DealIDs) {
    const deal = await readMarketDeal(tree, id)
    if (deal === undefined) throw new NelumboError('ERR_DEAL_NOT_FOUND', `deal ${id} of sector ${pci.SectorNumber} not found in the market actor`)
    const end = Math.min(deal.Proposal.EndEpoch, pci.Expiration)
    if (deal.Proposal.VerifiedDeal) verified += BigInt(deal.Proposal.PieceSize) * BigInt(Math.max(0, end - epoch))
  }
  return powerForSector(info.SectorSize, epoch, pci.Expiration, verified).QA
}

function minerInfoJson (info: MinerInfo): api.MinerInfo {
  return {
    Owner: info.Owner,
    Worker: info.Worker,
    NewWorker: info.PendingWorkerKey?.NewWorker ?? null,
    ControlAddresses: info.ControlAddresses,
    WorkerChangeEpoch: (info.PendingWorkerKey?.EffectiveAt ?? -1) as ChainEpoch,
    PeerId: peerIdText(info.PeerId),
    Multiaddrs: info.Multiaddrs,
    WindowPoStProofType: info.WindowPoStProofType,
    SectorSize: Number(info.SectorSize),
    WindowPoStPartitionSectors: info.WindowPoStPartitionSectors,
    ConsensusFaultElapsed: info.ConsensusFaultElapsed as ChainEpoch,
    PendingOwnerAddress: info.PendingOwnerAddress,
    Beneficiary: info.Beneficiary,
    BeneficiaryTerm: { ...info.BeneficiaryTerm, Expiration: info.BeneficiaryTerm.Expiration as ChainEpoch },
    PendingBeneficiaryTerm: info.PendingBeneficiaryTerm === null ? null : { ...info.PendingBeneficiaryTerm, NewExpiration: info.PendingBeneficiaryTerm.NewExpiration as ChainEpoch }
  }
}

/** A peer ID's text form, or null when the bytes are not a multihash (Lotus prints no peer ID then). */
function peerIdText (bytes: Uint8Array): string | null {
  if (bytes.length === 0) return null
  try {
    decodeMultihash(bytes)
  } catch {
    return null
  }
  return base58btc.baseEncode(bytes)
}

function sectorJson (s: SectorOnChainInfo): api.SectorOnChainInfo {
  return {
    SectorNumber: s.SectorNumber as SectorNumber,
    SealProof: s.SealProof,
    SealedCID: s.SealedCID,
    DealIDs: s.DealIDs as DealId[],
    Activation: s.Activation as ChainEpoch,
    Expiration: s.Expiration as ChainEpoch,
    DealWeight: s.DealWeight,
    VerifiedDealWeight: s.VerifiedDealWeight,
    InitialPledge: s.InitialPledge,
    ExpectedDayReward: s.ExpectedDayReward,
    ExpectedStoragePledge: s.ExpectedStoragePledge,
    // v1.20 prints the replaced sector's age; builtin-actors v12 keeps the epoch power is counted from.
    ReplacedSectorAge: (s.PowerBaseEpoch - s.Activation) as ChainEpoch,
    ReplacedDayReward: s.ReplacedDayReward,
    SectorKeyCID: s.SectorKeyCID,
    SimpleQAPower: (s.Flags & 1) !== 0
  }
}
