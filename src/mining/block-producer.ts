/**
 * Block production (Lotus `miner/miner.go`): for each new base from ChainNotify, wait the
 * propagation delay so sibling blocks can join the tipset, then try the next round: base info,
 * ticket and election VRFs signed by the worker key, Winning PoSt over the challenged sectors,
 * messages, MinerCreateBlock, and SyncSubmitBlock once the block's epoch has begun. A round
 * without a block leaves a null round and the next round is tried on the same base.
 *
 * It waits only on the chain (the full node API slice it is given), the prover and the sector
 * files: nothing here can reach the markets subsystem.
 */
import { setImmediate as yieldTurn } from 'node:timers/promises'
import type { FullNodeApi } from '../api/fullnode/index.js'
import { Protocol, type Address } from '../core/address/index.js'
import type { Signature } from '../core/crypto/index.js'
import { InvalidInputError } from '../core/errors.js'
import { sectorId } from '../core/sector/index.js'
import { actorId, type ActorId, type ChainEpoch } from '../core/types.js'
import { ChainClock } from '../chain/consensus/clock.js'
import { blockHeaderCid, type BlockHeader, type TipSet } from '../chain/types/index.js'
import type { Logger } from '../log/index.js'
import { computeVrf, isRoundWinner, ticketRandomness, winningPoStRandomness, type Prover } from '../proofs/index.js'
import { HeadFollower } from './head-follower.js'
import { blockProductionMetrics, type BlockProductionMetrics } from './metrics.js'
import { privateSectorInfo, type SectorFileSource } from './sector-files.js'
import { selectMessages } from './select-messages.js'
import { abortable, sleep } from './timing.js'

export type BlockProducerChainApi = Pick<FullNodeApi,
  'ChainNotify' | 'ChainGetGenesis' | 'MinerGetBaseInfo' | 'MinerCreateBlock' | 'SyncSubmitBlock' | 'MpoolPending'>

/** Signs with the worker key: the full node's WalletSign, or a local key. */
export type WorkerSigner = (worker: Address, data: Uint8Array) => Promise<Signature>

export function walletSigner (api: Pick<FullNodeApi, 'WalletSign'>): WorkerSigner {
  return async (worker, data) => await api.WalletSign(worker, data)
}

export interface BlockProducerDeps {
  chain: BlockProducerChainApi
  sign: WorkerSigner
  prover: Pick<Prover, 'generateWinningPoSt'>
  sectors: SectorFileSource
  log?: Logger
  metrics?: BlockProductionMetrics
}

export type RoundOutcome = 'won' | 'lost' | 'ineligible' | 'error'

export interface RoundResult {
  readonly round: ChainEpoch
  readonly base: TipSet
  readonly nullRounds: number
  readonly outcome: RoundOutcome
  /** Why the miner was ineligible or what failed. */
  readonly detail?: string
  readonly block?: BlockHeader
}

export interface BlockProducerOptions {
  /** The miner actor, an ID address (t01000). */
  miner: Address
  /** Epoch length (Lotus `BlockDelaySecs` × 1000). */
  blockDelayMs: number
  /** Wait after a base's epoch begins before mining on it (Lotus `PropagationDelaySecs`). Default 1000 ms. */
  propagationDelayMs?: number
  /** The genesis block's Timestamp; default asked of the node (ChainGetGenesis) at start. */
  genesisTimestamp?: number
  /** Wait after a failed round. Default 1000 ms. */
  errorBackoffMs?: number
  /** Most messages per block. */
  maxMessages?: number
  /** Current time in ms; default Date.now (tests). */
  now?: () => number
  /** Called after every round. */
  onRound?: (result: RoundResult) => void
}

/** What `lotus-miner info` shows about block production. */
export interface MiningStatus {
  readonly running: boolean
  readonly blocksWon: number
  readonly lastWinEpoch: ChainEpoch | undefined
  /** Whether the last base info let the miner mine (undefined before the first round). */
  readonly eligible: boolean | undefined
  readonly lastRound: ChainEpoch | undefined
}

export class BlockProducer {
  private readonly log: Logger | undefined
  private readonly metrics: BlockProductionMetrics
  private readonly minerId: ActorId
  private readonly heads: HeadFollower
  private readonly abort = new AbortController()
  private clock: ChainClock | undefined
  private loop: Promise<void> | undefined
  private base: TipSet | undefined
  private readonly minedHeights = new Set<number>()
  private won = 0
  private lastWin: ChainEpoch | undefined
  private eligible: boolean | undefined
  private lastRound: ChainEpoch | undefined

