/**
 * CommP throughput, with its baselines measured in the same run.
 *
 * Case: CommP (fr32 + sha256-trunc254 binary tree) of a generated temp file read from the page
 * cache. CommP costs two SHA-256 compressions per 64 bytes of padded data, so its per-core limit
 * is a quarter of OpenSSL's bulk SHA-256 rate (`openssl speed -evp sha256 -bytes 8192`).
 * Expected bounds on a SHA-NI machine: one core >= 70% of that limit (the native addon
 * skips the constant second block's schedule, so it can pass 100%); all cores >= 1.7x one
 * core on 2 cores; >= 8x the WASM package; peak RSS < 200 MB whatever the file size.
 * `NELUMBO_BENCH_QUICK=1` shrinks every size. This prints figures; it asserts nothing.
 */
import { spawnSync } from 'node:child_process'
import { createHash, randomFillSync } from 'node:crypto'
import { mkdtempSync, openSync, rmSync, writeSync, closeSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import * as WasmHasher from 'fr32-sha2-256-trunc254-padded-binary-tree-multihash'
import { Piece } from '@web3-storage/data-segment'
import { nativeHasherStatus } from '../src/core/merkle/hasher.js'
import { pieceCommitment, pieceCommitmentOf } from '../src/core/piece/commp.js'

const QUICK = process.env.NELUMBO_BENCH_QUICK === '1'
const MiB = 2 ** 20
const FILE_SIZE = (QUICK ? 128 : 1024) * MiB
const WASM_SIZE = (QUICK ? 16 : 64) * MiB
const DATASEGMENT_SIZE = (QUICK ? 4 : 16) * MiB
const mbps = (bytes: number, ms: number): number => bytes / (ms / 1000) / 1e6
const fmt = (n: number): string => n.toFixed(0).padStart(6)

function opensslSha256 (): number | undefined {
  const r = spawnSync('openssl', ['speed', '-evp', 'sha256', '-bytes', '8192', '-seconds', QUICK ? '1' : '3'], { encoding: 'utf8' })
  if (r.status !== 0) return undefined
  // Last table row: "sha256   1695110.05k" (thousands of bytes per second for 8192-byte inputs).
  const m = /^sha256\s+([\d.]+)k\s*$/m.exec(r.stdout)
  return m?.[1] !== undefined ? Number(m[1]) * 1000 / 1e6 : undefined
}

function nodeSha256 (): number {
  const buf = randomFillSync(Buffer.alloc(8 * MiB))
  const rounds = QUICK ? 16 : 64
  const t = performance.now()
  const h = createHash('sha256')
  for (let i = 0; i < rounds; i++) h.update(buf)
  h.digest()
  return mbps(rounds * buf.length, performance.now() - t)
}

function writeTempFile (path: string, size: number): void {
  const fd = openSync(path, 'w')
  const chunk = Buffer.alloc(4 * MiB)
  for (let left = size; left > 0; left -= chunk.length) {
    randomFillSync(chunk)
    writeSync(fd, chunk, 0, Math.min(chunk.length, left))
  }
  closeSync(fd)
}

async function commpFile (path: string, workers: number): Promise<{ mbps: number, cid: string }> {
  const fh = await open(path, 'r')
  try {
    const t = performance.now()
    const r = await pieceCommitment(fh, { workers })
    return { mbps: mbps(r.payloadSize, performance.now() - t), cid: r.pieceCid.toString() }
  } finally {
    await fh.close()
  }
}

function wasmCommP (data: Uint8Array): { mbps: number, root: Uint8Array } {
  const t = performance.now()
  const hasher = WasmHasher.create()
  for (let off = 0; off < data.length; off += MiB) hasher.write(data.subarray(off, off + MiB))
  const digest = new Uint8Array(hasher.multihashByteLength())
  const end = hasher.digestInto(digest, 0, false)
  hasher.free()
  return { mbps: mbps(data.length, performance.now() - t), root: digest.subarray(end - 32, end) }
}

function dataSegmentCommP (data: Uint8Array): { mbps: number, root: Uint8Array } {
  const t = performance.now()
  const piece = Piece.fromPayload(data)
  return { mbps: mbps(data.length, performance.now() - t), root: piece.root }
}

const same = (a: Uint8Array, b: Uint8Array): boolean => a.length === b.length && a.every((x, i) => x === b[i])

async function main (): Promise<void> {
  const native = nativeHasherStatus()
  console.log(`# CommP benchmark${QUICK ? ' (quick)' : ''}: ${availableParallelism()} cores, hasher ${native.available ? `native ${native.implementation}` : `portable (${native.reason})`}`)
  const openssl = opensslSha256()
  const limit = openssl !== undefined ? openssl / 4 : undefined
  if (openssl !== undefined && limit !== undefined) {
    console.log(`openssl speed -evp sha256 (8192 B)      ${fmt(openssl)} MB/s   -> CommP limit per core ${limit.toFixed(0)} MB/s`)
  } else {
    console.log('openssl speed -evp sha256                unavailable (no openssl binary)')
  }
  console.log(`node:crypto sha256 bulk                 ${fmt(nodeSha256())} MB/s`)

  const dir = mkdtempSync(join(tmpdir(), 'nelumbo-bench-'))
  try {
    const file = join(dir, 'payload.bin')
    writeTempFile(file, FILE_SIZE)
    await commpFile(file, 0) // warm-up: page cache, addon, JIT
    const one = await commpFile(file, 0)
    const all = await commpFile(file, availableParallelism())
    const rssMb = process.resourceUsage().maxRSS / 1024
    const size = `${FILE_SIZE / MiB} MiB`
    const pct = limit !== undefined ? ` = ${(100 * one.mbps / limit).toFixed(0)}% of the per-core limit (target >= 70%)` : ''
    console.log(`nelumbo CommP ${size}, one core         ${fmt(one.mbps)} MB/s${pct}`)
    console.log(`nelumbo CommP ${size}, ${availableParallelism()} workers         ${fmt(all.mbps)} MB/s = ${(all.mbps / one.mbps).toFixed(2)}x one core (target >= 1.7x)`)
    console.log(`peak RSS so far (CommP of ${size})      ${fmt(rssMb)} MB (target < 200 MB)`)
    if (one.cid !== all.cid) console.log(`MISMATCH: one core ${one.cid} vs workers ${all.cid}`)

    const data = randomFillSync(new Uint8Array(WASM_SIZE))
    const wasm = wasmCommP(data)
    const t = performance.now()
    const ours = pieceCommitmentOf(data)
    const oursMbps = mbps(data.length, performance.now() - t)
    console.log(`WASM fr32-sha2-256-trunc254-... ${WASM_SIZE / MiB} MiB ${fmt(wasm.mbps)} MB/s   (ours, same bytes in memory, one core: ${oursMbps.toFixed(0)} MB/s = ${(oursMbps / wasm.mbps).toFixed(1)}x; file one core = ${(one.mbps / wasm.mbps).toFixed(1)}x; target >= 8x)`)
    if (!same(wasm.root, ours.commP)) console.log('MISMATCH: WASM package and nelumbo disagree')
    const small = data.subarray(0, DATASEGMENT_SIZE)
    const ds = dataSegmentCommP(small)
    console.log(`@web3-storage/data-segment ${DATASEGMENT_SIZE / MiB} MiB       ${fmt(ds.mbps)} MB/s`)
    if (!same(ds.root, pieceCommitmentOf(small).commP)) console.log('MISMATCH: data-segment and nelumbo disagree')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
