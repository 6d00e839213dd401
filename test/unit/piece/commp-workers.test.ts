import { test, describe } from 'node:test'
import assert from 'node:assert/strict'
import { randomBytes } from 'node:crypto'
import { mkdtemp, open, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable } from 'node:stream'
import { pieceCommitment, pieceCommitmentOf } from '../../../src/core/piece/commp.js'

// Small subtrees (127 * 2^6 bytes) so a few hundred KiB exercise many worker jobs quickly.
const SUBTREE = 127 * 64

function chunks (data: Uint8Array, size: number): Uint8Array[] {
  const out: Uint8Array[] = []
  for (let i = 0; i < data.length; i += size) out.push(data.subarray(i, i + size))
  return out
}

describe('CommP over streams and worker threads', () => {
  const data = randomBytes(SUBTREE * 37 + 1000)
  const expected = pieceCommitmentOf(data, { subtreeSize: SUBTREE })

  test('worker-thread path equals the single-thread path', async () => {
    for (const workers of [2, 3]) {
      const r = await pieceCommitment(chunks(data, 5000), { workers, subtreeSize: SUBTREE })
      assert.equal(r.pieceCid.toString(), expected.pieceCid.toString(), `${workers} workers`)
      assert.equal(r.payloadSize, data.length)
      assert.equal(r.pieceSize, expected.pieceSize)
    }
    const portable = await pieceCommitment(chunks(data, 4096), { workers: 2, subtreeSize: SUBTREE, prefer: 'portable' })
    assert.equal(portable.pieceCid.toString(), expected.pieceCid.toString())
  })

  test('exact multiples of the subtree, and payloads smaller than one subtree', async () => {
    for (const size of [SUBTREE * 8, SUBTREE * 8 + 1, SUBTREE - 1, 65]) {
      const d = data.subarray(0, size)
      const one = pieceCommitmentOf(d)
      const par = await pieceCommitment(chunks(d, 3000), { workers: 2, subtreeSize: SUBTREE })
      assert.deepEqual(par.commP, one.commP, `payload ${size}`)
    }
  })

  test('node Readable, web ReadableStream and FileHandle sources', async () => {
    const readable = await pieceCommitment(Readable.from(chunks(data, 7777)), { workers: 2, subtreeSize: SUBTREE })
    assert.deepEqual(readable.commP, expected.commP)
    const web = await pieceCommitment(Readable.toWeb(Readable.from(chunks(data, 9999))) as ReadableStream<Uint8Array>, { workers: 0, subtreeSize: SUBTREE })
    assert.deepEqual(web.commP, expected.commP)
    const dir = await mkdtemp(join(tmpdir(), 'nelumbo-commp-'))
    try {
      const file = join(dir, 'payload.bin')
      await writeFile(file, data)
      const fh = await open(file, 'r')
      const progress: number[] = []
      try {
        const r = await pieceCommitment(fh, { workers: 2, subtreeSize: SUBTREE, onProgress: (n) => progress.push(n) })
        assert.deepEqual(r.commP, expected.commP)
      } finally {
        await fh.close()
      }
      assert.equal(progress.at(-1), data.length)
    } finally {
      await rm(dir, { recursive: true, force: true })
    }
  })

  test('bad sources and options are refused clearly', async () => {
    await assert.rejects(pieceCommitment(['not bytes' as unknown as Uint8Array], { source: 'src.bin' }), /src\.bin: payload chunks must be bytes, got string/)
    await assert.rejects(pieceCommitment(data, { subtreeSize: 1000 }), /CommP subtreeSize option: unpadded piece size 1000 must be a power of 2 multiple of 127/)
    const ac = new AbortController()
    ac.abort()
    await assert.rejects(pieceCommitment(chunks(data, 1000), { signal: ac.signal, workers: 2, subtreeSize: SUBTREE }), { name: 'AbortError' })
  })
})
