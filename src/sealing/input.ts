/**
 * Deal input (Lotus storage/pipeline/input.go): pieces handed to SectorAddPieceToAny wait here
 * until an open deal sector has room, matched by least alignment padding, then smaller piece,
 * then lower sector number; when none fits, a new deal sector is created within
 * MaxWaitDealsSectors / MaxSealingSectorsForDeals. Also decides when a WaitDeals sector starts
 * packing (WaitDealsDelay, full, deal limit, earliest deal start, or the operator).
 */
import { requiredPadding, type PaddedPieceSize } from '../core/piece/index.js'
import type { Logger } from '../log/index.js'
import type { PieceDealInfo, SectorState } from '../api/sealing.js'
import { goDurationToMs } from '../repo/config/index.js'
import type { AssignedPiece, InputHooks, SealingEnv } from './env.js'
import type { SectorEvent } from './events.js'
import { type SectorRecord, usedPaddedBytes } from './record.js'
import { SEALING_STATES, STAGING_STATES } from './states.js'

export interface InputBackend {
  records (): SectorRecord[]
  send (n: number, event: SectorEvent): void
  /** Creates a deal sector (SectorStart) and returns its number. */
  createDealSector (): number
}

interface Pending extends AssignedPiece {
  readonly key: string
}

function sleep (ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) { reject(signal.reason); return }
    const t = setTimeout(() => { signal.removeEventListener('abort', onAbort); resolve() }, Math.max(0, ms))
    const onAbort = (): void => { clearTimeout(t); reject(signal.reason) }
    signal.addEventListener('abort', onAbort, { once: true })
  })
}

export class DealInput implements InputHooks {
  private pending: Pending[] = []
  private readonly byKey = new Map<string, Promise<{ sector: number, offset: number }>>()
  private readonly assigned = new Map<number, AssignedPiece[]>()
  private readonly writing = new Map<number, AssignedPiece[]>()
  private readonly startNow = new Set<number>()
  private readonly kicks = new Map<number, () => void>()
  private sealDelayMs: number | undefined

  constructor (private readonly env: SealingEnv, private readonly backend: InputBackend, private readonly log: Logger) {}

  /** WaitDealsDelay in ms: the operator's override (SectorSetSealDelay) or the config. */
  waitDealsDelayMs (): number {
    return this.sealDelayMs ?? goDurationToMs(this.env.config().Sealing.WaitDealsDelay)
  }

  setWaitDealsDelayMs (ms: number): void {
    this.sealDelayMs = ms
  }

  /** Queues a deal piece; resolves with its sector and padded offset once it is on record. */
  async addPiece (size: number, deal: PieceDealInfo, data: AsyncIterable<Uint8Array>): Promise<{ sector: number, offset: number }> {
    const key = deal.PublishCid === null ? `deal-${deal.DealID}` : `${deal.PublishCid.toString()}-${deal.DealID}`
    const existing = this.byKey.get(key)
    // A repeated call for the same deal waits for the first one's answer, as Lotus does.
    if (existing !== undefined) return await existing
    const promise = new Promise<{ sector: number, offset: number }>((resolve, reject) => {
      this.pending.push({ key, size, deal, data, resolve, reject })
    })
    this.byKey.set(key, promise)
    promise.catch(() => {}).finally(() => { this.byKey.delete(key) })
    this.match()
    return await promise
  }

  /** Assigns waiting pieces to open sectors and opens a new sector for what is left. */
  match (): void {
    const records = this.backend.records()
    const open = records.filter((r) => r.State === 'WaitDeals' || r.State === 'AddPiece')
    const used = new Map<number, { bytes: number, deals: number }>()
    for (const r of open) {
      // Pieces being written still hold their space: the record shows them only once AddPiece ends.
      const queued = [...(this.writing.get(r.SectorNumber) ?? []), ...(this.assigned.get(r.SectorNumber) ?? [])]
      let bytes = usedPaddedBytes(r)
      for (const p of queued) bytes += requiredPadding(bytes, padded(p.size)).sum + padded(p.size)
      used.set(r.SectorNumber, { bytes, deals: r.Pieces.filter((p) => p.DealInfo !== null).length + queued.length })
    }
    const maxDeals = this.env.policy.maxDealsPerSector
    const candidates = this.pending.flatMap((p) => open.flatMap((r) => {
      const u = used.get(r.SectorNumber)!
      const pad = requiredPadding(u.bytes, padded(p.size)).sum
      if (u.bytes + pad + padded(p.size) > this.env.sectorSize || u.deals >= maxDeals) return []
      return [{ p, r, pad }]
    }))
    candidates.sort((a, b) => a.pad - b.pad || a.p.size - b.p.size || a.r.SectorNumber - b.r.SectorNumber)
    const taken = new Set<Pending>()
    const touched = new Set<number>()
    for (const { p, r } of candidates) {
      if (taken.has(p)) continue
      const u = used.get(r.SectorNumber)!
      const pad = requiredPadding(u.bytes, padded(p.size)).sum
      if (u.bytes + pad + padded(p.size) > this.env.sectorSize || u.deals >= maxDeals) continue
      u.bytes += pad + padded(p.size)
      u.deals++
      taken.add(p)
      const list = this.assigned.get(r.SectorNumber) ?? []
      list.push(p)
      this.assigned.set(r.SectorNumber, list)
      touched.add(r.SectorNumber)
    }
    this.pending = this.pending.filter((p) => !taken.has(p))
    for (const n of touched) this.notify(n, records)
    if (this.pending.length > 0) this.tryNewDealSector(records)
  }

