/**
 * Online deal data path (the markets node pulling a client's CAR over HTTP), with its baseline
 * measured in the same run: a plain `fetch` of the same file from the same local server into a
 * file. Then the data check a deal runs before publishing (CAR header + piece CID), against
 * CommP of the same bytes alone. Expected: the deal transfer >= 80% of the plain download
 * (it only counts bytes on the way), and the check within ~10% of CommP. Loopback HTTP, page
 * cache; `NELUMBO_BENCH_QUICK=1` shrinks the file. This prints figures; it asserts nothing.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { randomFillSync } from 'node:crypto'
import { CarWriter } from '@ipld/car'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { pieceCommitment } from '../src/core/piece/commp.js'
import type { DealProposal } from '../src/chain/actors/builtin/market/types.js'
import { checkPieceData } from '../src/markets/deals/piece-check.js'
import { httpPull } from '../src/markets/deals/transfer.js'

const QUICK = process.env.NELUMBO_BENCH_QUICK === '1'
const MiB = 2 ** 20
const BLOCKS = QUICK ? 64 : 256
const mbps = (bytes: number, ms: number): string => (bytes / (ms / 1000) / 1e6).toFixed(0).padStart(5)

/** A CAR of 1 MiB raw blocks, written to `file`. */
async function makeCar (file: string): Promise<void> {
  const blocks = Array.from({ length: BLOCKS }, () => randomFillSync(Buffer.alloc(MiB)))
  const cids = await Promise.all(blocks.map(async (b) => CID.create(1, raw.code, await sha256.digest(b))))
  const { writer, out } = CarWriter.create([cids[0]!])
  const done = pipeline(Readable.from(out), createWriteStream(file))
  for (const [i, b] of blocks.entries()) await writer.put({ cid: cids[i]!, bytes: b })
  await writer.close()
  await done
}

async function timed (fn: () => Promise<void>): Promise<number> {
  const t = performance.now()
  await fn()
  return performance.now() - t
}

async function main (): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'nelumbo-bench-transfer-'))
  const car = join(dir, 'data.car')
  await makeCar(car)
  const size = statSync(car).size
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Length': String(size) })
    createReadStream(car).pipe(res)
  })
  await new Promise<void>((resolve) => { server.listen(0, '127.0.0.1', resolve) })
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data.car`
  try {
    console.log(`deal data path, ${(size / MiB).toFixed(0)} MiB CAR over loopback HTTP`)
    // Warm the page cache and the server once. Then interleave the two and keep each one's best
    // of three: writing 256 MiB leaves dirty pages whose writeback slows whichever runs next.
    await pipeline(Readable.fromWeb((await fetch(url)).body as never), createWriteStream(join(dir, 'warm')))
    let plain = Infinity
    let deal = Infinity
    for (let i = 0; i < 3; i++) {
      rmSync(join(dir, 'plain'), { force: true })
      plain = Math.min(plain, await timed(async () => {
        await pipeline(Readable.fromWeb((await fetch(url)).body as never), createWriteStream(join(dir, 'plain')))
      }))
      rmSync(join(dir, 'pulled.car'), { force: true })
      deal = Math.min(deal, await timed(async () => { await httpPull({ URL: url, Headers: {} }, join(dir, 'pulled.car'), { size }) }))
    }
    console.log(`  plain fetch → file   ${plain.toFixed(0).padStart(6)} ms ${mbps(size, plain)} MB/s (baseline, best of 3)`)
    console.log(`  deal transfer        ${deal.toFixed(0).padStart(6)} ms ${mbps(size, deal)} MB/s (${(plain / deal * 100).toFixed(0)}% of baseline, best of 3)`)

    let pieceSize = 128
    let commp = 0
    const fh = await open(car, 'r')
    try {
      commp = await timed(async () => { pieceSize = (await pieceCommitment(fh, { source: car })).pieceSize })
    } finally {
      await fh.close()
    }
    const cidFh = await open(car, 'r')
    const pieceCid = (await pieceCommitment(cidFh, { source: car })).pieceCid
    await cidFh.close()
    const proposal = { PieceCID: pieceCid, PieceSize: pieceSize } as unknown as DealProposal
    let bad: string | undefined
    const check = await timed(async () => { bad = await checkPieceData(join(dir, 'pulled.car'), proposal) })
    if (bad !== undefined) throw new Error(`the pulled CAR failed its check: ${bad}`)
    console.log(`  CommP alone          ${commp.toFixed(0).padStart(6)} ms ${mbps(size, commp)} MB/s (baseline)`)
    console.log(`  deal data check      ${check.toFixed(0).padStart(6)} ms ${mbps(size, check)} MB/s (${(commp / check * 100).toFixed(0)}% of CommP)`)
  } finally {
    server.close()
    rmSync(dir, { recursive: true, force: true })
  }
}

await main()