  constructor (private readonly deps: BlockProducerDeps, private readonly options: BlockProducerOptions) {
    if (options.miner.protocol !== Protocol.ID) {
      throw new InvalidInputError('ERR_MINER_ADDRESS', `block producer: miner must be an ID address, got ${options.miner.toString()}`, { value: options.miner, source: 'miner' })
    }
    this.minerId = actorId(options.miner.id())
    this.log = deps.log
    this.metrics = deps.metrics ?? blockProductionMetrics()
    this.heads = new HeadFollower(deps.chain, () => {}, { log: deps.log })
  }

  async start (): Promise<void> {
    if (this.loop !== undefined) return
    const genesis = this.options.genesisTimestamp ?? (await this.deps.chain.ChainGetGenesis({ signal: this.abort.signal })).minTimestamp
    this.clock = new ChainClock({ genesisTimestamp: genesis, blockDelayMs: this.options.blockDelayMs, now: this.options.now })
    this.heads.start()
    this.loop = this.run(this.clock)
    this.log?.info({ miner: this.options.miner.toString() }, 'mining: block producer started')
  }

  async stop (): Promise<void> {
    this.abort.abort()
    await this.heads.stop()
    await this.loop
  }

  /** The tipset the producer mines on (Lotus `MiningBase`). */
  miningBase (): TipSet | undefined {
    return this.base ?? this.heads.head
  }

  status (): MiningStatus {
    return { running: this.loop !== undefined && !this.abort.signal.aborted, blocksWon: this.won, lastWinEpoch: this.lastWin, eligible: this.eligible, lastRound: this.lastRound }
  }

  private now (): number {
    return this.options.now?.() ?? Date.now()
  }

  private async run (clock: ChainClock): Promise<void> {
    const signal = this.abort.signal
    const prop = this.options.propagationDelayMs ?? 1000
    let nulls = 0
    while (!signal.aborted) {
      // One turn of the event loop per round, so the node's other work is never starved.
      await yieldTurn()
      const head = this.heads.head
      if (head === undefined) {
        await this.heads.nextChange(signal)
        continue
      }
      if (this.base === undefined || !head.equals(this.base)) {
        // A new base: give blocks of its epoch time to arrive, then take the best head again.
        await sleep(clock.epochStartMs(head.height) + prop - this.now(), signal)
        if (signal.aborted) break
        if (this.heads.head !== head) continue
        this.base = head
        nulls = 0
      }
      const base = this.base
      // Rounds whose epoch is already over are skipped rather than tried one by one (Lotus
      // tries each): a producer slower than the block delay would otherwise never catch up.
      nulls = Math.max(nulls, clock.epochAt(this.now()) - base.height - 1)
      const round = (base.height + nulls + 1) as ChainEpoch
      let failed = false
      try {
        await this.mineOne(clock, base, round, nulls)
      } catch (err) {
        // Stopping aborts the round's calls: that is no failure.
        if (signal.aborted) break
        failed = true
        this.metrics.rounds.inc({ outcome: 'error' })
        this.log?.error({ round, err: (err as Error).message }, `mining block failed: ${(err as Error).message}`)
        this.options.onRound?.({ round, base, nullRounds: nulls, outcome: 'error', detail: (err as Error).message })
      }
      if (signal.aborted) break
      if (failed) await sleep(this.options.errorBackoffMs ?? 1000, signal)
      // The round is over whatever happened; the next is on the same base unless the head moves.
      nulls++
      const wait = new AbortController()
      const onStop = (): void => { wait.abort() }
      signal.addEventListener('abort', onStop, { once: true })
      void this.heads.nextChange(wait.signal).then(() => { wait.abort() })
      // A head that moved while this round ran is already news: no sleep.
      if (this.heads.head?.equals(base) === true) await sleep(clock.epochStartMs((base.height + nulls) as ChainEpoch) + prop - this.now(), wait.signal)
      wait.abort()
      signal.removeEventListener('abort', onStop)
    }
  }

  private report (r: RoundResult): void {
    this.lastRound = r.round
    this.metrics.rounds.inc({ outcome: r.outcome })
    this.options.onRound?.(r)
  }

