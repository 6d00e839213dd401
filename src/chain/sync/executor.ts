import type { Blockstore } from '../../core/ipld/index.js'
import type { ChainEpoch } from '../../core/types.js'
import type { TipSetRandomness } from '../rand/index.js'
import type { BlockMessages, TipSetExecution } from '../store/index.js'
import type { BlockHeader, TipSet, TipSetKey } from '../types/index.js'
import { applyTipset, type ApplyTipsetParams, type TipsetBlock, type VmContext } from '../vm/index.js'

/** What executing tipsets reads and writes of the chain store. */
export interface ExecutorChain {
  readonly blockstore: Blockstore
  loadTipSet: (key: TipSetKey) => Promise<TipSet>
  getBlockMessages: (header: BlockHeader) => Promise<BlockMessages>
  getExecution: (key: TipSetKey) => TipSetExecution | undefined
  recordExecution: (key: TipSetKey, execution: TipSetExecution) => void
}

/** The VM settings for an epoch, apart from what execution itself supplies. */
export type VmSettings = (epoch: ChainEpoch) => Omit<VmContext, 'epoch' | 'baseFee' | 'randomness'>

export interface TipSetExecutorDeps {
  chain: ExecutorChain
  /** Randomness bound to the tipset being executed. */
  randomness: (tsk: TipSetKey) => TipSetRandomness
  vm: VmSettings
  /** Told of each applied message (for metrics and SyncState's VMApplied). */
  onMessageApplied?: ApplyTipsetParams['onMessageApplied']
}

/**
 * Executes tipsets (Lotus `StateManager.TipSetState`): the state and receipts after applying a
 * tipset's messages on its parent state, remembered in the chain store's execution records so
 * each tipset runs once, even when asked for concurrently. Genesis is not executed: its state
 * and receipts are the ones its header names.
 */
export class TipSetExecutor {
  private readonly deps: TipSetExecutorDeps
  private readonly running = new Map<string, Promise<TipSetExecution>>()

  constructor (deps: TipSetExecutorDeps) {
    this.deps = deps
  }

  async executeTipset (ts: TipSet): Promise<TipSetExecution> {
    if (ts.height === 0) return { stateRoot: ts.parentState, receiptsRoot: ts.parentMessageReceipts }
    const known = this.deps.chain.getExecution(ts.key)
    if (known !== undefined) return known
    const inFlight = this.running.get(ts.key.id)
    if (inFlight !== undefined) return await inFlight
    const run = this.compute(ts).finally(() => this.running.delete(ts.key.id))
    this.running.set(ts.key.id, run)
    return await run
  }

  private async compute (ts: TipSet): Promise<TipSetExecution> {
    const parent = await this.deps.chain.loadTipSet(ts.parents)
    const blocks: TipsetBlock[] = []
    for (const header of ts.blocks) {
      const bm = await this.deps.chain.getBlockMessages(header)
      blocks.push({ miner: header.Miner, winCount: header.ElectionProof?.WinCount ?? 0, blsMessages: bm.bls, secpMessages: bm.secpk })
    }
    const randomness = this.deps.randomness(ts.key)
    const result = await applyTipset({
      store: this.deps.chain.blockstore,
      parentStateRoot: ts.parentState,
      parentEpoch: parent.height,
      epoch: ts.height,
      blocks,
      baseFee: ts.parentBaseFee,
      vm: (epoch) => ({ ...this.deps.vm(epoch), randomness }),
      onMessageApplied: this.deps.onMessageApplied
    })
    const execution = { stateRoot: result.stateRoot, receiptsRoot: result.receiptsRoot }
    this.deps.chain.recordExecution(ts.key, execution)
    return execution
  }
}
