// Each failure path goes to its failure state, shows the error in the log, retries with
// backoff and still reaches Proving.
import { afterEach, test } from 'node:test'
import assert from 'node:assert/strict'
import { type Harness, harness, until } from './fakes.js'

let h: Harness | undefined
afterEach(async () => { await h?.close(); h = undefined })

async function logOf (hh: Harness, n: number): Promise<Array<{ kind: string, message: string }>> {
  const info = await hh.service.SectorsStatus(n as never, false)
  return info.Log.map((l) => ({ kind: l.Kind.replace('event;sealing.', ''), message: l.Message }))
}

test('PreCommit1 failure: SealPreCommit1Failed, retried', async () => {
  h = await harness()
  h.prover.failPc1 = 1
  const { number: n } = await h.service.PledgeSector()
  await until(h, [n], 'Proving')
  const log = await logOf(h, n)
  const failed = log.find((l) => l.kind === 'SectorSealPreCommit1Failed')
  assert.match(failed?.message ?? '', /PC1 failed \(fake\)/)
  assert.ok(log.some((l) => l.kind === 'SectorRetrySealPreCommit1'))
  assert.equal(h.prover.pc1.get(n), 2)
  const info = await h.service.SectorsStatus(n, false)
  assert.equal(info.Retries, 1)
})

test('PreCommit message failed on chain: PreCommitFailed, sent again with a new MsgUuid', async () => {
  h = await harness()
  h.chain.failPreCommits = [16]
  const { number: n } = await h.service.PledgeSector()
  await until(h, [n], 'Proving')
  const log = await logOf(h, n)
  assert.match(log.find((l) => l.kind === 'SectorChainPreCommitFailed')?.message ?? '', /exit 16/)
  assert.ok(log.some((l) => l.kind === 'SectorRetryPreCommit'))
  const sent = h.chain.pushes(28, n)
  assert.equal(sent.length, 2)
  assert.notEqual(sent[0]!.uuid, sent[1]!.uuid)
  assert.equal(h.prover.pc1.get(n), 1, 'not sealed again')
})

test('seed reorg: the pre-commit vanishes before the seed, so it is sent again', async () => {
  h = await harness()
  const { number: n } = await h.service.PledgeSector()
  await until(h, [n], 'WaitSeed')
  h.chain.precommits.delete(n) // reorged out
  await until(h, [n], 'Proving')
  const log = await logOf(h, n)
  assert.match(log.find((l) => l.kind === 'SectorChainPreCommitFailed')?.message ?? '', /no longer on chain|not found on chain/)
  assert.equal(h.chain.pushes(28, n).length, 2)
  assert.equal(h.prover.pc1.get(n), 1)
})

test('ticket expired: back to PreCommit1 for a new ticket', async () => {
  h = await harness({ maxPreCommitRandomnessLookback: 950 })
  h.chain.failPushes = 1
  const { number: n } = await h.service.PledgeSector()
  const deadline = Date.now() + 10_000
  while ((await h.service.SectorsStatus(n, false)).State !== 'PreCommitFailed') {
    assert.ok(Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 2))
  }
  h.chain.advance(100) // the ticket (head - 900) is now older than 950 epochs
  await until(h, [n], 'Proving')
  const kinds = (await logOf(h, n)).map((l) => l.kind)
  const i = kinds.indexOf('SectorChainPreCommitFailed')
  assert.deepEqual(kinds.slice(i, i + 4), ['SectorChainPreCommitFailed', 'SectorRetrySealPreCommit1', 'SectorOldTicket', 'SectorTicket'])
  assert.equal(h.prover.pc1.get(n), 2, 'a new ticket means a new replica')
})

test('commit failed on chain: CommitFailed, ProveCommit sent again', async () => {
  h = await harness()
  h.chain.failCommits = [16]
  const { number: n } = await h.service.PledgeSector()
  await until(h, [n], 'Proving')
  const log = await logOf(h, n)
  assert.match(log.find((l) => l.kind === 'SectorCommitFailed')?.message ?? '', /exit=16/)
  assert.ok(log.some((l) => l.kind === 'SectorRetrySubmitCommit'))
  assert.equal(h.chain.pushes(7, n).length, 2)
  assert.equal(h.prover.commits.get(n), 1, 'the proof is reused')
})

test('operator: remove, and update-state', async () => {
  h = await harness()
  const { number: n } = await h.service.PledgeSector()
  await until(h, [n], 'WaitSeed')
  await h.service.SectorRemove(n)
  await until(h, [n], 'Removed')
  assert.deepEqual(await h.service.SectorsListInStates(['Removed']), [n])
  await assert.rejects(h.service.SectorStartSealing(n), /does not accept/)
  await assert.rejects(h.service.SectorsStatus(99 as never, false), /sector 99 not found/)
  await h.service.SectorsUpdate(n, 'Removing')
  await until(h, [n], 'Removed')
})
