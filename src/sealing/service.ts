/**
 * The sealing subsystem: owns the sector state machines and serves the sector methods of the
 * StorageMiner API ({@link SealingContract}). `start()` resumes every sector that is not in a
 * final state; `stop()` aborts running handlers (their states are on record, so the next start
 * picks them up).
 *
 * ```ts
 * const sealing = new SealingService({ chain, prover, storage, datastore: lr.metadata(), config: () => lr.config() },
 *   { miner: parseAddress('t01000'), sealProof: 5 })
 * await sealing.start()
 * await sealing.PledgeSector()
 * ```
 */
import { InvalidInputError, NelumboError } from '../core/errors.js'
import { unpaddedPieceSize, unpaddedToPadded } from '../core/piece/index.js'
import { type SectorId, sealProofSectorSize, sectorId } from '../core/sector/index.js'
import { actorId, type SectorNumber, sectorNumber } from '../core/types.js'
import { logger, type Logger } from '../log/index.js'
import { TipSetKey } from '../chain/types/index.js'
import type {
  PieceData, PieceDealInfo, SealedRef, SealingApi, SectorInfo, SectorOffset, SectorRef, SectorState
} from '../api/sealing.js'
import type { CallOptions } from '../api/contract.js'
import type { CID } from '../core/cid.js'
import type { RegisteredSealProof } from '../core/sector/index.js'
import type { SealingDeps, SealingOptions } from './deps.js'
import type { SealingEnv } from './env.js'
import { FT_CACHE, FT_SEALED, FT_UNSEALED, need, sectorFiles } from './files.js'
import { InvalidSectorEventError, SectorMachine } from './fsm.js'
import { HANDLERS } from './handlers/index.js'
import { HeadWatcher } from './head-watcher.js'
import { DealInput } from './input.js'
import { pieceDataStream } from './piece-data.js'
import { DEFAULT_SEALING_POLICY } from './policy.js'
import { newSectorRecord, type SectorRecord } from './record.js'
import { SEALING_STATES, STAGING_STATES } from './states.js'
import { SectorStore } from './store.js'
import { sectorInfoOf } from './status.js'
import { TerminateBatcher } from './terminate-batch.js'

/** Lotus `ErrTooManySectorsSealing`. */
export class TooManySectorsSealingError extends NelumboError {
  constructor (limit: number) {
    super('ERR_TOO_MANY_SECTORS_SEALING', `too many sectors sealing (MaxSealingSectors = ${limit})`)
  }
}

export class SealingService implements SealingApi {
  private readonly store: SectorStore
  private readonly machine: SectorMachine
  private readonly input: DealInput
  private readonly heads: HeadWatcher
  private readonly terminations: TerminateBatcher
  private readonly env: SealingEnv
  private readonly log: Logger

  constructor (private readonly deps: SealingDeps, private readonly options: SealingOptions) {
    this.log = deps.log ?? logger('sectors')
    this.store = new SectorStore(deps.datastore)
    this.heads = new HeadWatcher(deps.chain, this.log)
    this.terminations = new TerminateBatcher({ chain: deps.chain, miner: options.miner, config: deps.config, log: this.log })
    const minerId = actorId(options.miner.id(), 'miner address')
    const hooks = { takeAssigned: (n: number) => this.input.takeAssigned(n), writeEnded: (n: number) => { this.input.writeEnded(n) }, waitStart: async (r: SectorRecord, s: AbortSignal) => { await this.input.waitStart(r, s) }, sectorOpen: (n: number) => { this.input.sectorOpen(n) } }
    this.env = {
      chain: deps.chain,
      prover: deps.prover,
      storage: deps.storage,
      config: deps.config,
      policy: { ...DEFAULT_SEALING_POLICY, ...options.policy },
      miner: options.miner,
      minerId,
      sectorSize: sealProofSectorSize(options.sealProof as RegisteredSealProof),
      heads: this.heads,
      input: hooks,
      terminations: this.terminations,
      log: this.log,
      sectorId: (n) => sectorId(minerId, n)
    }
    this.machine = new SectorMachine(this.store, HANDLERS, this.env, this.log)
    this.input = new DealInput(this.env, {
      records: () => this.store.list(),
      send: (n, e) => { this.machine.send(n, e) },
      createDealSector: () => this.newSector('SectorStart')
    }, this.log)
  }

