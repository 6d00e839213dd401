import { Protocol, type Address } from '../../core/address/index.js'
import type { CID } from '../../core/cid.js'
import { actorId, type ActorId, type ChainEpoch } from '../../core/types.js'
import { sealProofForSectorSize, winningPoStProofForSeal, type RegisteredPoStProof } from '../../core/sector/index.js'
import { StateTree } from '../state/index.js'
import type { TipSet } from '../types/index.js'
import type { ConsensusDeps, ResolvedConsensusOptions } from './context.js'
import type { ProvingSector } from './power-view.js'

/** The tipset and state the election at `round` reads (Lotus `GetLookbackTipSetForRound`). */
export async function lookbackForRound (
  deps: ConsensusDeps, opts: ResolvedConsensusOptions, base: TipSet, round: ChainEpoch
): Promise<{ ts: TipSet, stateRoot: CID }> {
  const lb = opts.winningPoStSectorSetLookback
  const lbr = (round > lb ? round - lb : 0) as ChainEpoch
  if (lbr >= base.height) return { ts: base, stateRoot: (await deps.execute(base)).stateRoot }
  // The tipset after the lookback epoch (or the next non-null one) holds the state after it.
  const next = await deps.chain.getTipsetByHeight((lbr + 1) as ChainEpoch, base, false)
  return { ts: await deps.chain.loadTipSet(next.parents), stateRoot: next.parentState }
}

/** The key address of `addr` at `stateRoot` (Lotus `ResolveToDeterministicAddress`). */
export async function resolveKeyAddress (deps: ConsensusDeps, stateRoot: CID, addr: Address): Promise<Address> {
  if (addr.protocol === Protocol.BLS || addr.protocol === Protocol.SECP256K1) return addr
  const tree = await StateTree.load(deps.chain.blockstore, stateRoot)
  return await tree.resolveToKeyAddress(addr)
}

/** The miner's worker key at the lookback state (Lotus `GetMinerWorkerRaw`); undefined for no miner. */
export async function minerWorkerKey (deps: ConsensusDeps, stateRoot: CID, miner: Address): Promise<Address | undefined> {
  const info = await deps.power.minerInfo(stateRoot, miner)
  return info === undefined ? undefined : await resolveKeyAddress(deps, stateRoot, info.worker)
}

/** Lotus `MinerEligibleToMine`: minimum power at the lookback state, then the base's election rules. */
export async function minerEligibleToMine (deps: ConsensusDeps, miner: Address, base: TipSet, lookbackState: CID): Promise<boolean> {
  const pow = await deps.power.minerPower(lookbackState, miner)
  if (pow === undefined || !pow.hasMinPower) return false
  return await deps.power.eligibleForElection(base.parentState, miner, base.height)
}

/** The miner's actor ID (miners are always ID addresses in headers). */
export function minerActorId (miner: Address): ActorId {
  if (miner.protocol !== Protocol.ID) throw new TypeError(`miner address ${miner.toString()} is not an ID address`)
  return actorId(miner.id())
}

/** The Winning PoSt proof type for a miner's sector size. */
export function winningPoStProofFor (sectorSize: number): RegisteredPoStProof {
  return winningPoStProofForSeal(sealProofForSectorSize(sectorSize))
}

/**
 * The sectors a Winning PoSt at `rand` is challenged on (Lotus `GetSectorsForWinningPoSt`):
 * the verifier picks indexes into the miner's proving set at the lookback state.
 */
export async function sectorsForWinningPoSt (deps: ConsensusDeps, stateRoot: CID, miner: Address, rand: Uint8Array): Promise<ProvingSector[]> {
  const proving = await deps.power.provingSectors(stateRoot, miner)
  if (proving.length === 0) return []
  const info = await deps.power.minerInfo(stateRoot, miner)
  if (info === undefined) return []
  const ids = deps.verifier.generateWinningPoStSectorChallenge(winningPoStProofFor(info.sectorSize), minerActorId(miner), rand, proving.length)
  const picked = new Map<number, ProvingSector>()
  for (const i of ids) {
    const s = proving[i]
    if (s !== undefined) picked.set(s.SectorNumber, s)
  }
  return [...picked.values()]
}
