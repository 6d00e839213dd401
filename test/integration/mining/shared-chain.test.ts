// Two genesis miners with power 2:1 (t01000 with 4 pre-sealed sectors, t01001 with 2), each its
// own `lotus-miner run`, sharing one devnet daemon for several proving periods. The chain grows
// only through their blocks, each wins in proportion to its power (wide bounds: the machine is
// shared and the election is random), both prove every deadline with live sectors, so neither
// loses power, and epochs both won are tipsets of two blocks.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { parseAddress } from '../../../src/core/address/index.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { startDevnet, waitFor, type Devnet } from '../../kit/devnet.js'

const SECTOR = 2048n
const miners = [parseAddress('t01000'), parseAddress('t01001')]
let net: Devnet

before(async () => { net = await startDevnet({ miners: [4, 2], blockDelay: '1s', deadlines: 4, challengeWindow: 8 }) })
after(async () => { await net?.stop() })

describe('two miners share a devnet', () => {
  test('for three proving periods both mine in proportion to power and prove every deadline', async () => {
    const periods = 3
    const start = await net.daemon.api.StateMinerProvingDeadline(miners[0]!, TipSetKey.empty)
    await waitFor(async () => (await net.daemon.api.ChainHead()).height >= start.CurrentEpoch + periods * start.WPoStProvingPeriod,
      `${periods} proving periods`, periods * 90_000, 1000)

    // Power never dropped: every deadline with live sectors was proven in time.
    for (const [i, m] of miners.entries()) {
      const p = await net.daemon.api.StateMinerPower(m, TipSetKey.empty)
      assert.equal(p.MinerPower.RawBytePower, BigInt([4, 2][i]!) * SECTOR, `${m.toString()} power`)
      assert.equal((await net.daemon.api.StateMinerFaults(m, TipSetKey.empty)).count(), 0, `${m.toString()} faults`)
    }

    // Walk the chain: who made each block, and how many wins each election gave.
    const wins = new Map<string, number>()
    let blocks = 0
    let shared = 0
    let ts = await net.daemon.api.ChainHead()
    while (ts.height > 0) {
      if (ts.blocks.length > 1) shared++
      for (const b of ts.blocks) {
        blocks++
        const who = b.Miner.toString()
        assert.ok(who === 't01000' || who === 't01001', `block by ${who}`)
        wins.set(who, (wins.get(who) ?? 0) + Number(b.ElectionProof?.WinCount ?? 0))
      }
      ts = await net.daemon.api.ChainGetTipSet(ts.parents)
    }
    const big = wins.get('t01000') ?? 0
    const small = wins.get('t01001') ?? 0
    assert.ok(small > 0 && big > 0, `both won: ${big} / ${small}`)
    const share = big / (big + small)
    // Expected 2/3; a few hundred wins put the share well inside these bounds unless the weighting is wrong.
    assert.ok(share > 0.5 && share < 0.85, `t01000's share of wins ${share.toFixed(3)} (${big} / ${small}) over ${blocks} blocks`)
    assert.ok(shared > 0, 'some epochs were won by both miners and carry two blocks')
  })
})
