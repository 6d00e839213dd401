/**
 * The data side of `lotus client import`: a file (or, with `--car`, a CAR) on disk turned into the
 * CARv1 a storage deal transfers, with the payload root, the CAR's size and its piece CID (CommP).
 *
 * A plain file becomes a UnixFS DAG the way Lotus's client import lays it out: balanced layout,
 * 1 MiB fixed-size chunks, raw leaves, CIDv1, up to 1024 links per node (ipfs-unixfs-importer's
 * `unixfs-v1-2025` profile). Blocks are hashed with sha2-256 (Lotus itself uses blake2b-256 for
 * imports; sha2-256 is what ipfs/Helia and most clients produce).
 *
 * The CAR is written in the order Lotus's deal code reads a payload (a selective traversal from the
 * root): root first, then depth-first along the dag-pb links, each block once. The importer emits
 * blocks leaves first and only knows the root at the end, so the blocks go to a temporary block log
 * in `importsDir` first (memory holds only an index of offsets, not the blocks), then the CAR is
 * written from that log by walking the DAG. Both passes stream; a multi-GB file is never in memory.
 *
 * @example
 * ```ts
 * const { root, carPath, pieceCid, pieceSize } = await importData('photo.jpg', { car: false, importsDir })
 * ```
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { copyFile, mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises'
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { CarWriter } from '@ipld/car/writer'
import { asyncIterableReader, createDecoder } from '@ipld/car/decoder'
import * as dagPb from '@ipld/dag-pb'
import { importFile } from 'ipfs-unixfs-importer'
import { fixedSize } from 'ipfs-unixfs-importer/chunker'
import { balanced } from 'ipfs-unixfs-importer/layout'
import { CID } from 'multiformats/cid'
import { identity } from 'multiformats/hashes/identity'
import { blake2b } from '@noble/hashes/blake2.js'
import { sha256 } from '@noble/hashes/sha2.js'
import { equals } from 'multiformats/bytes'
import { pieceCommitment } from '../core/piece/index.js'

export interface ImportedData {
  /** Root CID of the payload DAG (the CAR's root). */
  root: CID
  /** The CARv1 file a deal transfers (written into `importsDir`). */
  carPath: string
  /** Byte length of that CAR file. */
  carSize: number
  /** Piece CID (CommP) of the CAR bytes and its padded piece size (128·2^k). */
  pieceCid: CID
  pieceSize: number
}

export interface ImportOptions {
  /** The file is already a CAR (v1, or v2 whose CARv1 payload is extracted): `client import --car`. */
  car: boolean
  /** Where the deal-ready CAR is written, as `<root>.car`. Created when missing. */
  importsDir: string
}

/** A file that cannot be imported; the message names the path. */
export class ImportDataError extends Error {
  constructor (message: string, readonly path: string) {
    super(message)
    this.name = 'ImportDataError'
  }
}

/** Lotus's unixfs import parameters (build.UnixfsChunkSize, build.UnixfsLinksPerLevel). */
export const UNIXFS_CHUNK_SIZE = 1 << 20
export const UNIXFS_LINKS_PER_LEVEL = 1024

const DAG_PB = 0x70
const SHA2_256 = 0x12
const BLAKE2B_256 = 0xb220
const IDENTITY = 0x00

export async function importData (path: string, opts: ImportOptions): Promise<ImportedData> {
  await checkInputFile(path)
  await mkdir(opts.importsDir, { recursive: true })
  const { root, carPath } = opts.car ? await importCar(path, opts.importsDir) : await importFileAsCar(path, opts.importsDir)
  const carSize = (await stat(carPath)).size
  const fh = await open(carPath, 'r')
  try {
    const r = await pieceCommitment(fh, { source: carPath })
    return { root, carPath, carSize, pieceCid: r.pieceCid, pieceSize: r.pieceSize }
  } finally {
    await fh.close()
  }
}

