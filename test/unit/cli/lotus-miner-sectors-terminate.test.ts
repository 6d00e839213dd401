// `lotus-miner sectors terminate|terminate flush|terminate pending` in-process against fake miner
// and full node APIs: the --really-do-it refusal, argument errors, flush's CID or Lotus's error,
// and pending sectors marked when their deadline is in the proving window.
import { beforeEach, test } from 'node:test'
import assert from 'node:assert/strict'
import type { CID } from '../../../src/core/cid.js'
import { parseAddress } from '../../../src/core/address/index.js'
import { sectorId } from '../../../src/core/sector/index.js'
import type { ActorId } from '../../../src/core/types.js'
import { fakeCid } from '../chain-types/fixtures.js'
import { runLotusMiner, type CliRun } from '../../kit/miner-cli.js'

let terminated: number[]
let flushed: CID | null
beforeEach(() => { terminated = []; flushed = null })

// Sector n sits in deadline n of 48; the current deadline is 10.
const miner = {
  ActorAddress: async () => parseAddress('t01000'),
  SectorTerminate: async (n: number) => { terminated.push(n) },
  SectorTerminateFlush: async () => flushed,
  SectorTerminatePending: async () => [3, 9, 10, 11, 12].map((n) => sectorId(1000n as ActorId, n)),
  close: async () => {}
}
const full = {
  StateMinerProvingDeadline: async () => ({ Index: 10, WPoStPeriodDeadlines: 48 }),
  StateSectorPartition: async (_m: unknown, n: number) => ({ Deadline: n, Partition: 0 }),
  close: async () => {}
}
const run = async (args: string[]): Promise<CliRun> => await runLotusMiner(args, { miner, full })

test('terminate: refused without --really-do-it, then argument errors, then queued', async () => {
  const no = await run(['sectors', 'terminate', '1'])
  assert.equal(no.code, 1)
  assert.equal(no.stderr, 'ERROR: pass --really-do-it to confirm this action\n')
  assert.match((await run(['sectors', 'terminate', '--really-do-it'])).stderr, /incorrect number of arguments/)
  assert.match((await run(['sectors', 'terminate', '--really-do-it', '1x'])).stderr, /could not parse sector number: strconv.ParseUint: parsing "1x": invalid syntax/)
  assert.deepEqual(terminated, [])
  const ok = await run(['sectors', 'terminate', '--really-do-it', '7'])
  assert.equal(ok.code, 0, ok.stderr)
  assert.equal(ok.stdout, '')
  assert.deepEqual(terminated, [7])
})

test('terminate flush: the message CID, or an error when nothing was queued', async () => {
  const none = await run(['sectors', 'terminate', 'flush'])
  assert.equal(none.code, 1)
  assert.equal(none.stderr, 'ERROR: no sectors were queued for termination\n')
  flushed = fakeCid('terminate')
  assert.equal((await run(['sectors', 'terminate', 'flush'])).stdout, `${flushed.toString()}\n`)
})

test('terminate pending: one sector a line, those in the previous/current/next deadline marked', async () => {
  const r = await run(['sectors', 'terminate', 'pending'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stdout, '3\n9 (in proving window)\n10 (in proving window)\n11 (in proving window)\n12\n')
})