  /** One round on `base` (Lotus `mineOne` and the submission after it). */
  private async mineOne (clock: ChainClock, base: TipSet, round: ChainEpoch, nulls: number): Promise<void> {
    const { chain } = this.deps
    const miner = this.options.miner
    const signal = this.abort.signal
    const start = this.now()
    const mbi = await chain.MinerGetBaseInfo(miner, round, base.key, { signal })
    if (mbi === null || !mbi.EligibleForMining) {
      const why = mbi === null ? 'miner has no power at the lookback tipset (no mining base info)' : 'miner is not eligible to mine (below minimum power, fee debt or consensus fault)'
      if (this.eligible !== false) this.log?.warn({ round, miner: miner.toString() }, `mining: skipping round: ${why}`)
      this.eligible = false
      this.metrics.eligible.set(0)
      this.report({ round, base, nullRounds: nulls, outcome: 'ineligible', detail: why })
      return
    }
    this.eligible = true
    this.metrics.eligible.set(1)
    this.log?.info({ round, nulls }, `Time delta between now and our mining base: ${Math.floor((this.now() - clock.epochStartMs(base.height)) / 1000)}s (nulls: ${nulls})`)

    const rbase = mbi.BeaconEntries.length > 0 ? mbi.BeaconEntries[mbi.BeaconEntries.length - 1]! : mbi.PrevBeaconEntry
    const signer = async (data: Uint8Array): Promise<Signature> => await this.deps.sign(mbi.WorkerKey, data)
    const ticket = await computeVrf(signer, ticketRandomness(rbase.Data, round, miner, base.minTicket.VRFProof))
    const win = await isRoundWinner({ beaconData: rbase.Data, round, miner, signer, minerPower: mbi.MinerPower, networkPower: mbi.NetworkPower })
    if (win === undefined) {
      this.log?.info({ round, nulls, minerPower: mbi.MinerPower.toString(), networkPower: mbi.NetworkPower.toString() }, 'mining: no win this round')
      this.report({ round, base, nullRounds: nulls, outcome: 'lost' })
      return
    }

    const sectors = await Promise.all(mbi.Sectors.map(async (s) => {
      const files = await this.deps.sectors.sectorFiles(sectorId(this.minerId, s.SectorNumber), mbi.SectorSize)
      if (files === undefined) throw new InvalidInputError('ERR_SECTOR_FILES', `failed to compute winning post proof: no storage path holds sector ${s.SectorNumber}`, { value: s.SectorNumber })
      return privateSectorInfo(s, files)
    }))
    const proofs = await abortable(this.deps.prover.generateWinningPoSt({ miner: this.minerId, randomness: winningPoStRandomness(rbase.Data, round, miner), sectors }), signal, 'winning post')
    const messages = selectMessages(await chain.MpoolPending(base.key, { signal }), { maxMessages: this.options.maxMessages })
    const blk = await chain.MinerCreateBlock({
      Miner: miner,
      Parents: base.key,
      Ticket: { VRFProof: ticket },
      Eproof: { WinCount: win.winCount, VRFProof: win.vrfProof },
      BeaconValues: mbi.BeaconEntries,
      Messages: messages,
      Epoch: round,
      Timestamp: clock.timestampForEpoch(round),
      WinningPoStProof: proofs.map((p) => ({ PoStProof: p.postProof, ProofBytes: p.proofBytes }))
    }, { signal })
    const header = blk.Header
    if (header === null) throw new InvalidInputError('ERR_CREATE_BLOCK', 'MinerCreateBlock returned a block without a header', { value: blk })
    const took = this.now() - start
    const cid = blockHeaderCid(header)
    this.log?.info({ cid: cid.toString(), height: round, miner: miner.toString(), parents: base.blocks.map((b) => b.Miner.toString()), took, wins: win.winCount, messages: messages.length }, 'mined new block')
    if (took > this.options.blockDelayMs) {
      this.log?.warn({ took }, 'CAUTION: block production took longer than the block delay. Your computer may not be fast enough to keep up')
    }

    // Validators refuse blocks from the future: publish once the block's epoch has begun.
    const early = clock.epochStartMs(round) - this.now()
    if (early > 0) await sleep(early, signal)
    else if (-early > this.options.blockDelayMs) {
      this.metrics.blocksLate.inc()
      this.log?.warn({ height: round, lateMs: -early }, 'mined block in the past')
    }
    if (signal.aborted) return
    if (this.minedHeights.has(round)) {
      this.log?.warn({ height: round, miner: miner.toString() }, "Created a block at the same height as another block we've created")
      return
    }
    this.minedHeights.add(round)
    for (const h of this.minedHeights) if (h < round - 900) this.minedHeights.delete(h)
    await chain.SyncSubmitBlock(blk, { signal })
    this.won++
    this.lastWin = round
    this.metrics.blocksWon.inc()
    this.metrics.lastWinEpoch.set(round)
    this.report({ round, base, nullRounds: nulls, outcome: 'won', block: header })
  }
}