  /** Resumes every non-final sector; returns how many. */
  async start (): Promise<number> {
    this.heads.start()
    this.terminations.start()
    const n = this.machine.resumeAll()
    this.log.info({ sectors: n }, 'sealing pipeline resumed')
    return n
  }

  async stop (): Promise<void> {
    this.input.rejectAll(new Error('sealing stopped'))
    this.terminations.stop()
    await this.machine.stop()
    await this.heads.stop()
  }

  private newSector (start: 'SectorStart' | 'SectorStartCC'): number {
    const n = this.store.nextSectorNumber()
    this.machine.create(newSectorRecord(n as SectorNumber, this.options.sealProof), { type: start, sealProof: this.options.sealProof })
    return n
  }

  private record (n: number, source: string): SectorRecord {
    const r = this.store.get(n)
    if (r === undefined) throw new InvalidInputError('ERR_SECTOR_NOT_FOUND', `sector ${n} not found`, { value: n, source })
    return r
  }

  async PledgeSector (): Promise<SectorId> {
    const max = this.deps.config().Sealing.MaxSealingSectors
    if (max > 0) {
      const busy = this.store.list().filter((r) => SEALING_STATES.has(r.State) || STAGING_STATES.has(r.State)).length
      if (busy >= max) throw new TooManySectorsSealingError(max)
    }
    return this.env.sectorId(this.newSector('SectorStartCC'))
  }

  async SectorsStatus (n: SectorNumber, showOnChainInfo: boolean): Promise<SectorInfo> {
    const r = this.record(n, 'SectorsStatus params[0]')
    const info = sectorInfoOf(r, this.store.log(n))
    if (!showOnChainInfo) return info
    const onChain = await this.deps.chain.StateSectorGetInfo(this.options.miner, n, TipSetKey.empty)
    if (onChain === null) return info
    return {
      ...info,
      SealProof: onChain.SealProof,
      Activation: onChain.Activation,
      Expiration: onChain.Expiration,
      DealWeight: onChain.DealWeight,
      VerifiedDealWeight: onChain.VerifiedDealWeight,
      InitialPledge: onChain.InitialPledge
    }
  }

  async SectorsList (): Promise<SectorNumber[]> {
    return this.store.list().map((r) => r.SectorNumber)
  }

  async SectorsListInStates (states: SectorState[]): Promise<SectorNumber[]> {
    const want = new Set(states)
    return this.store.list().filter((r) => want.has(r.State)).map((r) => r.SectorNumber)
  }

  async SectorsSummary (): Promise<Record<string, number>> {
    const out: Record<string, number> = {}
    for (const r of this.store.list()) out[r.State] = (out[r.State] ?? 0) + 1
    return out
  }

  async SectorsRefs (): Promise<Record<string, SealedRef[]>> {
    const out: Record<string, SealedRef[]> = {}
    for (const r of this.store.list()) {
      let offset = 0
      for (const p of r.Pieces) {
        if (p.DealInfo !== null) {
          const key = String(p.DealInfo.DealID)
          const size = p.Piece.Size - p.Piece.Size / 128
          ;(out[key] ??= []).push({ SectorID: r.SectorNumber, Offset: offset as SealedRef['Offset'], Size: size })
        }
        offset += p.Piece.Size
      }
    }
    return out
  }

  async SectorStartSealing (n: SectorNumber): Promise<void> {
    const r = this.record(n, 'SectorStartSealing params[0]')
    if (r.State !== 'WaitDeals' && r.State !== 'AddPiece') throw new InvalidSectorEventError(n, r.State, 'SectorStartPacking')
    this.input.startPacking(n)
  }

  async SectorSetSealDelay (delayNs: number): Promise<void> {
    this.input.setWaitDealsDelayMs(delayNs / 1e6)
  }

  async SectorGetSealDelay (): Promise<number> {
    return Math.round(this.input.waitDealsDelayMs() * 1e6)
  }

