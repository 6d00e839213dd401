/**
 * CommP: the root of the sha256-trunc254 binary tree over the fr32-padded payload, zero-padded
 * to the next 127 * 2^k bytes. The payload is cut into fixed subtrees (127 * 2^15 bytes, a
 * 4 MiB padded subtree by default) whose roots are combined in order, so a stream of any size
 * is hashed in bounded memory and the subtrees can go to worker threads.
 */
import { availableParallelism } from 'node:os'
import { InvalidInputError } from '../errors.js'
import { getNodeHasher, type HasherPreference, type NodeHasher } from '../merkle/hasher.js'
import { SubtreeWorkerPool } from '../merkle/pool.js'
import { TreeBuilder } from '../merkle/tree.js'
import { commPToPieceCid, type PieceCid } from './piece-cid.js'
import {
  MAX_UNPADDED_PIECE_SIZE, MIN_PIECE_PAYLOAD, unpaddedPieceSize, unpaddedPieceSizeForPayload, unpaddedToPadded,
  type PaddedPieceSize, type UnpaddedPieceSize
} from './sizes.js'

export interface PieceCommitment {
  pieceCid: PieceCid
  /** The raw 32-byte commitment inside `pieceCid`. */
  commP: Uint8Array
  /** Bytes of payload read. */
  payloadSize: number
  /** Padded piece size (128 * 2^k). */
  pieceSize: PaddedPieceSize
}

/**
 * Something that reads the payload sequentially into a buffer we own, e.g. a `FileHandle` from
 * `node:fs/promises` (position null = where the last read ended). Saves one copy per byte.
 */
export interface PieceReader {
  read (buffer: Uint8Array, offset: number, length: number, position: null): Promise<{ bytesRead: number }>
}

export type PieceSource = Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array> | ReadableStream<Uint8Array> | PieceReader

export interface CommPOptions {
  /** Where the payload came from (a file path), for error messages. */
  source?: string
  /** Unpadded bytes per subtree, 127 * 2^k (default 127 * 2^15). */
  subtreeSize?: number
  prefer?: HasherPreference
  onNotice?: (message: string) => void
}

export interface PieceCommitmentOptions extends CommPOptions {
  /** Worker threads for large payloads; 0 or 1 hashes on the calling thread. Default: every core. */
  workers?: number
  /** Called with the running byte count after each chunk read. */
  onProgress?: (bytesRead: number) => void
  signal?: AbortSignal
}

export const DEFAULT_SUBTREE_SIZE = 127 * 2 ** 15

export class PiecePayloadError extends InvalidInputError {
  constructor (message: string, value: unknown, source: string | undefined) {
    super('ERR_PIECE_PAYLOAD', message, { value, source })
  }
}

/** Tree level (log2 of 32-byte leaves) of the fr32 subtree over `unpadded` bytes. */
function fr32Level (unpadded: number): number {
  return Math.log2(unpadded / 127) + 2
}

function subtreeSizeOf (options: CommPOptions): UnpaddedPieceSize {
  return unpaddedPieceSize(options.subtreeSize ?? DEFAULT_SUBTREE_SIZE, 'CommP subtreeSize option')
}

/**
 * Shared bookkeeping: payload bytes fill subtree-sized buffers, full buffers go to `flush`,
 * and `finish` zero-pads the tail and the piece as go-fil-commp-hashhash does.
 */
abstract class SubtreeFeeder {
  protected readonly subtree: number
  protected readonly builder: TreeBuilder
  protected readonly hasher: NodeHasher
  protected readonly source: string | undefined
  protected buf: Uint8Array
  protected fill = 0
  payloadSize = 0

  constructor (options: CommPOptions) {
    this.subtree = subtreeSizeOf(options)
    this.hasher = getNodeHasher({ prefer: options.prefer, onNotice: options.onNotice })
    this.builder = new TreeBuilder(this.hasher)
    this.source = options.source
    this.buf = new Uint8Array(this.subtree)
  }

  protected abstract flushFull (): void | Promise<void>

  protected take (bytes: Uint8Array): number {
    const n = Math.min(bytes.length, this.subtree - this.fill)
    this.buf.set(bytes.subarray(0, n), this.fill)
    this.fill += n
    return n
  }

  protected count (n: number): void {
    this.payloadSize += n
    if (this.payloadSize > MAX_UNPADDED_PIECE_SIZE) {
      throw new PiecePayloadError(`payload exceeds the largest piece (${MAX_UNPADDED_PIECE_SIZE} bytes unpadded, 64 GiB padded)`, this.payloadSize, this.source)
    }
  }

  /** The piece size, after checking the payload is large enough. */
  protected pieceSize (): UnpaddedPieceSize {
    if (this.payloadSize < MIN_PIECE_PAYLOAD) {
      throw new PiecePayloadError(`payload of ${this.payloadSize} bytes is below the ${MIN_PIECE_PAYLOAD}-byte minimum for CommP`, this.payloadSize, this.source)
    }
    return unpaddedPieceSizeForPayload(this.payloadSize, this.source)
  }

  /** Hashes a partial last subtree (zero-filled); returns false when it must go through flushFull. */
  protected tail (u: UnpaddedPieceSize): boolean {
    if (this.fill === 0) return true
    if (u < this.subtree) {
      this.buf.fill(0, this.fill, u)
      this.builder.push(this.hasher.fr32Root(this.buf.subarray(0, u)), fr32Level(u))
      this.fill = 0
      return true
    }
    this.buf.fill(0, this.fill)
    this.fill = this.subtree
    return false
  }

