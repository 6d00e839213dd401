import type { CID } from '../../core/cid.js'
import type { Blockstore } from '../../core/ipld/index.js'
import type { ChainEpoch } from '../../core/types.js'
import type { Verifier } from '../../proofs/types.js'
import type { RandomBeacon } from '../beacon/index.js'
import type { BlockMessages, TipSetExecution } from '../store/index.js'
import type { BlockHeader, TipSet, TipSetKey } from '../types/index.js'
import type { ChainClock } from './clock.js'
import type { PowerView } from './power-view.js'

/** What consensus reads of the chain store. */
export interface ConsensusChain {
  readonly blockstore: Blockstore
  loadTipSet: (key: TipSetKey) => Promise<TipSet>
  getTipsetByHeight: (height: ChainEpoch, from?: TipSet, prev?: boolean) => Promise<TipSet>
  getBlockMessages: (header: BlockHeader) => Promise<BlockMessages>
  weight: (ts: TipSet) => Promise<bigint>
}

export interface ConsensusDeps {
  chain: ConsensusChain
  beacon: RandomBeacon
  power: PowerView
  verifier: Pick<Verifier, 'verifyWinningPoSt' | 'generateWinningPoStSectorChallenge'>
  clock: ChainClock
  /** The state and receipts after executing `ts` (the chain service memoises it). */
  execute: (ts: TipSet) => Promise<TipSetExecution>
  /** Whether an actor code may send messages (the VM's actor registry). */
  isAccountActor: (code: CID) => boolean
}

export interface ConsensusOptions {
  /** Epochs between the state the election reads and the round (Lotus `WinningPoStSectorSetLookback`). Default 10. */
  winningPoStSectorSetLookback?: number
  /** How far a block's epoch may start in the future (Lotus `AllowableClockDriftSecs` = 1 s). Default 1000 ms. */
  allowableClockDriftMs?: number
  /** Most gas the messages of one block may ask for (Lotus `BlockGasLimit`). Default 10^10. */
  blockGasLimit?: bigint
  /** Most messages one block may hold (Lotus `BlockMessageLimit`). Default 10000. */
  blockMessageLimit?: number
}

export type ResolvedConsensusOptions = Required<ConsensusOptions>

export function resolveConsensusOptions (o: ConsensusOptions = {}): ResolvedConsensusOptions {
  return {
    winningPoStSectorSetLookback: o.winningPoStSectorSetLookback ?? 10,
    allowableClockDriftMs: o.allowableClockDriftMs ?? 1000,
    blockGasLimit: o.blockGasLimit ?? 10_000_000_000n,
    blockMessageLimit: o.blockMessageLimit ?? 10_000
  }
}

/** Whether two CIDs are the same (CID.equals narrows its argument, awkward in negated tests). */
export function sameCid (a: CID, b: CID): boolean {
  return a.toString() === b.toString()
}
