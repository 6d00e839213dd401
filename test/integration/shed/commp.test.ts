import { test, describe, before, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runBin } from '../../kit/bin.js'

describe('lotus-shed commp', () => {
  let dir = ''
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'nelumbo-shed-commp-')) })
  after(async () => { await rm(dir, { recursive: true, force: true }) })

  test('prints piece CID, payload size and piece size', async () => {
    // Source: filecoin-project/go-fil-commp-hashhash testdata/0xCC.txt (1017 bytes of 0xCC).
    const file = join(dir, 'cc.bin')
    await writeFile(file, Buffer.alloc(1017, 0xcc))
    const r = await runBin('lotus-shed', ['commp', file])
    assert.equal(r.code, 0, r.stderr)
    assert.equal(r.stdout,
      'CID:  baga6ea4seaqf3n5ob5qonkwnxfcbjzftsagbnrjfzualqvzhcylz46b7sgz6wmi\n' +
      'Payload size:  1017 B (1017 B)\n' +
      'Piece size:  2 KiB (2048 B)\n')
  })

  test('--json, on the worker-thread and portable paths too', async () => {
    const file = join(dir, 'cc.bin')
    await writeFile(file, Buffer.alloc(1017, 0xcc))
    for (const extra of [[], ['--workers', '2'], ['--hasher', 'portable']]) {
      const r = await runBin('lotus-shed', ['commp', '--json', ...extra, file])
      assert.equal(r.code, 0, r.stderr)
      assert.deepEqual(JSON.parse(r.stdout), { pieceCid: 'baga6ea4seaqf3n5ob5qonkwnxfcbjzftsagbnrjfzualqvzhcylz46b7sgz6wmi', payloadSize: 1017, pieceSize: 2048 })
    }
  })

  test('missing, empty and directory paths: one ERROR line naming the file, exit 1', async () => {
    const empty = join(dir, 'empty.car')
    await writeFile(empty, '')
    const cases: Array<[string, RegExp]> = [
      [join(dir, 'missing.car'), /^ERROR: .*missing\.car: cannot read file: no such file\n$/],
      [empty, /^ERROR: .*empty\.car: payload of 0 bytes is below the 65-byte minimum for CommP\n$/],
      [dir, /^ERROR: .*nelumbo-shed-commp-\w+: cannot read file: is a directory\n$/]
    ]
    for (const [path, expected] of cases) {
      const r = await runBin('lotus-shed', ['commp', path])
      assert.equal(r.code, 1, path)
      assert.match(r.stderr, expected)
      assert.equal(r.stdout, '')
    }
    const bad = await runBin('lotus-shed', ['commp', '--workers', 'many', empty])
    assert.equal(bad.code, 1)
    assert.match(bad.stderr, /--workers: 'many' is not a worker count/)
  })
})
