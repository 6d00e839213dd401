// `lotus-miner sectors terminate` on a devnet: refused without --really-do-it; with it, the
// sector is queued for the miner's TerminateBatcher (`terminate pending`), `terminate flush`
// sends the TerminateSectors message once the sector's deadline is out of the proving window,
// and once it lands the miner's power drops by that sector. Also `sealing workers`: the miner's
// own worker with this machine's CPUs and memory.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { availableParallelism, hostname } from 'node:os'
import { parseAddress } from '../../../src/core/address/index.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { startDevnet, waitFor, type Devnet } from '../../kit/devnet.js'

const miner = parseAddress('t01000')
let net: Devnet

before(async () => { net = await startDevnet({ miners: [2] }) })
after(async () => { await net?.stop() })

const rawPower = async (): Promise<bigint> => (await net.daemon.api.StateMinerPower(miner, TipSetKey.empty)).MinerPower.RawBytePower

describe('lotus-miner sealing workers', () => {
  test('lists the miner\'s own worker with this machine\'s resources', async () => {
    const out = await net.cli('lotus-miner', ['sealing', 'workers'])
    assert.match(out, new RegExp(`^Worker [0-9a-f-]{36}, host ${hostname().replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\n`))
    assert.doesNotMatch(out, /TASK:/, 'an idle worker has no task line')
    assert.match(out, new RegExp(`\\n\\tCPU:  \\[[| ]{64}\\] \\d+/${availableParallelism()} core\\(s\\) in use\\n`))
    assert.match(out, /\n\tRAM: {2}\[[| ]{64}\] \d+% [\d.]+ \w?i?B\/[\d.]+ \w?i?B\n/)
  })
})

describe('lotus-miner sectors terminate', () => {
  test('refuses without --really-do-it or a sector number; nothing to flush', async () => {
    const r = await net.run('lotus-miner', ['sectors', 'terminate', '1'])
    assert.equal(r.code, 1)
    assert.match(r.stderr, /pass --really-do-it to confirm this action/)
    const n = await net.run('lotus-miner', ['sectors', 'terminate', '--really-do-it'])
    assert.match(n.stderr, /incorrect number of arguments/)
    const bad = await net.run('lotus-miner', ['sectors', 'terminate', '--really-do-it', 'one'])
    assert.match(bad.stderr, /could not parse sector number: strconv.ParseUint: parsing "one": invalid syntax/)
    const flush = await net.run('lotus-miner', ['sectors', 'terminate', 'flush'])
    assert.equal(flush.code, 1)
    assert.match(flush.stderr, /no sectors were queued for termination/)
  })

  test('queues a sector, flush sends TerminateSectors, power is lost', async () => {
    assert.equal(await rawPower(), 4096n)
    await net.cli('lotus-miner', ['sectors', 'terminate', '--really-do-it', '1'])
    await waitFor(async () => /^1( \(in proving window\))?\n$/.test(await net.cli('lotus-miner', ['sectors', 'terminate', 'pending'])),
      'sector 1 pending termination', 30_000, 200)
    // Flush succeeds once the sector's deadline is outside the current/next/previous ones.
    const sent = await waitFor(async () => {
      const r = await net.run('lotus-miner', ['sectors', 'terminate', 'flush'])
      return r.code === 0 ? r.stdout : undefined
    }, 'a flush that sends the termination', 60_000, 1000)
    assert.match(sent, /^bafy\S+\n$/)
    assert.equal(await net.cli('lotus-miner', ['sectors', 'terminate', 'pending']), '')
    // Should the message land after the deadline turned immutable, the sector is queued again: flush again.
    await waitFor(async () => (await rawPower()) === 2048n || void await net.run('lotus-miner', ['sectors', 'terminate', 'flush']),
      'the terminated sector\'s power gone', 90_000, 1000)
    const loc = await net.daemon.api.StateSectorPartition(miner, 0 as never, TipSetKey.empty)
    assert.equal(loc.Partition, 0, 'the other sector is untouched')
    assert.match(await net.cli('lotus-miner', ['sectors', 'status', '1']), /Status:\t\t(TerminateWait|TerminateFinality|Removing|Removed)/)
  })
})
