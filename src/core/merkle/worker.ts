/**
 * Worker-thread entry: reduces fr32 subtrees (127 * 2^k payload bytes each) to their roots and
 * hands each buffer back for reuse, so memory stays bounded however large the file.
 */
import { parentPort, workerData } from 'node:worker_threads'
import { getNodeHasher, type HasherPreference } from './hasher.js'

export interface SubtreeJob { id: number, buf: ArrayBuffer, length: number }
export type SubtreeReply = { id: number, buf: ArrayBuffer, root: Uint8Array } | { id: number, buf: ArrayBuffer, error: string }

const prefer = (workerData as { prefer?: HasherPreference } | undefined)?.prefer ?? 'auto'
const hasher = getNodeHasher({ prefer })
const port = parentPort

port?.on('message', (job: SubtreeJob) => {
  let reply: SubtreeReply
  try {
    reply = { id: job.id, buf: job.buf, root: hasher.fr32Root(new Uint8Array(job.buf, 0, job.length)) }
  } catch (err) {
    reply = { id: job.id, buf: job.buf, error: err instanceof Error ? err.message : String(err) }
  }
  port.postMessage(reply, [job.buf])
})
