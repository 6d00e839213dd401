/**
 * Lotus's TerminateBatcher (storage/pipeline/terminate_batch.go): sectors asked to terminate wait
 * in a queue by deadline and partition; one TerminateSectors message takes a batch when it
 * reaches `[Sealing] TerminateBatchMax`, when `TerminateBatchWait` passes with at least
 * `TerminateBatchMin` queued, or when the operator flushes (`sectors terminate flush`).
 * Partitions of the deadline being proven, the next one and the previous one are left for a
 * later batch: the actor refuses changes to immutable deadlines.
 */
import { randomUUID } from 'node:crypto'
import type { Address } from '../core/address/index.js'
import type { CID } from '../core/cid.js'
import { signedMessageCid } from '../core/message/index.js'
import type { SectorNumber, TokenAmount } from '../core/types.js'
import { mainnetPolicy } from '../chain/actors/policy.js'
import { TipSetKey } from '../chain/types/index.js'
import type { Logger } from '../log/index.js'
import { configFilToAtto, goDurationToMs } from '../repo/config/index.js'
import { selectSealingAddress } from './address.js'
import type { SealingChainApi, SealingDeps } from './deps.js'
import { MinerMethod, encodeTerminateSectors, minerMessage, type TerminationDeclaration } from './messages.js'

export interface TerminateBatcherDeps {
  chain: SealingChainApi
  miner: Address
  config: SealingDeps['config']
  log: Logger
}

interface Bucket { deadline: number, partition: number, sectors: Set<number> }
/** Why a batch is looked at: a sector was queued, the wait passed, or the operator flushed. */
type Trigger = 'added' | 'waited' | 'flush'

export class TerminateBatcher {
  private readonly todo = new Map<string, Bucket>()
  /** Callers of add() by sector: the message that took the sector, or null when it was no longer live. */
  private readonly waiting = new Map<number, Array<(message: CID | null) => void>>()
  private timer: NodeJS.Timeout | undefined
  private running: Promise<unknown> = Promise.resolve()
  private stopped = true

  constructor (private readonly deps: TerminateBatcherDeps) {}

  start (): void {
    this.stopped = false
    this.arm()
  }

  stop (): void {
    this.stopped = true
    clearTimeout(this.timer)
  }

  /**
   * Queues a sector and resolves with the TerminateSectors message that takes it, or null when
   * the sector is not live on chain (already terminated).
   */
  async add (n: number, signal: AbortSignal): Promise<CID | null> {
    const { chain, miner } = this.deps
    const loc = await chain.StateSectorPartition(miner, n as SectorNumber, TipSetKey.empty)
    const parts = await chain.StateMinerPartitions(miner, loc.Deadline, TipSetKey.empty)
    if (parts[loc.Partition]?.LiveSectors.has(n) !== true) return null
    const key = `${loc.Deadline}/${loc.Partition}`
    const bucket = this.todo.get(key) ?? { deadline: loc.Deadline, partition: loc.Partition, sectors: new Set<number>() }
    bucket.sectors.add(n)
    this.todo.set(key, bucket)
    const sent = new Promise<CID | null>((resolve, reject) => {
      const list = this.waiting.get(n) ?? []
      list.push(resolve)
      this.waiting.set(n, list)
      signal.addEventListener('abort', () => {
        list.splice(list.indexOf(resolve), 1)
        reject(signal.reason)
      }, { once: true })
    })
    void this.process('added')
    return await sent
  }

  /** Sends what can be sent now, whatever the batch size; null when nothing could be. */
  async flush (): Promise<CID | null> {
    return await this.process('flush')
  }

  /** Sector numbers queued and not yet sent. */
  pending (): number[] {
    return [...this.todo.values()].flatMap((b) => [...b.sectors]).sort((a, b) => a - b)
  }

  private arm (): void {
    clearTimeout(this.timer)
    if (this.stopped) return
    this.timer = setTimeout(() => { void this.process('waited') }, goDurationToMs(this.deps.config().Sealing.TerminateBatchWait))
    this.timer.unref()
  }

  /** One batch at a time; each look restarts the wait, as Lotus's loop does. */
  private async process (why: Trigger): Promise<CID | null> {
    const run = this.running.then(async () => await this.batch(why))
    this.running = run.catch(() => {})
    try {
      return await run
    } catch (err) {
      if (why === 'flush') throw err
      this.deps.log.warn({ err: (err as Error).message }, 'TerminateBatcher: processing batch failed')
      return null
    } finally {
      this.arm()
    }
  }

  private async batch (why: Trigger): Promise<CID | null> {
    if (this.todo.size === 0) return null
    const { chain, miner } = this.deps
    const cfg = this.deps.config()
    const max = Math.min(cfg.Sealing.TerminateBatchMax, mainnetPolicy.AddressedSectorsMax)
    const dl = await chain.StateMinerProvingDeadline(miner, TipSetKey.empty)
    const period = dl.WPoStPeriodDeadlines
    const decls: TerminationDeclaration[] = []
    let total = 0
    for (const b of this.todo.values()) {
      if (b.deadline === dl.Index || b.deadline === (dl.Index + 1) % period || (b.deadline + 1) % period === dl.Index) continue
      const live = (await chain.StateMinerPartitions(miner, b.deadline, TipSetKey.empty))[b.partition]?.LiveSectors
      for (const n of [...b.sectors]) {
        if (live?.has(n) === true) continue
        b.sectors.delete(n)
        this.settle(n, null)
      }
      const take = [...b.sectors].sort((x, y) => x - y).slice(0, max - total)
      if (take.length === 0) continue
      total += take.length
      decls.push({ Deadline: b.deadline, Partition: b.partition, Sectors: take })
      if (total >= max || decls.length >= mainnetPolicy.DeclarationsMax) break
    }
    for (const [key, b] of this.todo) if (b.sectors.size === 0) this.todo.delete(key)
    if (decls.length === 0) return null
    if (why === 'added' && total < cfg.Sealing.TerminateBatchMax) return null
    if (why === 'waited' && total < cfg.Sealing.TerminateBatchMin) return null

    const maxFee = configFilToAtto(cfg.Fees.MaxTerminateGasFee) as TokenAmount
    const from = await selectSealingAddress(chain, miner, cfg.Addresses, 'Terminate', maxFee, maxFee)
    const smsg = await chain.MpoolPushMessage(
      minerMessage(from, miner, MinerMethod.TerminateSectors, encodeTerminateSectors(decls), 0n as TokenAmount),
      { MaxFee: maxFee, MsgUuid: randomUUID() }
    )
    const cid = signedMessageCid(smsg)
    this.deps.log.info({ cid: cid.toString(), from: from.toString(), terminations: decls.length }, 'Sent TerminateSectors message')
    for (const d of decls) {
      const key = `${d.Deadline}/${d.Partition}`
      for (const n of d.Sectors) {
        this.todo.get(key)?.sectors.delete(n)
        this.settle(n, cid)
      }
      if (this.todo.get(key)?.sectors.size === 0) this.todo.delete(key)
    }
    return cid
  }

  private settle (n: number, message: CID | null): void {
    for (const resolve of this.waiting.get(n) ?? []) resolve(message)
    this.waiting.delete(n)
  }
}
