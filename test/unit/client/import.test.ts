import { test, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CarReader } from '@ipld/car'
import { CarWriter } from '@ipld/car/writer'
import * as dagPb from '@ipld/dag-pb'
import { CID } from 'multiformats/cid'
import * as raw from 'multiformats/codecs/raw'
import { sha256 } from 'multiformats/hashes/sha2'
import { importData, ImportDataError } from '../../../src/client/import.js'
import { pieceCommitmentOf } from '../../../src/core/piece/index.js'

const dir = mkdtempSync(join(tmpdir(), 'nelumbo-import-'))
after(() => rmSync(dir, { recursive: true, force: true }))

let n = 0
function freshDir (): string {
  const d = join(dir, `imports-${n++}`)
  return d
}

/** Deterministic pseudo-random bytes (sha256 in counter mode) so roots are reproducible. */
function bytesOf (size: number, seed: string): Buffer {
  const out = Buffer.alloc(size)
  for (let off = 0, i = 0; off < size; off += 32, i++) {
    createHash('sha256').update(`${seed}:${i}`).digest().copy(out, off)
  }
  return out
}

function sha256Matches (cid: CID, bytes: Uint8Array): boolean {
  return cid.multihash.code === 0x12 && Buffer.from(createHash('sha256').update(bytes).digest()).equals(Buffer.from(cid.multihash.digest))
}

async function blocksOf (carPath: string): Promise<{ roots: CID[], blocks: Array<{ cid: CID, bytes: Uint8Array }> }> {
  const reader = await CarReader.fromBytes(readFileSync(carPath))
  const blocks = []
  for await (const b of reader.blocks()) blocks.push(b)
  return { roots: await reader.getRoots(), blocks }
}

function carv1To2 (v1: Uint8Array): Uint8Array {
  const pragma = Uint8Array.from([0x0a, 0xa1, 0x67, 0x76, 0x65, 0x72, 0x73, 0x69, 0x6f, 0x6e, 0x02])
  const header = Buffer.alloc(40)
  const dataOffset = pragma.length + header.length
  header.writeBigUInt64LE(BigInt(dataOffset), 16)
  header.writeBigUInt64LE(BigInt(v1.length), 24)
  header.writeBigUInt64LE(0n, 32) // no index
  return Buffer.concat([pragma, header, v1])
}

async function carBytes (roots: CID[], blocks: Array<{ cid: CID, bytes: Uint8Array }>): Promise<Uint8Array> {
  const { writer, out } = CarWriter.create(roots)
  const chunks: Uint8Array[] = []
  const collecting = (async () => { for await (const c of out) chunks.push(c) })()
  for (const b of blocks) await writer.put(b)
  await writer.close()
  await collecting
  return Buffer.concat(chunks)
}

async function rawBlock (bytes: Uint8Array): Promise<{ cid: CID, bytes: Uint8Array }> {
  return { cid: CID.create(1, raw.code, await sha256.digest(bytes)), bytes }
}

test('a 1600-byte file is one raw leaf: root bafkrei…, the CAR holds that block, piece CID of the CAR bytes', async () => {
  const input = bytesOf(1600, 'small')
  const file = join(dir, 'small.bin')
  writeFileSync(file, input)
  const importsDir = freshDir()
  const r = await importData(file, { car: false, importsDir })

  assert.equal(r.root.code, raw.code)
  assert.equal(r.root.version, 1)
  assert.ok(r.root.toString().startsWith('bafkrei'), r.root.toString())
  assert.ok(sha256Matches(r.root, input))
  assert.equal(r.carPath, join(importsDir, `${r.root.toString()}.car`))
  assert.equal(r.carSize, statSync(r.carPath).size)

  const { roots, blocks } = await blocksOf(r.carPath)
  assert.deepEqual(roots.map(String), [r.root.toString()])
  assert.equal(blocks.length, 1)
  assert.ok(blocks[0]?.cid.equals(r.root))
  assert.deepEqual(Buffer.from(blocks[0]?.bytes ?? []), input)

  const expected = pieceCommitmentOf(readFileSync(r.carPath))
  assert.ok(r.pieceCid.equals(expected.pieceCid))
  assert.equal(r.pieceSize, expected.pieceSize)
  assert.equal(r.pieceSize, 2048) // CAR of ~1.7 KB pads into a 2 KiB piece
  assert.deepEqual(readdirSync(importsDir), [`${r.root.toString()}.car`], 'temp files removed')
})