async function checkInputFile (path: string): Promise<void> {
  let st
  try {
    st = await stat(path)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    if (code === 'ENOENT') throw new ImportDataError(`import ${path}: no such file`, path)
    throw new ImportDataError(`import ${path}: ${(err as Error).message}`, path)
  }
  if (st.isDirectory()) throw new ImportDataError(`import ${path}: is a directory (import a single file, or a CAR with --car)`, path)
  if (!st.isFile()) throw new ImportDataError(`import ${path}: not a regular file`, path)
  if (st.size === 0) throw new ImportDataError(`import ${path}: file is empty`, path)
}

function tempPath (dir: string, what: string): string {
  return join(dir, `.${what}-${randomBytes(8).toString('hex')}.tmp`)
}

// --- --car -------------------------------------------------------------------------------------

/** The CAR's header and a check of every block; returns where its CARv1 bytes lie in the file. */
async function inspectCar (path: string): Promise<{ root: CID, v1Range: { start: number, size: number } | undefined }> {
  const stream = createReadStream(path, { highWaterMark: 1 << 20 })
  try {
    const decoder = createDecoder(asyncIterableReader(stream))
    let header
    try {
      header = await decoder.header()
    } catch (err) {
      throw new ImportDataError(`import ${path}: not a CAR file: ${(err as Error).message}`, path)
    }
    if (header.roots.length === 0) throw new ImportDataError(`import ${path}: CAR has no root`, path)
    if (header.roots.length > 1) {
      throw new ImportDataError(`import ${path}: CAR has ${header.roots.length} roots, a deal's payload needs exactly one`, path)
    }
    const root = header.roots[0] as CID
    let blocks = 0
    let rootSeen = false
    try {
      for await (const block of decoder.blocks()) {
        blocks++
        if (!verifyBlock(block.cid, block.bytes)) {
          throw new Error(`block ${block.cid.toString()} does not match its bytes' hash`)
        }
        if (block.cid.equals(root)) rootSeen = true
      }
    } catch (err) {
      if (err instanceof ImportDataError) throw err
      throw new ImportDataError(`import ${path}: malformed CAR: ${(err as Error).message}`, path)
    }
    if (blocks === 0) throw new ImportDataError(`import ${path}: CAR holds no blocks`, path)
    if (!rootSeen) throw new ImportDataError(`import ${path}: CAR does not hold its root block ${root.toString()}`, path)
    const v1Range = header.version === 2 ? { start: header.dataOffset, size: header.dataSize } : undefined
    return { root, v1Range }
  } finally {
    stream.destroy()
  }
}

/** Whether the block's bytes hash to its CID (blocks with other hash functions are not checked). */
function verifyBlock (cid: CID, bytes: Uint8Array): boolean {
  const mh = cid.multihash
  switch (mh.code) {
    case SHA2_256: return equals(sha256(bytes), mh.digest)
    case IDENTITY: return equals(identity.digest(bytes).digest, mh.digest)
    case BLAKE2B_256: return equals(blake2b(bytes, { dkLen: 32 }), mh.digest)
    default: return true
  }
}

/** `--car`: a CARv1 is copied as is; a CARv2's CARv1 payload is extracted. */
async function importCar (path: string, importsDir: string): Promise<{ root: CID, carPath: string }> {
  const { root, v1Range } = await inspectCar(path)
  const tmp = tempPath(importsDir, 'car')
  const carPath = join(importsDir, `${root.toString()}.car`)
  try {
    if (v1Range == null) {
      await copyFile(path, tmp)
    } else {
      await pipeline(
        createReadStream(path, { start: v1Range.start, end: v1Range.start + v1Range.size - 1 }),
        createWriteStream(tmp)
      )
    }
    await rename(tmp, carPath)
  } catch (err) {
    await rm(tmp, { force: true })
    throw err
  }
  return { root, carPath }
}

// --- plain file -> UnixFS -> CAR ---------------------------------------------------------------

/** Blocks appended to a file as the importer writes them, with an in-memory index of offsets. */
class BlockLog {
  private readonly index = new Map<string, { offset: number, length: number }>()
  private end = 0

