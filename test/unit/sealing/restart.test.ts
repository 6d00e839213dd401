// A restart in the middle (service stopped, datastore reopened, new service) resumes every
// sector where its record says, and nothing is sealed or pre-committed twice.
import { after, test } from 'node:test'
import assert from 'node:assert/strict'
import { type Harness, harness, until } from './fakes.js'

let h: Harness | undefined
after(async () => { await h?.close() })

test('resumes every sector after a restart and finishes without sealing twice', async () => {
  h = await harness()
  const a = (await h.service.PledgeSector()).number
  const b = (await h.service.PledgeSector()).number
  assert.notEqual(a, b)
  await until(h, [a, b], 'WaitSeed')
  const before = await h.service.SectorsStatus(a, false)
  await h.restart()
  const again = await h.service.SectorsStatus(a, false)
  assert.equal(again.State, 'WaitSeed')
  assert.deepEqual(again.Log.slice(0, before.Log.length), before.Log, 'the log survived')
  assert.equal(again.Log.length, before.Log.length + 1)
  assert.equal(again.Log.at(-1)?.Kind, 'event;sealing.SectorRestart', 'the restart is on record')
  assert.equal(again.CommR?.toString(), before.CommR?.toString())
  await until(h, [a, b], 'Proving')
  for (const n of [a, b]) {
    assert.equal(h.prover.pc1.get(n), 1, `sector ${n} sealed once`)
    assert.equal(h.chain.pushes(28, n).length, 1, `sector ${n} pre-committed once`)
    assert.equal(h.chain.pushes(7, n).length, 1, `sector ${n} proven once`)
  }
  // New sectors keep counting after the restart.
  const c = (await h.service.PledgeSector()).number
  assert.equal(c, Math.max(a, b) + 1)
  await until(h, [c], 'Proving')
})

test('a restart between a pushed PreCommit and its record does not pre-commit twice', async () => {
  await h?.close()
  h = await harness()
  const n = (await h.service.PledgeSector()).number
  await until(h, [n], 'WaitSeed')
  // Put the record back in PreCommitting, as if the process died after the push but before
  // SectorPreCommitted was persisted: the pre-commit is on chain, so it is not sent again.
  await h.service.SectorsUpdate(n, 'PreCommitting')
  await h.restart()
  await until(h, [n], 'Proving')
  assert.equal(h.chain.pushes(28, n).length, 1)
})
