import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { after, describe, it } from 'node:test'
import { pathToFileURL } from 'node:url'
import { cborCid } from '../../../src/core/cid.js'
import { Hamt, uintKey } from '../../../src/core/ipld/index.js'
import { SqliteBlockstore } from '../../../src/chain/store/index.js'
import { tempDir } from './helpers.js'

const { dir, cleanup } = tempDir()
after(cleanup)

const block = (s: string): { cid: ReturnType<typeof cborCid>, bytes: Uint8Array } => {
  const bytes = new TextEncoder().encode(s)
  return { cid: cborCid(bytes), bytes }
}

describe('SqliteBlockstore', () => {
  it('puts, gets and survives reopening the file', async () => {
    const path = join(dir, 'datastore', 'chain.sqlite')
    const bs = SqliteBlockstore.open(path)
    const a = block('a')
    assert.equal(await bs.get(a.cid), undefined)
    assert.equal(await bs.has(a.cid), false)
    await bs.put(a.cid, a.bytes)
    await bs.put(a.cid, a.bytes) // idempotent
    await bs.putMany(['b', 'c', 'd'].map(block))
    assert.equal(bs.count(), 4)
    assert.equal(bs.db.pragma('journal_mode', { simple: true }), 'wal')
    bs.close()
    const again = SqliteBlockstore.open(path)
    const got = await again.get(a.cid)
    assert.deepEqual(got, a.bytes)
    assert.equal(got?.constructor, Uint8Array)
    assert.equal(await again.has(block('d').cid), true)
    again.close()
  })

  it('serves as the blockstore behind a HAMT', async () => {
    const bs = SqliteBlockstore.open(join(dir, 'hamt.sqlite'))
    const h = Hamt.create(bs)
    for (let i = 0; i < 50; i++) await h.set(uintKey(i), i)
    const root = await h.flush()
    const back = await Hamt.load(bs, root)
    assert.equal(await back.get(uintKey(42)), 42)
    bs.close()
  })

  it('an acknowledged put survives kill -9 of the writing process', () => {
    const path = join(dir, 'killed.sqlite')
    const moduleUrl = pathToFileURL(resolve('dist/src/chain/store/index.js')).href
    const cidUrl = pathToFileURL(resolve('dist/src/core/cid.js')).href
    const script = join(dir, 'writer.mjs')
    writeFileSync(script, `
      import { SqliteBlockstore } from ${JSON.stringify(moduleUrl)}
      import { cborCid } from ${JSON.stringify(cidUrl)}
      const bs = SqliteBlockstore.open(${JSON.stringify(path)})
      const bytes = new TextEncoder().encode('acknowledged')
      await bs.put(cborCid(bytes), bytes)
      await bs.putMany([{ cid: cborCid(new Uint8Array([1])), bytes: new Uint8Array([1]) }])
      process.kill(process.pid, 'SIGKILL')
    `)
    const r = spawnSync(process.execPath, [script], { encoding: 'utf8' })
    assert.equal(r.signal, 'SIGKILL', r.stderr)
    const bs = SqliteBlockstore.open(path)
    return (async () => {
      assert.deepEqual(await bs.get(block('acknowledged').cid), new TextEncoder().encode('acknowledged'))
      assert.equal(await bs.has(cborCid(new Uint8Array([1]))), true)
      bs.close()
    })()
  })
})
