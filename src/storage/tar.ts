/**
 * The flat tar stream Lotus sends a cache folder as (`tarutil.TarDirectory` /
 * `ExtractTar`): one ustar entry per regular file, named by its base name, no subfolders.
 * Small enough to write here rather than depend on a tar package for two functions.
 */
import { createReadStream, createWriteStream } from 'node:fs'
import { mkdir, readdir, stat } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { InvalidInputError } from '../core/errors.js'

const BLOCK = 512

function header (name: string, size: number, mode: number, mtime: number): Buffer {
  if (Buffer.byteLength(name) > 100) throw new InvalidInputError('ERR_TAR', `file name too long for a tar entry: ${name}`, { value: name })
  const h = Buffer.alloc(BLOCK)
  const octal = (v: number, len: number): string => v.toString(8).padStart(len - 1, '0') + '\0'
  h.write(name, 0, 100, 'utf8')
  h.write(octal(mode & 0o7777, 8), 100, 'ascii')
  h.write(octal(0, 8), 108, 'ascii')
  h.write(octal(0, 8), 116, 'ascii')
  h.write(octal(size, 12), 124, 'ascii')
  h.write(octal(mtime, 12), 136, 'ascii')
  h.write('        ', 148, 'ascii')
  h.write('0', 156, 'ascii')
  h.write('ustar\0' + '00', 257, 'ascii')
  let sum = 0
  for (const b of h) sum += b
  h.write(octal(sum, 7) + ' ', 148, 'ascii')
  return h
}

/** A tar stream of the regular files directly in `dir`, in name order. */
export function tarDirectory (dir: string): Readable {
  async function * generate (): AsyncGenerator<Buffer> {
    const names = (await readdir(dir)).sort()
    for (const name of names) {
      const path = join(dir, name)
      const st = await stat(path)
      if (!st.isFile()) continue
      yield header(name, st.size, st.mode, Math.floor(st.mtimeMs / 1000))
      let sent = 0
      for await (const chunk of createReadStream(path)) {
        const buf = chunk as Buffer
        const take = buf.subarray(0, Math.max(0, st.size - sent))
        sent += take.length
        yield take
      }
      if (sent !== st.size) throw new Error(`${path} changed size while sending it`)
      const pad = (BLOCK - (st.size % BLOCK)) % BLOCK
      if (pad > 0) yield Buffer.alloc(pad)
    }
    yield Buffer.alloc(BLOCK * 2)
  }
  return Readable.from(generate())
}

/** Writes the files of a flat tar stream into `dir` (created if missing); returns their names. */
export async function extractTar (source: AsyncIterable<Uint8Array>, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const names: string[] = []
  let buf = Buffer.alloc(0)
  const it = source[Symbol.asyncIterator]()
  let ended = false
  const need = async (n: number): Promise<boolean> => {
    while (buf.length < n && !ended) {
      const next = await it.next()
      if (next.done === true) ended = true
      else buf = Buffer.concat([buf, next.value])
    }
    return buf.length >= n
  }
  for (;;) {
    if (!await need(BLOCK)) break
    const h = buf.subarray(0, BLOCK)
    buf = buf.subarray(BLOCK)
    if (h.every((b) => b === 0)) break
    const rawName = h.subarray(0, 100).toString('utf8').replace(/\0.*$/s, '')
    const size = parseInt(h.subarray(124, 136).toString('ascii').replace(/\0.*$/s, '').trim() || '0', 8)
    const type = String.fromCharCode(h[156] ?? 0)
    const name = basename(rawName)
    if (name !== rawName || name === '' || name === '.' || name === '..' || !Number.isSafeInteger(size)) {
      throw new InvalidInputError('ERR_TAR', `unexpected tar entry ${JSON.stringify(rawName)} (size ${size})`, { value: rawName })
    }
    const padded = size + (BLOCK - (size % BLOCK)) % BLOCK
    if (type !== '0' && type !== '\0') {
      await skip(padded)
      continue
    }
    const out = createWriteStream(join(dir, name))
    let left = size
    await pipeline(Readable.from((async function * () {
      while (left > 0) {
        if (!await need(1)) throw new InvalidInputError('ERR_TAR', `tar stream ended inside ${name}`, { value: name })
        const take = buf.subarray(0, Math.min(left, buf.length))
        buf = buf.subarray(take.length)
        left -= take.length
        yield take
      }
    })()), out)
    await skip(padded - size)
    names.push(name)
  }
  return names

  async function skip (n: number): Promise<void> {
    if (!await need(n)) throw new InvalidInputError('ERR_TAR', 'tar stream ended early', {})
    buf = buf.subarray(n)
  }
}
