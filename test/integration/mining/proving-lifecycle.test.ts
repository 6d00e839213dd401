// A sector's whole proving life on a devnet (daemon + `lotus-miner run` as child processes,
// 1 s epochs, 4 deadlines of 10 epochs): a pledged sector is sealed, pre- and prove-committed
// with the dev proof system and gains power; every deadline with live sectors gets its Window
// PoSt on chain; a sealed file taken away makes the scheduler skip the sector and declare it
// faulty, and the miner loses its power; the file put back is declared recovered, proven, and
// the power returns. Throughout, the chain advances only through the miner's blocks.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { renameSync } from 'node:fs'
import { join } from 'node:path'
import { parseAddress } from '../../../src/core/address/index.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { startDevnet, waitFor, type Devnet } from '../../kit/devnet.js'

const miner = parseAddress('t01000')
const head = TipSetKey.empty
const SECTOR = 2048n
let net: Devnet

before(async () => { net = await startDevnet({ miners: [2], blockDelay: '1s', deadlines: 4, challengeWindow: 10, preCommitChallengeDelay: 5 }) })
after(async () => { await net?.stop() })

const rawPower = async (): Promise<bigint> => (await net.daemon.api.StateMinerPower(miner, head)).MinerPower.RawBytePower
const faults = async (): Promise<number[]> => [...(await net.daemon.api.StateMinerFaults(miner, head)).values()]
const recoveries = async (): Promise<number[]> => [...(await net.daemon.api.StateMinerRecoveries(miner, head)).values()]

describe('proving lifecycle on a devnet', () => {
  test('a pledged sector is sealed, committed, proven and gains power', async () => {
    assert.equal(await rawPower(), 2n * SECTOR)
    assert.equal(await net.cli('lotus-miner', ['sectors', 'pledge']), 'Created CC sector:  2\n')
    await waitFor(async () => (await net.daemon.api.StateSectorGetInfo(miner, 2 as never, head)) !== null, 'sector 2 prove-committed', 90_000)
    // Power counts once the sector's first Window PoSt lands.
    await waitFor(async () => (await rawPower()) === 3n * SECTOR, 'power of three sectors', 90_000)
    assert.match(await net.cli('lotus-miner', ['sectors', 'list']), /\n2\s+Proving\s+YES\s+YES\s+/)
  })

  test('every deadline with live sectors is proven over a whole proving period', async () => {
    const start = await net.daemon.api.StateMinerProvingDeadline(miner, head)
    const proven = new Set<number>()
    const live = new Set<number>()
    // Watch each deadline as it closes: by then its PostSubmissions must name every partition.
    await waitFor(async () => {
      const di = await net.daemon.api.StateMinerProvingDeadline(miner, head)
      const dls = await net.daemon.api.StateMinerDeadlines(miner, head)
      for (let i = 0; i < dls.length; i++) {
        const parts = await net.daemon.api.StateMinerPartitions(miner, i, head)
        if (parts.some((p) => p.LiveSectors.count() > 0)) live.add(i)
        if (dls[i]!.PostSubmissions.count() === parts.length && parts.length > 0) proven.add(i)
      }
      return di.CurrentEpoch >= start.CurrentEpoch + start.WPoStProvingPeriod && [...live].every((i) => proven.has(i))
    }, 'a proving period with every live deadline proven', 120_000, 500)
    assert.ok(live.size >= 2, `live deadlines ${[...live].join(',')}`)
    assert.deepEqual(await faults(), [])
    assert.equal(await rawPower(), 3n * SECTOR)
  })

  test('a missing sealed file: the sector is skipped, declared faulty and loses its power', async () => {
    const sealed = join(net.sectorDir(0), 'sealed', 's-t01000-0')
    renameSync(sealed, `${sealed}.away`)
    try {
      await waitFor(async () => (await faults()).includes(0), 'sector 0 declared faulty', 120_000, 500)
      await waitFor(async () => (await rawPower()) === 2n * SECTOR, 'the faulty sector\'s power gone', 60_000, 500)
      assert.deepEqual(await faults(), [0], 'no other sector faulted')
      const status = await net.run('lotus-miner', ['proving', 'faults'])
      assert.equal(status.code, 0, status.stderr)
      assert.match(status.stdout, /\n\d+\s+\d+\s+0\s*\n/)
    } finally {
      renameSync(`${sealed}.away`, sealed)
    }
  })

  test('the file restored: recovery is declared, the sector is proven again and the power returns', async () => {
    await waitFor(async () => (await recoveries()).includes(0) || ((await faults()).length === 0 && 'skipped'), 'a recovery declaration', 120_000, 500)
    await waitFor(async () => (await faults()).length === 0 && (await recoveries()).length === 0, 'sector 0 recovered', 120_000, 500)
    await waitFor(async () => (await rawPower()) === 3n * SECTOR, 'power of three sectors again', 60_000, 500)
  })

  test('the chain advanced only through the miner\'s blocks', async () => {
    let ts = await net.daemon.api.ChainHead()
    const seen = new Set<string>()
    while (ts.height > 0) {
      for (const b of ts.blocks) seen.add(b.Miner.toString())
      ts = await net.daemon.api.ChainGetTipSet(ts.parents)
    }
    assert.deepEqual([...seen], ['t01000'])
    assert.doesNotMatch(net.miners[0]!.stderr(), /"level":"error".*window post/i)
  })
})
