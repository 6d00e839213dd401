/**
 * Piece layout in the unsealed sector file: deal pieces fr32-padded at padded offsets aligned
 * to their own size, zero pads before them, zero fillers after the last one (Lotus
 * `GetRequiredPadding`, `fillersFromRem`). The file is plain padded bytes, which is what the
 * dev prover reads.
 */
import { open, truncate } from 'node:fs/promises'
import { CommPCalc, fr32Pad, type PieceCid } from '../core/piece/index.js'

/** Zero filler pieces (padded sizes) for `remainingPadded` bytes: its binary decomposition, smallest first. */
export function fillerSizes (remainingPadded: number): number[] {
  const out: number[] = []
  for (let bit = 128; remainingPadded > 0 && bit <= remainingPadded; bit *= 2) {
    if ((remainingPadded & bit) !== 0) {
      out.push(bit)
      remainingPadded -= bit
    }
  }
  if (remainingPadded !== 0) throw new Error(`cannot fill ${remainingPadded} padded bytes with pieces of at least 128 bytes`)
  return out
}

const CHUNK_QUADS = 1024 // 127 KiB of payload per write

/**
 * Writes `size` unpadded bytes of `data` (zeros after the stream ends) fr32-padded into the file
 * at padded `offset`, and returns the piece CID of what was written. A stream longer than `size`
 * is an error: the caller declared the piece size.
 */
export async function writePiece (path: string, offset: number, size: number, data: AsyncIterable<Uint8Array>): Promise<PieceCid> {
  const fh = await open(path, 'r+').catch(async () => await open(path, 'w+'))
  try {
    const calc = new CommPCalc({ source: path })
    const chunk = new Uint8Array(127 * CHUNK_QUADS)
    let fill = 0
    let written = 0
    let pos = offset
    const flush = async (n: number): Promise<void> => {
      const part = chunk.subarray(0, n)
      calc.write(part)
      const padded = fr32Pad(part)
      await fh.write(padded, 0, padded.length, pos)
      pos += padded.length
      written += n
      fill = 0
    }
    for await (const buf of data) {
      let at = 0
      while (at < buf.length) {
        if (written + fill >= size) throw new Error(`piece data is longer than its declared size ${size}`)
        const take = Math.min(buf.length - at, chunk.length - fill, size - written - fill)
        chunk.set(buf.subarray(at, at + take), fill)
        fill += take
        at += take
        if (fill === chunk.length) await flush(fill)
      }
    }
    // Zero-fill to the declared size, in whole chunks of 127-byte quads.
    while (written + fill < size) {
      const take = Math.min(chunk.length - fill, size - written - fill)
      chunk.fill(0, fill, fill + take)
      fill += take
      if (fill === chunk.length || written + fill === size) await flush(fill)
    }
    if (fill > 0) await flush(fill)
    await fh.sync()
    return calc.digest().pieceCid
  } finally {
    await fh.close()
  }
}

/** Writes `length` zero bytes at `offset` (alignment pads over bytes an earlier failed attempt may have left). */
export async function writeZeros (path: string, offset: number, length: number): Promise<void> {
  const fh = await open(path, 'r+').catch(async () => await open(path, 'w+'))
  try {
    const zeros = new Uint8Array(Math.min(length, 1 << 20))
    for (let done = 0; done < length;) {
      const n = Math.min(zeros.length, length - done)
      await fh.write(zeros, 0, n, offset + done)
      done += n
    }
    await fh.sync()
  } finally {
    await fh.close()
  }
}

/** Zeros everything from `used` to `sectorSize` (cut, then extend: the OS returns zeros). */
export async function zeroTail (path: string, used: number, sectorSize: number): Promise<void> {
  const fh = await open(path, 'a').catch(() => undefined)
  await fh?.close()
  await truncate(path, used)
  await truncate(path, sectorSize)
}
