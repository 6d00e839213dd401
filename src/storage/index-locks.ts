/**
 * Per-sector read/write locks on file types (Lotus `paths/index_locks.go`). A write lock on a
 * type excludes every other lock on it; read locks share. A lock lives until the holder's
 * signal aborts, which is how Lotus ties it to the caller's context.
 */
import { NelumboError } from '../core/errors.js'
import { type SectorId, sectorName } from '../core/sector/index.js'
import type { SectorLocks } from '../api/sector-index.js'
import { FT_ALL, PATH_TYPES, checkFileTypeMask } from './file-types.js'

interface SectorLockState {
  readonly sector: SectorId
  readonly r: number[]
  w: number
  refs: number
  readonly waiters: Set<() => void>
}

export class LockAbortedError extends NelumboError {
  constructor (sector: SectorId) {
    super('ERR_LOCK_ABORTED', `waiting for a lock on sector ${sectorName(sector)}: context canceled`)
  }
}

export class IndexLocks {
  private readonly locks = new Map<string, SectorLockState>()

  /** Waits until the locks can be taken; they are held until `signal` aborts. */
  async lock (sector: SectorId, read: number, write: number, signal: AbortSignal): Promise<void> {
    if (!await this.lockWith(sector, read, write, signal, true)) throw new NelumboError('ERR_LOCK', 'failed to acquire lock')
  }

  /** Takes the locks if they are free now; held until `signal` aborts. */
  async tryLock (sector: SectorId, read: number, write: number, signal: AbortSignal): Promise<boolean> {
    return await this.lockWith(sector, read, write, signal, false)
  }

  /** Locks held, sorted by sector number (StorageGetLocks). */
  list (): SectorLocks {
    const locks = [...this.locks.values()]
      .map((l) => ({ Sector: l.sector, Write: PATH_TYPES.map((t) => (l.w & t) !== 0 ? 1 : 0), Read: [...l.r] }))
      .filter((l) => l.Write.some((n) => n > 0) || l.Read.some((n) => n > 0))
    locks.sort((a, b) => a.Sector.number - b.Sector.number)
    return { Locks: locks }
  }

  private async lockWith (sector: SectorId, read: number, write: number, signal: AbortSignal, wait: boolean): Promise<boolean> {
    if ((read | write) === 0) return false
    checkFileTypeMask(read, 'read')
    checkFileTypeMask(write, 'write')
    if ((read | write) > FT_ALL) throw new NelumboError('ERR_LOCK', 'unknown file types specified')
    if (signal.aborted) throw new LockAbortedError(sector)

    const key = `${sector.miner}-${sector.number}`
    let state = this.locks.get(key)
    if (state === undefined) {
      state = { sector, r: PATH_TYPES.map(() => 0), w: 0, refs: 0, waiters: new Set() }
      this.locks.set(key, state)
    }
    const st = state
    st.refs++
    const forget = (): void => {
      st.refs--
      if (st.refs === 0) this.locks.delete(key)
    }

    while (!tryTake(st, read, write)) {
      if (!wait) {
        forget()
        return false
      }
      try {
        await waitForChange(st, signal)
      } catch (err) {
        forget()
        throw err instanceof LockAbortedError ? new LockAbortedError(sector) : err
      }
    }

    const release = (): void => {
      PATH_TYPES.forEach((t, i) => { if ((read & t) !== 0) st.r[i] = (st.r[i] ?? 1) - 1 })
      st.w &= ~write
      forget()
      for (const wake of [...st.waiters]) wake()
    }
    if (signal.aborted) release()
    else signal.addEventListener('abort', release, { once: true })
    return true
  }
}

function canTake (st: SectorLockState, read: number, write: number): boolean {
  for (let i = 0; i < PATH_TYPES.length; i++) {
    if ((write & PATH_TYPES[i]!) !== 0 && (st.r[i] ?? 0) > 0) return false
  }
  return (st.w & read) === 0 && (st.w & write) === 0
}

function tryTake (st: SectorLockState, read: number, write: number): boolean {
  if (!canTake(st, read, write)) return false
  PATH_TYPES.forEach((t, i) => { if ((read & t) !== 0) st.r[i] = (st.r[i] ?? 0) + 1 })
  st.w |= write
  return true
}

/** Resolves on the next release of this sector's locks; rejects if `signal` aborts first. */
async function waitForChange (st: SectorLockState, signal: AbortSignal): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const wake = (): void => {
      st.waiters.delete(wake)
      signal.removeEventListener('abort', onAbort)
      resolve()
    }
    const onAbort = (): void => {
      st.waiters.delete(wake)
      reject(new LockAbortedError(st.sector))
    }
    st.waiters.add(wake)
    signal.addEventListener('abort', onAbort, { once: true })
  })
}