  protected result (u: UnpaddedPieceSize): PieceCommitment {
    const commP = this.builder.finish(fr32Level(u))
    return { pieceCid: commPToPieceCid(commP), commP, payloadSize: this.payloadSize, pieceSize: unpaddedToPadded(u) }
  }
}

/** Synchronous CommP over bytes written in any pieces (go-fil-commp-hashhash's Calc). */
export class CommPCalc extends SubtreeFeeder {
  protected flushFull (): void {
    this.builder.push(this.hasher.fr32Root(this.buf), fr32Level(this.subtree))
    this.fill = 0
  }

  write (bytes: Uint8Array): this {
    this.count(bytes.length)
    let off = 0
    while (off < bytes.length) {
      off += this.take(bytes.subarray(off))
      if (this.fill === this.subtree) this.flushFull()
    }
    return this
  }

  digest (): PieceCommitment {
    const u = this.pieceSize()
    if (!this.tail(u)) this.flushFull()
    return this.result(u)
  }
}

/** CommP of an in-memory payload on the calling thread. */
export function pieceCommitmentOf (bytes: Uint8Array, options: CommPOptions = {}): PieceCommitment {
  return new CommPCalc(options).write(bytes).digest()
}

/** Hands full subtrees to worker threads, keeping a bounded number in flight. */
class ParallelFeeder extends SubtreeFeeder {
  private pool: SubtreeWorkerPool | undefined
  private readonly inflight: Array<Promise<Uint8Array>> = []
  private readonly workers: number
  private readonly prefer: HasherPreference | undefined

  constructor (options: PieceCommitmentOptions, workers: number) {
    super(options)
    this.workers = workers
    this.prefer = options.prefer
  }

  protected async flushFull (): Promise<void> {
    const level = fr32Level(this.subtree)
    if (this.workers <= 1) {
      this.builder.push(this.hasher.fr32Root(this.buf), level)
      this.fill = 0
      return
    }
    // Started on the first full subtree, so small payloads never pay for worker start-up.
    this.pool ??= new SubtreeWorkerPool(this.workers, this.prefer)
    this.inflight.push(this.pool.submit(this.buf.buffer as ArrayBuffer, this.subtree))
    while (this.inflight.length >= 2 * this.workers) this.builder.push(await this.inflight.shift()!, level)
    const reuse = this.pool.takeBuffer()
    this.buf = reuse !== undefined ? new Uint8Array(reuse) : new Uint8Array(this.subtree)
    this.fill = 0
  }

  async write (bytes: Uint8Array): Promise<void> {
    this.count(bytes.length)
    let off = 0
    while (off < bytes.length) {
      off += this.take(bytes.subarray(off))
      if (this.fill === this.subtree) await this.flushFull()
    }
  }

  /** Reads straight into the subtree buffers until the reader reports end of data. */
  async readAll (reader: PieceReader, progress: ((n: number) => void) | undefined, signal: AbortSignal | undefined): Promise<void> {
    for (;;) {
      signal?.throwIfAborted()
      const { bytesRead } = await reader.read(this.buf, this.fill, this.subtree - this.fill, null)
      if (bytesRead === 0) return
      this.count(bytesRead)
      this.fill += bytesRead
      if (this.fill === this.subtree) await this.flushFull()
      progress?.(this.payloadSize)
    }
  }

  async digest (): Promise<PieceCommitment> {
    const u = this.pieceSize()
    if (!this.tail(u)) await this.flushFull()
    const level = fr32Level(this.subtree)
    while (this.inflight.length > 0) this.builder.push(await this.inflight.shift()!, level)
    return this.result(u)
  }

  async close (): Promise<void> {
    // Settle what is still in flight (after an error) before the workers go away.
    await Promise.allSettled(this.inflight)
    await this.pool?.close()
  }
}

function isReader (source: PieceSource): source is PieceReader {
  return typeof (source as Partial<PieceReader>).read === 'function' &&
    !(Symbol.asyncIterator in source) && typeof (source as Partial<ReadableStream>).getReader !== 'function'
}

async function * chunksOf (source: Exclude<PieceSource, PieceReader>): AsyncGenerator<Uint8Array> {
  if (source instanceof Uint8Array) {
    yield source
    return
  }
  if (typeof (source as ReadableStream<Uint8Array>).getReader === 'function') {
    const reader = (source as ReadableStream<Uint8Array>).getReader()
    try {
      for (;;) {
        const { done, value } = await reader.read()
        if (done) return
        yield value
      }
    } finally {
      reader.releaseLock()
    }
  }
  yield * (source as AsyncIterable<Uint8Array> | Iterable<Uint8Array>)
}

/**
 * CommP of a payload read from a stream, an (async) iterable of byte chunks, a reader such as a
 * FileHandle, or one buffer,
 * using worker threads for large payloads. Memory stays bounded whatever the payload size.
 */
export async function pieceCommitment (source: PieceSource, options: PieceCommitmentOptions = {}): Promise<PieceCommitment> {
  const workers = options.workers ?? availableParallelism()
  const feeder = new ParallelFeeder(options, workers)
  try {
    if (isReader(source)) {
      await feeder.readAll(source, options.onProgress, options.signal)
      return await feeder.digest()
    }
    for await (const chunk of chunksOf(source)) {
      if (!(chunk instanceof Uint8Array)) {
        throw new PiecePayloadError(`payload chunks must be bytes, got ${typeof chunk}`, chunk, options.source)
      }
      options.signal?.throwIfAborted()
      await feeder.write(chunk)
      options.onProgress?.(feeder.payloadSize)
    }
    return await feeder.digest()
  } finally {
    await feeder.close()
  }
}