  private notify (n: number, records: SectorRecord[]): void {
    if (records.find((r) => r.SectorNumber === n)?.State !== 'WaitDeals') return
    try {
      this.backend.send(n, { type: 'SectorAddPiece' })
    } catch (err) {
      this.log.warn({ err, sector: n }, 'could not send SectorAddPiece')
    }
  }

  private tryNewDealSector (records: SectorRecord[]): void {
    const cfg = this.env.config().Sealing
    const count = (set: ReadonlySet<SectorState>): number => records.filter((r) => set.has(r.State)).length
    // A sector already open but not yet matched will take the pieces once it reaches WaitDeals.
    if (records.some((r) => r.State === 'Empty')) return
    const staging = count(STAGING_STATES)
    if (cfg.MaxWaitDealsSectors > 0 && staging >= cfg.MaxWaitDealsSectors) return
    if (cfg.MaxSealingSectorsForDeals > 0 && staging + count(SEALING_STATES) >= cfg.MaxSealingSectorsForDeals) return
    if (!cfg.MakeNewSectorForDeals) return
    const n = this.backend.createDealSector()
    this.log.info({ sector: n }, 'created deal sector')
  }

  takeAssigned (sector: number): AssignedPiece[] {
    const list = this.assigned.get(sector) ?? []
    this.assigned.delete(sector)
    this.writing.set(sector, list)
    return list
  }

  writeEnded (sector: number): void {
    this.writing.delete(sector)
  }

  sectorOpen (sector: number): void {
    if ((this.assigned.get(sector)?.length ?? 0) > 0) {
      this.notify(sector, this.backend.records())
      return
    }
    this.match()
  }

  /** Operator's `sectors seal` / SectorStartSealing: start packing now, or as soon as AddPiece ends. */
  startPacking (sector: number): void {
    this.startNow.add(sector)
    this.kicks.get(sector)?.()
  }

  async waitStart (record: SectorRecord, signal: AbortSignal): Promise<void> {
    signal.throwIfAborted()
    const n = record.SectorNumber
    const deals = record.Pieces.filter((p) => p.DealInfo !== null)
    const full = usedPaddedBytes(record) >= this.env.sectorSize
    if (this.startNow.delete(n) || full || deals.length >= this.env.policy.maxDealsPerSector) return
    const inner = new AbortController()
    const onAbort = (): void => { inner.abort(signal.reason) }
    signal.addEventListener('abort', onAbort, { once: true })
    const kicked = new Promise<void>((resolve) => { this.kicks.set(n, resolve) })
    try {
      let waitMs = Infinity
      if (record.CreationTime > 0) {
        waitMs = record.CreationTime * 1000 + this.waitDealsDelayMs() - Date.now()
        const cfg = this.env.config()
        const head = (await this.env.chain.ChainHead()).height
        for (const d of deals) {
          const safe = d.DealInfo!.DealSchedule.StartEpoch - cfg.Dealmaking.StartEpochSealingBuffer
          waitMs = Math.min(waitMs, (safe - head) * this.env.policy.blockDelaySecs * 1000)
        }
      }
      const timer = Number.isFinite(waitMs) ? sleep(waitMs, inner.signal) : new Promise<void>((_resolve, reject) => { inner.signal.addEventListener('abort', () => { reject(inner.signal.reason) }, { once: true }) })
      await Promise.race([timer, kicked])
      signal.throwIfAborted()
      this.startNow.delete(n)
    } finally {
      inner.abort()
      signal.removeEventListener('abort', onAbort)
      this.kicks.delete(n)
    }
  }

  /** Fails every waiting piece (shutdown). */
  rejectAll (err: Error): void {
    for (const p of this.pending) p.reject(err)
    for (const list of this.assigned.values()) for (const p of list) p.reject(err)
    this.pending = []
    this.assigned.clear()
  }
}

function padded (unpadded: number): PaddedPieceSize {
  return (unpadded + unpadded / 127) as PaddedPieceSize
}