  constructor (private readonly fh: FileHandle) {}

  async put (cid: CID, bytes: Uint8Array): Promise<CID> {
    const key = cid.toString()
    if (this.index.has(key)) return cid
    // Offsets are claimed synchronously so concurrent puts write positionally without overlap.
    const offset = this.end
    this.end += bytes.length
    this.index.set(key, { offset, length: bytes.length })
    let done = 0
    while (done < bytes.length) {
      const { bytesWritten } = await this.fh.write(bytes, done, bytes.length - done, offset + done)
      done += bytesWritten
    }
    return cid
  }

  async get (cid: CID): Promise<Uint8Array> {
    const at = this.index.get(cid.toString())
    if (at == null) throw new Error(`block ${cid.toString()} missing from the import's block log`)
    const buf = Buffer.alloc(at.length)
    let done = 0
    while (done < at.length) {
      const { bytesRead } = await this.fh.read(buf, done, at.length - done, at.offset + done)
      if (bytesRead === 0) throw new Error(`block log truncated reading ${cid.toString()}`)
      done += bytesRead
    }
    return buf
  }
}

/** The DAG's blocks from the root, depth-first along links in order, each block once. */
async function * walkDag (log: BlockLog, root: CID): AsyncGenerator<{ cid: CID, bytes: Uint8Array }> {
  const seen = new Set<string>()
  const stack: CID[] = [root]
  while (stack.length > 0) {
    const cid = stack.pop() as CID
    const key = cid.toString()
    if (seen.has(key)) continue
    seen.add(key)
    const bytes = await log.get(cid)
    yield { cid, bytes }
    if (cid.code === DAG_PB) {
      const links = dagPb.decode(bytes).Links
      for (let i = links.length - 1; i >= 0; i--) stack.push((links[i] as dagPb.PBLink).Hash)
    }
  }
}

async function writeCar (log: BlockLog, root: CID, out: string): Promise<void> {
  const { writer, out: bytes } = CarWriter.create([root])
  const produce = async (): Promise<void> => {
    try {
      for await (const block of walkDag(log, root)) await writer.put(block)
    } finally {
      await writer.close()
    }
  }
  await Promise.all([produce(), pipeline(Readable.from(bytes), createWriteStream(out))])
}

async function importFileAsCar (path: string, importsDir: string): Promise<{ root: CID, carPath: string }> {
  const logPath = tempPath(importsDir, 'blocks')
  const carTmp = tempPath(importsDir, 'car')
  const fh = await open(logPath, 'w+')
  try {
    const log = new BlockLog(fh)
    let result
    try {
      result = await importFile(
        { content: createReadStream(path, { highWaterMark: UNIXFS_CHUNK_SIZE }) },
        { put: async (cid, bytes) => await log.put(cid, await collect(bytes)) },
        {
          profile: 'unixfs-v1-2025',
          cidVersion: 1,
          rawLeaves: true,
          reduceSingleLeafToSelf: true,
          chunker: fixedSize({ chunkSize: UNIXFS_CHUNK_SIZE }),
          layout: balanced({ maxChildrenPerNode: UNIXFS_LINKS_PER_LEVEL }),
          blockWriteConcurrency: 8
        }
      )
    } catch (err) {
      throw new ImportDataError(`import ${path}: ${(err as Error).message}`, path)
    }
    const root = CID.asCID(result.cid) ?? CID.decode(result.cid.bytes)
    const carPath = join(importsDir, `${root.toString()}.car`)
    await writeCar(log, root, carTmp)
    await rename(carTmp, carPath)
    return { root, carPath }
  } finally {
    await fh.close()
    await rm(logPath, { force: true })
    await rm(carTmp, { force: true })
  }
}

/** The blockstore `put` may be handed bytes as one array or as chunks. */
async function collect (bytes: Uint8Array | Iterable<Uint8Array> | AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  if (bytes instanceof Uint8Array) return bytes
  const parts: Uint8Array[] = []
  for await (const p of bytes) parts.push(p)
  return Buffer.concat(parts)
}
