/**
 * `lotus-shed commp <file>`: the piece CID, payload size and padded piece size of a file,
 * streamed (any size, bounded memory) across every core.
 */
import { open, type FileHandle } from 'node:fs/promises'
import { Command, Option } from 'commander'
import cliProgress from 'cli-progress'
import { InvalidInputError } from '../../core/errors.js'
import type { HasherPreference } from '../../core/merkle/hasher.js'
import { pieceCommitment } from '../../core/piece/commp.js'

/** Files at least this large get a progress bar when stderr is a terminal. */
const PROGRESS_MIN_BYTES = 64 * 2 ** 20

const UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']

/** Lotus types.SizeStr: four significant digits and a binary unit. */
export function sizeStr (bytes: number): string {
  let f = bytes
  let i = 0
  while (f >= 1024 && i < UNITS.length - 1) {
    f /= 1024
    i++
  }
  return `${Number(f.toPrecision(4))} ${UNITS[i]!}`
}

function describeFsError (path: string, err: unknown): Error {
  const code = (err as { code?: string } | undefined)?.code
  const why = code === 'ENOENT'
    ? 'no such file'
    : code === 'EACCES' || code === 'EPERM'
      ? 'permission denied'
      : code === 'EISDIR'
        ? 'is a directory'
        : err instanceof Error ? err.message : String(err)
  return new InvalidInputError('ERR_COMMP_FILE', `cannot read file: ${why}`, { value: path, source: path, cause: err })
}

interface CommpOptions { json?: boolean, workers?: string, hasher: HasherPreference }

async function runCommp (path: string, opts: CommpOptions): Promise<void> {
  let size: number
  let fh: FileHandle | undefined
  try {
    fh = await open(path, 'r')
    const st = await fh.stat()
    if (st.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' })
    size = st.size
  } catch (err) {
    await fh?.close()
    throw describeFsError(path, err)
  }
  try {
    await hashFile(path, fh, size, opts)
  } catch (err) {
    // A read failing half-way (EIO, a vanished network file) is still about this file.
    if (typeof (err as { syscall?: unknown } | undefined)?.syscall === 'string') throw describeFsError(path, err)
    throw err
  } finally {
    await fh.close()
  }
}

async function hashFile (path: string, fh: FileHandle, size: number, opts: CommpOptions): Promise<void> {
  let workers: number | undefined
  if (opts.workers !== undefined) {
    workers = Number(opts.workers)
    if (!Number.isInteger(workers) || workers < 0) {
      throw new InvalidInputError('ERR_INVALID_FLAG', `'${opts.workers}' is not a worker count`, { value: opts.workers, source: '--workers' })
    }
  }
  const bar = process.stderr.isTTY && size >= PROGRESS_MIN_BYTES
    ? new cliProgress.SingleBar({ stream: process.stderr, format: 'commp [{bar}] {percentage}% | {value}/{total} MiB' }, cliProgress.Presets.shades_classic)
    : undefined
  bar?.start(Math.ceil(size / 2 ** 20), 0)
  try {
    const r = await pieceCommitment(fh, {
      source: path,
      workers,
      prefer: opts.hasher,
      onNotice: (msg) => { process.stderr.write(`nelumbo: ${msg}\n`) },
      onProgress: bar !== undefined ? (n) => { bar.update(Math.floor(n / 2 ** 20)) } : undefined
    })
    bar?.update(Math.ceil(size / 2 ** 20))
    bar?.stop()
    if (opts.json === true) {
      process.stdout.write(`${JSON.stringify({ pieceCid: r.pieceCid.toString(), payloadSize: r.payloadSize, pieceSize: r.pieceSize })}\n`)
    } else {
      process.stdout.write(`CID:  ${r.pieceCid.toString()}\n`)
      process.stdout.write(`Payload size:  ${sizeStr(r.payloadSize)} (${r.payloadSize} B)\n`)
      process.stdout.write(`Piece size:  ${sizeStr(r.pieceSize)} (${r.pieceSize} B)\n`)
    }
  } finally {
    bar?.stop()
  }
}

export function commpCommand (): Command {
  return new Command('commp')
    .description('Compute the piece CID (CommP), payload size and padded piece size of a file')
    .argument('<file>', 'file to hash (for a deal: the CAR file)')
    .option('--json', 'print {"pieceCid", "payloadSize", "pieceSize"} as JSON')
    .option('--workers <n>', 'worker threads (0 = hash on the main thread; default: every core)')
    .addOption(new Option('--hasher <kind>', 'node hasher').choices(['auto', 'native', 'portable']).default('auto'))
    .action(async (file: string, opts: CommpOptions) => { await runCommp(file, opts) })
}
