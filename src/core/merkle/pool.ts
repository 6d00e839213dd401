/**
 * A pool of worker threads that reduce fr32 subtrees in parallel. Jobs are answered in any
 * order; `submit` resolves each with its own root, and callers combine roots in file order.
 */
import { Worker } from 'node:worker_threads'
import { NelumboError } from '../errors.js'
import type { HasherPreference } from './hasher.js'
import type { SubtreeJob, SubtreeReply } from './worker.js'

interface Pending { resolve: (root: Uint8Array) => void, reject: (err: Error) => void }

export class SubtreeWorkerPool {
  private readonly workers: Worker[] = []
  private readonly pending = new Map<number, Pending>()
  private readonly idle: Worker[] = []
  private readonly queue: SubtreeJob[] = []
  private readonly recycled: ArrayBuffer[] = []
  private nextId = 0
  private failure: Error | undefined
  private closing = false

  constructor (size: number, prefer: HasherPreference = 'auto') {
    const url = new URL('./worker.js', import.meta.url)
    for (let i = 0; i < size; i++) {
      const w = new Worker(url, { workerData: { prefer } })
      w.on('message', (reply: SubtreeReply) => { this.onReply(w, reply) })
      w.on('error', (err) => { this.fail(err) })
      w.on('exit', (code) => { if (!this.closing && code !== 0) this.fail(new NelumboError('ERR_COMMP_WORKER', `CommP worker exited with code ${code}`)) })
      this.workers.push(w)
      this.idle.push(w)
    }
  }

  get size (): number {
    return this.workers.length
  }

  /** A buffer handed back by a worker, for the caller to refill (undefined if none yet). */
  takeBuffer (): ArrayBuffer | undefined {
    return this.recycled.pop()
  }

  /** Transfers `buf` to a worker; the root of its first `length` bytes comes back. */
  submit (buf: ArrayBuffer, length: number): Promise<Uint8Array> {
    if (this.failure !== undefined) return Promise.reject(this.failure)
    const id = this.nextId++
    const done = new Promise<Uint8Array>((resolve, reject) => { this.pending.set(id, { resolve, reject }) })
    this.queue.push({ id, buf, length })
    this.dispatch()
    return done
  }

  private dispatch (): void {
    while (this.idle.length > 0 && this.queue.length > 0) {
      const w = this.idle.pop()!
      const job = this.queue.shift()!
      w.postMessage(job, [job.buf])
    }
  }

  private onReply (w: Worker, reply: SubtreeReply): void {
    this.idle.push(w)
    this.recycled.push(reply.buf)
    const p = this.pending.get(reply.id)
    this.pending.delete(reply.id)
    if ('error' in reply) p?.reject(new NelumboError('ERR_COMMP_WORKER', reply.error))
    else p?.resolve(new Uint8Array(reply.root))
    this.dispatch()
  }

  private fail (err: Error): void {
    this.failure ??= err
    for (const p of this.pending.values()) p.reject(err)
    this.pending.clear()
  }

  async close (): Promise<void> {
    this.closing = true
    await Promise.all(this.workers.map(async (w) => await w.terminate()))
  }
}
