/**
 * Unsealing (the same keystream XOR as sealing, so about as fast as a file copy) and reading a
 * piece's bytes back out of an unsealed sector file (fr32-unpadded, in bounded chunks).
 */
import { open, type FileHandle } from 'node:fs/promises'
import { fr32UnpadQuad } from '../core/piece/index.js'
import { registeredSealProof, sealProofSectorSize, sectorId } from '../core/sector/index.js'
import { unsealedCidToCommD } from './commitments.js'
import { ProofInputError, SectorFileError } from './errors.js'
import { applyKeystream, checkBytes32, keystreamAt, replicaId } from './replica.js'
import { openSectorFile } from './seal.js'
import { CHUNK_BYTES, readChunks, readExactly, writeFully } from './tree-file.js'
import type { ReadPieceInput, UnsealInput } from './types.js'

function checkRange (offset: number, size: number, sectorSize: number): void {
  const ok = (n: number): boolean => Number.isSafeInteger(n) && n >= 0 && n % 128 === 0
  if (!ok(offset) || !ok(size) || offset + size > sectorSize) {
    throw new ProofInputError(`padded range ${offset}+${size} must be multiples of 128 bytes inside the ${sectorSize}-byte sector`, { offset, size }, 'unseal range')
  }
}

async function openForWrite (path: string): Promise<FileHandle> {
  try {
    return await open(path, 'r+')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err
    return await open(path, 'w+')
  }
}

/** UnsealPiece: decodes a padded range of the sealed file into the unsealed file. */
export async function unseal (input: UnsealInput): Promise<void> {
  const proofType = registeredSealProof(input.proofType, 'proofType')
  const sectorSize = sealProofSectorSize(proofType)
  const sector = sectorId(input.sector.miner, input.sector.number, 'sector')
  checkBytes32(input.ticket, 'ticket')
  const offset = input.offset ?? 0
  const size = input.size ?? sectorSize - offset
  checkRange(offset, size, sectorSize)
  const commD = unsealedCidToCommD(input.unsealedCid, 'unsealedCid')
  const replica = replicaId(proofType, sector, input.ticket, commD)

  const sealed = await openSectorFile(sector, input.sealedPath, 'r', 'sealed file')
  let out: FileHandle | undefined
  try {
    out = await openForWrite(input.unsealedPath)
    const cipher = keystreamAt(replica, offset / 32)
    const short = (at: number): Error => new SectorFileError(sector, `sealed file ends at byte ${at}, before ${offset + size}`, input.sealedPath)
    for await (const { chunk, offset: at } of readChunks(sealed, size, CHUNK_BYTES, short, offset)) {
      await writeFully(out, applyKeystream(cipher, chunk), offset + at)
    }
  } finally {
    await out?.close()
    await sealed.close()
  }
}

/**
 * ReadPiece: `size` unpadded bytes from unpadded offset `offset` of an unsealed sector file,
 * yielded in chunks of at most 1 MiB.
 */
export async function * readPiece (input: ReadPieceInput): AsyncGenerator<Uint8Array> {
  const { offset, size } = input
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(size) || size < 0) {
    throw new ProofInputError(`unpadded range ${offset}+${size} must be non-negative integers`, { offset, size }, 'readPiece range')
  }
  if (size === 0) return
  let fh: FileHandle
  try {
    fh = await open(input.unsealedPath, 'r')
  } catch (err) {
    throw new ProofInputError(`unsealed file cannot be opened: ${(err as Error).message}`, input.unsealedPath, 'unsealedPath')
  }
  try {
    const QUADS = 8192 // 1 MiB of padded data per read
    const firstQuad = Math.floor(offset / 127)
    const endQuad = Math.ceil((offset + size) / 127)
    const padded = new Uint8Array(128 * QUADS)
    const unpadded = new Uint8Array(127 * QUADS)
    let skip = offset - 127 * firstQuad
    let left = size
    for (let q = firstQuad; q < endQuad; q += QUADS) {
      const n = Math.min(QUADS, endQuad - q)
      const want = padded.subarray(0, 128 * n)
      const got = await readExactly(fh, want, 128 * q)
      if (got !== want.length) {
        throw new ProofInputError(`unsealed file ends at byte ${128 * q + got}, before the piece range ends (padded byte ${128 * endQuad})`, input.unsealedPath, 'unsealedPath')
      }
      for (let i = 0; i < n; i++) fr32UnpadQuad(padded, 128 * i, unpadded, 127 * i)
      const take = Math.min(left, 127 * n - skip)
      yield unpadded.slice(skip, skip + take)
      left -= take
      skip = 0
    }
  } finally {
    await fh.close()
  }
}
