import assert from 'node:assert/strict'
import { after, before, describe, test } from 'node:test'
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { DealProposal } from '../../../../src/chain/actors/builtin/market/types.js'
import { generateUnsealedCid, pieceCommitmentOf } from '../../../../src/core/piece/index.js'
import { checkPieceData } from '../../../../src/markets/deals/piece-check.js'
import { carFile, proposal } from './fixtures.js'

let dir: string
let n = 0
before(() => { dir = mkdtempSync(join(tmpdir(), 'nelumbo-piece-check-')) })
after(() => { rmSync(dir, { recursive: true, force: true }) })

function write (bytes: Uint8Array): string {
  const file = join(dir, `data-${n++}.car`)
  writeFileSync(file, bytes)
  return file
}

function forPiece (change: Partial<DealProposal>): DealProposal {
  return proposal(change)
}

describe('checkPieceData', () => {
  test('a CAR whose piece CID is the proposal\'s passes', async () => {
    const { bytes } = await carFile()
    const { pieceCid, pieceSize } = pieceCommitmentOf(bytes)
    assert.equal(Number(pieceSize), 2048)
    assert.equal(await checkPieceData(write(bytes), forPiece({ PieceCID: pieceCid, PieceSize: 2048 })), undefined)
  })

  test('the same CAR in a larger piece passes against the zero-padded piece CID', async () => {
    const { bytes } = await carFile()
    const { pieceCid } = pieceCommitmentOf(bytes)
    const padded = generateUnsealedCid(4096, [{ size: 2048, pieceCid }])
    assert.notEqual(padded.toString(), pieceCid.toString())
    const file = write(bytes)
    assert.equal(await checkPieceData(file, forPiece({ PieceCID: padded, PieceSize: 4096 })), undefined)
    // The unpadded CID with the larger size does not match.
    assert.equal(await checkPieceData(file, forPiece({ PieceCID: pieceCid, PieceSize: 4096 })),
      `commP mismatch: the data's piece CID is ${padded.toString()}, the proposal's ${pieceCid.toString()}`)
  })

  test('bytes that are not a CAR fail', async () => {
    const bytes = randomBytes(1500)
    const { pieceCid } = pieceCommitmentOf(bytes)
    const r = await checkPieceData(write(bytes), forPiece({ PieceCID: pieceCid, PieceSize: 2048 }))
    assert.match(r ?? '', /^data is not a CAR file: .+/)
  })

  test('an empty file fails as not a CAR', async () => {
    const r = await checkPieceData(write(new Uint8Array(0)), forPiece({}))
    assert.match(r ?? '', /^data is not a CAR file: .+/)
  })

  test('a different CAR fails with commP mismatch', async () => {
    const expected = pieceCommitmentOf((await carFile()).bytes).pieceCid
    const other = (await carFile()).bytes
    const actual = pieceCommitmentOf(other).pieceCid
    assert.equal(await checkPieceData(write(other), forPiece({ PieceCID: expected, PieceSize: 2048 })),
      `commP mismatch: the data's piece CID is ${actual.toString()}, the proposal's ${expected.toString()}`)
  })

  test('data too big for the proposal\'s piece size fails', async () => {
    const { bytes } = await carFile(3000)
    const { pieceCid, pieceSize } = pieceCommitmentOf(bytes)
    assert.equal(Number(pieceSize), 4096)
    assert.equal(await checkPieceData(write(bytes), forPiece({ PieceCID: pieceCid, PieceSize: 2048 })),
      `data of ${bytes.length} bytes needs a piece of 4096 bytes, more than the proposal's 2048`)
  })
})
