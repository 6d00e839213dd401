/**
 * Sealing: PreCommit1 streams the unsealed file once, building the CommD tree and writing the
 * sealed replica (unsealed XOR keystream) in the same pass; PreCommit2 streams the sealed file
 * and builds the CommR tree. Both keep only the upper tree rows, in the cache folder. Cost:
 * two tree builds and one keystream pass; memory: two chunks plus sector size / 128.
 */
import { mkdir, open, rm, stat, writeFile, type FileHandle } from 'node:fs/promises'
import { join } from 'node:path'
import { commPToPieceCid, generateUnsealedCid } from '../core/piece/index.js'
import { registeredSealProof, sealProofSectorSize, sectorId, type RegisteredSealProof, type SectorId } from '../core/sector/index.js'
import { commRToSealedCid, unsealedCidToCommD } from './commitments.js'
import { ProofInputError, SectorFileError } from './errors.js'
import { CACHE_FILES, treeGeometry } from './params.js'
import { applyKeystream, checkBytes32, firstNonFr32Leaf, keystreamAt, replicaId } from './replica.js'
import { CachedTreeBuilder, CHUNK_BYTES, equalBytes, readChunks, writeFully } from './tree-file.js'
import type { PreCommit1Out, SealPreCommit1Input, SealPreCommit2Input, SectorCids } from './types.js'

/** Opens a sector file, turning "no such file" into an error that names the sector. */
export async function openSectorFile (sector: SectorId, path: string, flags: string, what: string): Promise<FileHandle> {
  try {
    return await open(path, flags)
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code
    const reason = code === 'ENOENT' ? `${what} is missing` : `${what} cannot be opened (${code ?? (err as Error).message})`
    throw new SectorFileError(sector, reason, path, { cause: err })
  }
}

function toHex (b: Uint8Array): string {
  return Buffer.from(b).toString('hex')
}

interface Phase1State {
  proofType: RegisteredSealProof
  sector: SectorId
  ticket: Uint8Array
  commD: Uint8Array
}

function encodePhase1 (s: Phase1State): PreCommit1Out {
  const json = { v: 1, proofType: s.proofType, miner: s.sector.miner.toString(), number: s.sector.number, ticket: toHex(s.ticket), commD: toHex(s.commD) }
  return new TextEncoder().encode(JSON.stringify(json))
}

function decodePhase1 (bytes: Uint8Array): Phase1State {
  const fail = (why: string): never => { throw new ProofInputError(`not a PreCommit1 output of the dev proof system: ${why}`, bytes, 'phase1Output') }
  let v: Record<string, unknown>
  try {
    v = JSON.parse(new TextDecoder().decode(bytes)) as Record<string, unknown>
  } catch {
    return fail('not JSON')
  }
  if (v.v !== 1) fail(`version ${String(v.v)}`)
  const hex32 = (x: unknown, what: string): Uint8Array => {
    if (typeof x !== 'string' || !/^[0-9a-f]{64}$/.test(x)) fail(`${what} is not 32 hex bytes`)
    return new Uint8Array(Buffer.from(x as string, 'hex'))
  }
  if (typeof v.miner !== 'string' || !/^\d+$/.test(v.miner)) fail('miner is not an actor ID')
  return {
    proofType: registeredSealProof(v.proofType as number, 'phase1Output.proofType'),
    sector: sectorId(BigInt(v.miner as string), v.number as number, 'phase1Output.number'),
    ticket: hex32(v.ticket, 'ticket'),
    commD: hex32(v.commD, 'commD')
  }
}

/**
 * SealPreCommit1: checks the unsealed file against the pieces' CommD and writes the sealed
 * replica and the CommD tree rows. The CommD is known from the pieces up front, so the replica
 * ID (which needs it) is ready before the single pass over the data.
 */