  async SectorsUpdate (n: SectorNumber, state: SectorState): Promise<void> {
    this.record(n, 'SectorsUpdate params[0]')
    this.machine.send(n, { type: 'SectorForceState', state })
  }

  async SectorRemove (n: SectorNumber): Promise<void> {
    this.record(n, 'SectorRemove params[0]')
    this.machine.send(n, { type: 'SectorRemove' })
  }

  async SectorTerminate (n: SectorNumber): Promise<void> {
    this.record(n, 'SectorTerminate params[0]')
    this.machine.send(n, { type: 'SectorTerminate' })
  }

  /** Sends the queued terminations now (those outside the deadlines being proven); null when none could go. */
  async SectorTerminateFlush (): Promise<CID | null> {
    return await this.terminations.flush()
  }

  /** Sectors queued for termination whose message has not been sent. */
  async SectorTerminatePending (): Promise<SectorId[]> {
    return this.terminations.pending().map((n) => this.env.sectorId(n))
  }

  async SectorAddPieceToAny (size: number, data: PieceData, deal: PieceDealInfo, opts?: CallOptions): Promise<SectorOffset> {
    const unpadded = unpaddedPieceSize(size, 'SectorAddPieceToAny params[0]')
    const padded = unpaddedToPadded(unpadded)
    if (padded > this.env.sectorSize) {
      throw new InvalidInputError('ERR_PIECE_TOO_LARGE', `piece cannot fit into a sector: ${padded} padded bytes > sector size ${this.env.sectorSize}`, { value: size, source: 'SectorAddPieceToAny params[0]' })
    }
    if (deal.DealProposal !== null && deal.DealProposal.PieceSize !== padded) {
      throw new InvalidInputError('ERR_PIECE_SIZE', `deal piece size ${deal.DealProposal.PieceSize} does not match the piece (${padded} padded bytes)`, { value: deal.DealProposal.PieceSize, source: 'SectorAddPieceToAny params[2].DealProposal.PieceSize' })
    }
    const head = await this.deps.chain.ChainHead()
    const buffer = this.deps.config().Dealmaking.StartEpochSealingBuffer
    if (head.height + buffer > deal.DealSchedule.StartEpoch) {
      throw new InvalidInputError('ERR_DEAL_START_TOO_SOON', `cannot add piece for deal ${deal.DealID}: start epoch ${deal.DealSchedule.StartEpoch} is before head ${head.height} + StartEpochSealingBuffer ${buffer}`, { value: deal.DealSchedule.StartEpoch, source: 'SectorAddPieceToAny params[2].DealSchedule.StartEpoch' })
    }
    const where = await this.input.addPiece(unpadded, deal, pieceDataStream(data, this.deps.openPushedReader, { signal: opts?.signal, maxBytes: unpadded }))
    return { Sector: sectorNumber(where.sector), Offset: where.offset as SectorOffset['Offset'] }
  }

  async SectorsUnsealPiece (ref: SectorRef, offset: number, size: number, randomness: Uint8Array, commd: CID | null): Promise<void> {
    const n = ref.ID.number
    const r = this.store.get(n)
    const unsealedCid = commd ?? r?.CommD ?? null
    if (unsealedCid === null) throw new InvalidInputError('ERR_NO_COMMD', `sector ${n}: no CommD given and none on record`, { value: n, source: 'SectorsUnsealPiece params[4]' })
    const sealed = await sectorFiles(this.env, n, FT_SEALED | FT_CACHE, false)
    const unsealed = await sectorFiles(this.env, n, FT_UNSEALED, true)
    // Unpadded byte ranges become padded ones on 127/128 boundaries.
    const from = Math.floor(offset / 127) * 128
    const to = Math.ceil((offset + size) / 127) * 128
    await this.deps.prover.unseal({
      proofType: ref.ProofType as RegisteredSealProof,
      sector: ref.ID,
      ticket: randomness,
      unsealedCid,
      sealedPath: need(sealed.sealed, n, 'sealed'),
      unsealedPath: need(unsealed.unsealed, n, 'unsealed'),
      offset: from,
      size: to - from
    })
  }

  async SectorMatchPendingPiecesToOpenSectors (): Promise<void> {
    this.input.match()
  }
}