test('a 3 MiB file is a dag-pb root (bafybei…) over 3 raw 1 MiB leaves; every block hashes to its CID; bytes come back', async () => {
  const input = bytesOf(3 << 20, 'big')
  const file = join(dir, 'big.bin')
  writeFileSync(file, input)
  const importsDir = freshDir()
  const r = await importData(file, { car: false, importsDir })

  assert.equal(r.root.code, dagPb.code)
  assert.ok(r.root.toString().startsWith('bafybei'), r.root.toString())

  const { roots, blocks } = await blocksOf(r.carPath)
  assert.deepEqual(roots.map(String), [r.root.toString()])
  assert.equal(blocks.length, 4)
  for (const b of blocks) assert.ok(sha256Matches(b.cid, b.bytes), `block ${b.cid.toString()} matches its sha256`)
  // Root first, then the leaves in link order (a selective traversal's order, as Lotus's deal code reads).
  assert.ok(blocks[0]?.cid.equals(r.root))

  const node = dagPb.decode(blocks[0]?.bytes ?? new Uint8Array())
  assert.equal(node.Links.length, 3)
  const byCid = new Map(blocks.map((b) => [b.cid.toString(), b.bytes]))
  const leaves: Uint8Array[] = []
  for (const [i, link] of node.Links.entries()) {
    assert.equal(link.Hash.code, raw.code)
    assert.ok(link.Hash.toString().startsWith('bafkrei'))
    assert.ok(link.Hash.equals(blocks[i + 1]?.cid))
    const leaf = byCid.get(link.Hash.toString())
    assert.ok(leaf != null)
    assert.equal(leaf.length, 1 << 20)
    assert.equal(link.Tsize, 1 << 20)
    leaves.push(leaf)
  }
  assert.ok(Buffer.concat(leaves).equals(input), 'leaves concatenated are the input')

  const expected = pieceCommitmentOf(readFileSync(r.carPath))
  assert.ok(r.pieceCid.equals(expected.pieceCid))
  assert.equal(r.pieceSize, expected.pieceSize)
  assert.equal(r.pieceSize, 4 << 20)
  assert.equal(r.carSize, readFileSync(r.carPath).length)

  // Importing the same bytes again gives the same CAR (deterministic block order).
  const again = await importData(file, { car: false, importsDir: freshDir() })
  assert.ok(again.root.equals(r.root))
  assert.ok(readFileSync(again.carPath).equals(readFileSync(r.carPath)))
  assert.ok(again.pieceCid.equals(r.pieceCid))
})

test('--car: a CARv1 round trips (same root, bytes, size, piece CID); a CARv2 has its CARv1 payload extracted', async () => {
  const file = join(dir, 'rt.bin')
  writeFileSync(file, bytesOf(2 << 20, 'rt'))
  const made = await importData(file, { car: false, importsDir: freshDir() })

  const importsDir = freshDir()
  const v1 = await importData(made.carPath, { car: true, importsDir })
  assert.ok(v1.root.equals(made.root))
  assert.equal(v1.carPath, join(importsDir, `${made.root.toString()}.car`))
  assert.ok(readFileSync(v1.carPath).equals(readFileSync(made.carPath)))
  assert.equal(v1.carSize, made.carSize)
  assert.ok(v1.pieceCid.equals(made.pieceCid))
  assert.equal(v1.pieceSize, made.pieceSize)

  const v2file = join(dir, 'rt.car2')
  writeFileSync(v2file, carv1To2(readFileSync(made.carPath)))
  const v2 = await importData(v2file, { car: true, importsDir: freshDir() })
  assert.ok(v2.root.equals(made.root))
  assert.ok(readFileSync(v2.carPath).equals(readFileSync(made.carPath)))
  assert.ok(v2.pieceCid.equals(made.pieceCid))
  assert.equal(v2.carSize, made.carSize)
})

test('errors name the path: missing, directory, empty, not a CAR, no root, several roots, bad block, root absent', async () => {
  const importsDir = freshDir()
  const expectError = async (path: string, car: boolean, re: RegExp): Promise<void> => {
    await assert.rejects(importData(path, { car, importsDir }), (err: unknown) => {
      assert.ok(err instanceof ImportDataError, String(err))
      assert.ok(err.message.includes(path), err.message)
      assert.match(err.message, re)
      assert.equal(err.path, path)
      return true
    })
  }

  await expectError(join(dir, 'nope.bin'), false, /no such file/)
  await expectError(join(dir, 'nope.car'), true, /no such file/)
  const sub = join(dir, 'a-directory')
  mkdirSync(sub)
  await expectError(sub, false, /is a directory/)
  await expectError(sub, true, /is a directory/)
  const empty = join(dir, 'empty.bin')
  writeFileSync(empty, new Uint8Array())
  await expectError(empty, false, /empty/)
  await expectError(empty, true, /empty/)

  const plain = join(dir, 'plain.txt')
  writeFileSync(plain, 'hello, this is not a CAR file at all\n'.repeat(10))
  await expectError(plain, true, /not a CAR/)

  const a = await rawBlock(bytesOf(200, 'a'))
  const b = await rawBlock(bytesOf(200, 'b'))
  const noRoot = join(dir, 'noroot.car')
  writeFileSync(noRoot, await carBytes([], [a]))
  await expectError(noRoot, true, /no root|not a CAR/)

  const twoRoots = join(dir, 'tworoots.car')
  writeFileSync(twoRoots, await carBytes([a.cid, b.cid], [a, b]))
  await expectError(twoRoots, true, /2 roots/)

  const corrupt = join(dir, 'corrupt.car')
  writeFileSync(corrupt, await carBytes([a.cid], [{ cid: a.cid, bytes: b.bytes }]))
  await expectError(corrupt, true, /does not match/)

  const missingRoot = join(dir, 'missingroot.car')
  writeFileSync(missingRoot, await carBytes([a.cid], [b]))
  await expectError(missingRoot, true, /does not hold its root/)

  const truncated = join(dir, 'truncated.car')
  const whole = await carBytes([a.cid], [a])
  writeFileSync(truncated, whole.subarray(0, whole.length - 50))
  await expectError(truncated, true, /malformed CAR/)

  // Nothing half-written is left behind by the failures.
  assert.deepEqual(readdirSync(importsDir), [])
})