export async function sealPreCommit1 (input: SealPreCommit1Input): Promise<PreCommit1Out> {
  const proofType = registeredSealProof(input.proofType, 'proofType')
  const size = sealProofSectorSize(proofType)
  const g = treeGeometry(size)
  checkBytes32(input.ticket, 'ticket')
  const sector = sectorId(input.sector.miner, input.sector.number, 'sector')
  const expected = generateUnsealedCid(size, input.pieces)
  const commD = unsealedCidToCommD(expected)
  const replica = replicaId(proofType, sector, input.ticket, commD)

  await mkdir(input.cacheDirPath, { recursive: true })
  const unsealed = await openSectorFile(sector, input.unsealedPath, 'r', 'unsealed file')
  let sealed: FileHandle | undefined
  try {
    sealed = await openSectorFile(sector, input.sealedPath, 'w', 'sealed file')
    const builder = new CachedTreeBuilder(g)
    const cipher = keystreamAt(replica, 0)
    const short = (at: number): Error => new SectorFileError(sector, `unsealed file ends at byte ${at}, before the sector size ${size}`, input.unsealedPath)
    for await (const { chunk, offset } of readChunks(unsealed, size, CHUNK_BYTES, short)) {
      const bad = firstNonFr32Leaf(chunk)
      if (bad >= 0) {
        throw new SectorFileError(sector, `unsealed file is not fr32-padded data: the 32-byte node at byte ${offset + 32 * bad} has its top two bits set`, input.unsealedPath)
      }
      const encoded = applyKeystream(cipher, chunk)
      const written = writeFully(sealed, encoded, offset)
      builder.addChunk(chunk)
      await written
    }
    const { rows, root } = builder.finish()
    if (!equalBytes(root, commD)) {
      throw new SectorFileError(sector, `unsealed file has CommD ${commPToPieceCid(root).toString()}, but its pieces give ${expected.toString()}`, input.unsealedPath)
    }
    await writeFile(join(input.cacheDirPath, CACHE_FILES.treeD), rows)
  } catch (err) {
    await sealed?.close()
    sealed = undefined
    await rm(input.sealedPath, { force: true })
    throw err
  } finally {
    await sealed?.close()
    await unsealed.close()
  }
  return encodePhase1({ proofType, sector, ticket: input.ticket.slice(), commD })
}

/** SealPreCommit2: builds the CommR tree over the sealed file; returns CommD and CommR as CIDs. */
export async function sealPreCommit2 (input: SealPreCommit2Input): Promise<SectorCids> {
  const p1 = decodePhase1(input.phase1Output)
  const size = sealProofSectorSize(p1.proofType)
  const g = treeGeometry(size)
  const sealed = await openSectorFile(p1.sector, input.sealedPath, 'r', 'sealed file')
  let commR: Uint8Array
  try {
    const actual = (await sealed.stat()).size
    if (actual !== size) throw new SectorFileError(p1.sector, `sealed file is ${actual} bytes, expected the sector size ${size}`, input.sealedPath)
    const builder = new CachedTreeBuilder(g)
    const short = (at: number): Error => new SectorFileError(p1.sector, `sealed file ends at byte ${at}`, input.sealedPath)
    for await (const { chunk } of readChunks(sealed, size, CHUNK_BYTES, short)) builder.addChunk(chunk)
    const { rows, root } = builder.finish()
    commR = root
    await mkdir(input.cacheDirPath, { recursive: true })
    await writeFile(join(input.cacheDirPath, CACHE_FILES.treeRLast), rows)
    const aux = new Uint8Array(64)
    aux.set(p1.commD, 0)
    aux.set(commR, 32)
    await writeFile(join(input.cacheDirPath, CACHE_FILES.pAux), aux)
  } finally {
    await sealed.close()
  }
  return { unsealed: commPToPieceCid(p1.commD), sealed: commRToSealedCid(commR) }
}

/**
 * ClearCache after ProveCommit (Lotus FinalizeSector): drops the CommD rows, keeping what
 * PoSt needs (the CommR rows and p_aux).
 */
export async function clearCache (cacheDirPath: string): Promise<void> {
  await rm(join(cacheDirPath, CACHE_FILES.treeD), { force: true })
}

/** The size of the file at `path`, or undefined when it cannot be read. */
export async function fileSize (path: string): Promise<number | undefined> {
  try {
    return (await stat(path)).size
  } catch {
    return undefined
  }
}
