/**
 * Runs sector state machines: an event is checked against the transition table, applied to
 * the record and persisted with its log row (one transaction) BEFORE the new state's handler
 * starts. A handler's result is the next event. An event from outside (operator, deal input)
 * aborts the running handler, which is awaited before the next one starts, so two handlers of
 * one sector never overlap.
 */
import { InvalidInputError } from '../core/errors.js'
import type { Logger } from '../log/index.js'
import type { SectorState } from '../api/sealing.js'
import { applyEvent, describeEvent, type SectorEvent } from './events.js'
import type { HandlerOutcome, HandlerTable, SealingEnv } from './env.js'
import type { SectorRecord } from './record.js'
import { FINAL_STATES, GLOBAL_TARGETS, nextState } from './states.js'
import type { SectorStore } from './store.js'

interface Running {
  abort: AbortController
  done: Promise<void>
}

export class InvalidSectorEventError extends InvalidInputError {
  constructor (sector: number, state: SectorState, event: string) {
    super('ERR_SECTOR_EVENT', `sector ${sector} in state ${state} does not accept ${event}`, { value: event, source: `sector ${sector}` })
  }
}

export class SectorMachine {
  private readonly running = new Map<number, Running>()
  private stopped = false

  constructor (
    private readonly store: SectorStore,
    private readonly handlers: HandlerTable,
    private readonly env: SealingEnv,
    private readonly log: Logger
  ) {}

  /** Persists a new sector with its start event in one transaction and starts its handler. */
  create (record: SectorRecord, start: SectorEvent): void {
    const to = nextState(record.State, start.type)
    if (to === undefined) throw new InvalidSectorEventError(record.SectorNumber, record.State, start.type)
    applyEvent(record, start, record.State)
    record.State = to
    this.store.create(record, this.logEntry(start))
    this.runHandler(record.SectorNumber)
  }

  /**
   * Sends an event from outside the handlers. Throws when the sector is unknown or its state
   * does not take the event; otherwise it is persisted before this returns.
   */
  send (n: number, event: SectorEvent): void {
    const record = this.store.get(n)
    if (record === undefined) throw new InvalidInputError('ERR_SECTOR_NOT_FOUND', `sector ${n} not found`, { value: n })
    if (!this.plan(record, event)) throw new InvalidSectorEventError(n, record.State, event.type)
  }

  /**
   * Restarts every sector that is not in a final state (start-up): a SectorRestart event, on
   * record in the sector's log as Lotus's state machine writes it, reruns the state's handler.
   */
  resumeAll (): number {
    let n = 0
    for (const r of this.store.list()) {
      if (FINAL_STATES.has(r.State)) continue
      if (this.plan(r, { type: 'SectorRestart' })) n++
    }
    return n
  }

  /** Aborts every handler and waits for them to return. */
  async stop (): Promise<void> {
    this.stopped = true
    const all = [...this.running.values()]
    for (const r of all) r.abort.abort(new Error('sealing stopped'))
    await Promise.all(all.map(async (r) => { await r.done }))
  }

  /** Checks, applies and persists an event, then (re)starts the handler as it requires. */
  private plan (record: SectorRecord, event: SectorEvent): boolean {
    const from = record.State
    let to: SectorState | undefined
    let rerun = true
    switch (event.type) {
      case 'SectorRestart': to = from; break
      case 'SectorFatalError': to = from; rerun = false; break
      case 'SectorForceState': to = event.state; break
      case 'SectorRemove':
      case 'SectorTerminate':
        to = FINAL_STATES.has(from) || from === 'Removing' ? nextState(from, event.type) : GLOBAL_TARGETS[event.type]
        break
      default:
        to = nextState(from, event.type)
    }
    if (to === undefined) {
      this.log.warn({ sector: record.SectorNumber, state: from, event: event.type }, 'sector state does not accept event; ignored')
      return false
    }
    applyEvent(record, event, from)
    record.State = to
    this.store.commit(record, this.logEntry(event))
    this.log.info({ sector: record.SectorNumber, from, to, event: event.type }, 'sector state changed')
    if (rerun) this.runHandler(record.SectorNumber)
    else this.running.get(record.SectorNumber)?.abort.abort(new Error(`fatal: ${describeEvent(event)}`))
    return true
  }

  private logEntry (event: SectorEvent): { Kind: string, Timestamp: number, Trace: string, Message: string } {
    return { Kind: `event;sealing.${event.type}`, Timestamp: Math.floor(Date.now() / 1000), Trace: '', Message: describeEvent(event) }
  }

  /** Aborts the sector's running handler, then starts the handler of its current state. */
  private runHandler (n: number): void {
    if (this.stopped) return
    const previous = this.running.get(n)
    previous?.abort.abort(new Error('sector moved on'))
    const abort = new AbortController()
    const done = (async () => {
      await previous?.done
      if (abort.signal.aborted) return
      const record = this.store.get(n)
      if (record === undefined) return
      const handler = this.handlers[record.State]
      if (handler === null) return
      let result: SectorEvent | HandlerOutcome | undefined
      try {
        result = await handler({ record, signal: abort.signal, env: this.env })
      } catch (err) {
        if (abort.signal.aborted) return
        // Handlers turn expected failures into events; anything else stops this sector.
        result = { type: 'SectorFatalError', error: `handler of ${record.State} failed: ${(err as Error).message}` }
      }
      if (result === undefined) return
      const outcome = 'event' in result ? result : undefined
      const next = outcome?.event ?? result as SectorEvent
      const current = this.store.get(n)
      if (abort.signal.aborted || current === undefined || current.State !== record.State || !this.plan(current, next)) {
        outcome?.dropped()
        return
      }
      outcome?.committed()
    })().finally(() => {
      if (this.running.get(n)?.abort === abort) this.running.delete(n)
    })
    this.running.set(n, { abort, done })
  }
}
