/**
 * Sectors per hour through the real sealing pipeline (SealingService: Packing, PreCommit1/2,
 * PreCommitting, WaitSeed, Committing, FinalizeSector, with the dev prover and real files), and
 * its I/O throughput next to a plain file copy measured in the same run.
 *
 * Case: N committed-capacity sectors pledged at once on a fake chain that lands every message
 * at once and hands out the seed as soon as it is asked for (the sealing test kit's chain), so
 * the figure is the machine's sealing work, not the network's waits (PreCommitChallengeDelay,
 * message confidence), which a real chain adds per sector but overlaps across sectors.
 * 8 MiB: 8 sectors; 512 MiB: 2 sectors (skipped with NELUMBO_BENCH_QUICK=1). Sealing I/O is
 * the bytes the process read and wrote (/proc/self/io rchar + wchar) over the wall time; the
 * baseline copies a file of one sector's size with a streamed read + write in the same folder
 * (the same syscalls, so the same counters). This prints figures; it asserts nothing.
 */
import { randomFillSync } from 'node:crypto'
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import { join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { createReadStream, createWriteStream } from 'node:fs'
import { RegisteredSealProof } from '../src/core/sector/index.js'
import { harness, until } from '../test/unit/sealing/fakes.js'

const QUICK = process.env.NELUMBO_BENCH_QUICK === '1'
const MiB = 2 ** 20
const CASES = [
  { name: '8MiB', proof: RegisteredSealProof.StackedDrg8MiBV1_1, size: 8 * MiB, sectors: 8 },
  ...(QUICK ? [] : [{ name: '512MiB', proof: RegisteredSealProof.StackedDrg512MiBV1_1, size: 512 * MiB, sectors: 2 }])
]

/** Bytes this process has read and written through syscalls so far (Linux /proc/self/io). */
function ioBytes (): number {
  try {
    const text = readFileSync('/proc/self/io', 'utf8')
    const field = (k: string): number => Number(new RegExp(`^${k}: (\\d+)$`, 'm').exec(text)?.[1] ?? 0)
    return field('rchar') + field('wchar')
  } catch {
    return NaN
  }
}

/** A streamed copy of a `size`-byte file (read + write), in MB/s of bytes moved (read + written). */
async function copyRate (dir: string, size: number): Promise<number> {
  const src = join(dir, 'copy-src')
  const dst = join(dir, 'copy-dst')
  const fd = openSync(src, 'w')
  const chunk = randomFillSync(Buffer.alloc(Math.min(4 * MiB, size)))
  for (let at = 0; at < size; at += chunk.length) writeSync(fd, chunk)
  closeSync(fd)
  const t0 = performance.now()
  await pipeline(createReadStream(src, { highWaterMark: 4 * MiB }), createWriteStream(dst))
  const s = (performance.now() - t0) / 1000
  rmSync(src)
  rmSync(dst)
  return (2 * size) / s / 1e6
}

async function run (c: typeof CASES[number]): Promise<void> {
  const h = await harness({}, c.proof)
  try {
    const io0 = ioBytes()
    const t0 = performance.now()
    const numbers: number[] = []
    for (let i = 0; i < c.sectors; i++) numbers.push((await h.service.PledgeSector()).number)
    await until(h, numbers, 'Proving', 30 * 60_000)
    const s = (performance.now() - t0) / 1000
    const io = (ioBytes() - io0) / s / 1e6
    const copy = await copyRate(h.root, c.size)
    const perHour = c.sectors / (s / 3600)
    console.log(`${c.name.padStart(6)}  ${c.sectors} sectors pledged at once: ${s.toFixed(2)} s to Proving = ${perHour.toFixed(0)} sectors/hour ` +
      `(${(s / c.sectors).toFixed(2)} s of wall time per sector, ${availableParallelism()} cores)`)
    console.log(`        sealing I/O ${io.toFixed(0)} MB/s read+written   plain streamed copy ${copy.toFixed(0)} MB/s read+written   = ${(io / copy * 100).toFixed(0)}% of the copy`)
  } finally {
    await h.close()
  }
}

console.log(`sealing pipeline (SealingService, dev prover, fake chain with no waits)${QUICK ? '; quick (no 512MiB)' : ''}`)
for (const c of CASES) await run(c)
console.log(`peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`)
