import assert from 'node:assert/strict'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import type { ChainEpoch } from '../../../src/core/types.js'
import { ChainStore, devnetWeight, winsWeightTie, type ChainStoreOptions } from '../../../src/chain/store/index.js'
import { compareTickets, type HeadChange } from '../../../src/chain/types/index.js'
import { fakeCid } from '../chain-types/fixtures.js'
import { buildChain, child, genesis, tempDir } from './helpers.js'

const { dir, cleanup } = tempDir()
after(cleanup)
let n = 0
const open = async (name = `c${n++}`, options: ChainStoreOptions = {}): Promise<{ cs: ChainStore, path: string }> => {
  const path = join(dir, name, 'datastore', 'chain.sqlite')
  return { cs: await ChainStore.open(path, options), path }
}
const summary = (changes: readonly HeadChange[]): string[] => changes.map((c) => `${c.Type}@${c.Val.height}`)

describe('ChainStore head and height index', () => {
  it('persists the head and restores it on reopen', async () => {
    const { cs, path } = await open()
    assert.equal(cs.head, undefined)
    assert.throws(() => cs.requireHead(), { code: 'ERR_NO_CHAIN_HEAD' })
    const g = genesis()
    await cs.putTipSet(g)
    const chain = await buildChain(cs, g, [1, 2, 3])
    const changes = await cs.setHead(chain[2]!)
    assert.deepEqual(summary(changes), ['apply@0', 'apply@1', 'apply@2', 'apply@3'])
    cs.close()
    const again = await ChainStore.open(path)
    assert.ok(again.requireHead().equals(chain[2]!))
    assert.ok((await again.getTipsetByHeight(1 as ChainEpoch)).equals(chain[0]!))
    assert.ok((await again.getTipsetByHeight(0 as ChainEpoch)).equals(g))
    again.close()
  })

  it('null rounds give the tipset below (prev) or above (Lotus GetTipsetByHeight)', async () => {
    const { cs } = await open()
    const g = genesis()
    await cs.putTipSet(g)
    const [t1, t4, t5] = await buildChain(cs, g, [1, 4, 5]) // 2 and 3 are null rounds
    await cs.setHead(t5!)
    assert.ok((await cs.getTipsetByHeight(2 as ChainEpoch)).equals(t1!))
    assert.ok((await cs.getTipsetByHeight(3 as ChainEpoch)).equals(t1!))
    assert.ok((await cs.getTipsetByHeight(3 as ChainEpoch, undefined, false)).equals(t4!))
    assert.ok((await cs.getTipsetByHeight(4 as ChainEpoch)).equals(t4!))
    assert.ok((await cs.getTipsetByHeight(5 as ChainEpoch)).equals(t5!))
    // From an older tipset of the chain.
    assert.ok((await cs.getTipsetByHeight(2 as ChainEpoch, t4, false)).equals(t4!))
    await assert.rejects(cs.getTipsetByHeight(6 as ChainEpoch), /greater than start point/)
    await assert.rejects(cs.getTipsetByHeight(-1 as ChainEpoch), /negative/)
    cs.close()
  })

  it('reorgs revert down to the fork point and apply up, and reindex heights', async () => {
    const { cs, path } = await open()
    const g = genesis()
    await cs.putTipSet(g)
    const [a1, a2, a3] = await buildChain(cs, g, [1, 2, 3], 'a')
    await cs.setHead(a3!)
    const [, b6] = await buildChain(cs, a1!, [4, 6], 'b') // fork after a1; null rounds at 2, 3, 5
    const changes = await cs.setHead(b6!)
    assert.deepEqual(summary(changes), ['revert@3', 'revert@2', 'apply@4', 'apply@6'])
    assert.ok(changes[0]!.Val.equals(a3!) && changes[1]!.Val.equals(a2!) && changes[3]!.Val.equals(b6!))
    assert.ok((await cs.getTipsetByHeight(3 as ChainEpoch)).equals(a1!), 'height 3 is now a null round')
    assert.ok((await cs.getTipsetByHeight(5 as ChainEpoch, undefined, false)).equals(b6!))
    // Heights of the side chain still resolve when starting from it.
    assert.ok((await cs.getTipsetByHeight(2 as ChainEpoch, a3)).equals(a2!))
    const back = await cs.setHead(a3!)
    assert.deepEqual(summary(back), ['revert@6', 'revert@4', 'apply@2', 'apply@3'])
    cs.close()
    const again = await ChainStore.open(path)
    assert.ok((await again.getTipsetByHeight(2 as ChainEpoch)).equals(a2!))
    again.close()
  })

  it('takes a tipset as head only if heavier; ties go to the smaller ticket', async () => {
    const { cs } = await open()
    const g = genesis()
    await cs.putTipSet(g)
    assert.equal(await cs.takeHeavier(g), true)
    const [a1] = await buildChain(cs, g, [1], 'a')
    assert.equal(await cs.takeHeavier(a1!), true)
    assert.equal(await cs.takeHeavier(g), false, 'lighter')
    const twoBlocks = child(g, 1, ['x', 'y'])
    await cs.putTipSet(twoBlocks)
    assert.equal(devnetWeight(twoBlocks), devnetWeight(a1!) + 1n)
    assert.equal(await cs.takeHeavier(twoBlocks), true, 'heavier')
    // Equal weight: the tipset whose first ticket is smaller wins, whichever arrives first.
    const [x, y] = [child(g, 1, ['t1', 'u']), child(g, 1, ['t2', 'u'])]
    const [small, large] = compareTickets(x.minTicket, y.minTicket) < 0 ? [x, y] : [y, x]
    for (const t of [small, large]) await cs.putTipSet(t)
    assert.equal(await cs.takeHeavier(large), false, 'same weight as the head, larger ticket')
    assert.equal(await cs.takeHeavier(small), winsWeightTie(small, twoBlocks))
    await cs.setHead(large)
    assert.equal(await cs.takeHeavier(small), true, 'tie broken by the smaller ticket')
    assert.equal(await cs.takeHeavier(large), false)
    cs.close()
  })

  it('refuses a head whose blocks are not stored', async () => {
    const { cs } = await open()
    await assert.rejects(cs.setHead(genesis()), { code: 'ERR_BLOCK_NOT_STORED' })
    cs.close()
  })

  it('records execution results per tipset key across reopen', async () => {
    const { cs, path } = await open()
    const g = genesis()
    await cs.putTipSet(g)
    await cs.setHead(g)
    assert.equal(cs.getExecution(g.key), undefined)
    cs.recordExecution(g.key, { stateRoot: fakeCid('s1'), receiptsRoot: fakeCid('r1') })
    cs.close()
    const again = await ChainStore.open(path)
    const exec = again.getExecution(g.key)
    assert.equal(exec?.stateRoot.toString(), fakeCid('s1').toString())
    assert.equal(exec?.receiptsRoot.toString(), fakeCid('r1').toString())
    again.close()
  })
})

describe('ChainStore head-change subscriptions', () => {
  it('first current, then apply and revert batches in order; abort ends it', async () => {
    const { cs } = await open()
    const g = genesis()
    await cs.putTipSet(g)
    await cs.setHead(g)
    const controller = new AbortController()
    const sub = cs.subscribeHeadChanges({ signal: controller.signal })
    const heard: string[][] = []
    const off = cs.onHeadChange((c) => heard.push(summary(c)))
    const [a1, a2] = await buildChain(cs, g, [1, 2], 'a')
    await cs.setHead(a1!)
    await cs.setHead(a2!)
    const [b2] = await buildChain(cs, a1!, [2], 'b')
    await cs.setHead(b2!)
    off()
    controller.abort()
    const batches: string[][] = []
    for await (const batch of sub) batches.push(summary(batch))
    assert.deepEqual(batches, [['current@0'], ['apply@1'], ['apply@2'], ['revert@2', 'apply@2']])
    assert.deepEqual(heard, batches.slice(1))
  })

  it('drops a subscriber that falls too far behind, as Lotus does', async () => {
    const { cs } = await open()
    const g = genesis()
    await cs.putTipSet(g)
    await cs.setHead(g)
    const sub = cs.subscribeHeadChanges({ maxBuffered: 2 })
    for (const ts of await buildChain(cs, g, [1, 2, 3, 4])) await cs.setHead(ts)
    const batches: string[][] = []
    for await (const batch of sub) batches.push(summary(batch))
    assert.deepEqual(batches, [['current@0'], ['apply@1']])
  })

  it('a throwing listener does not stop the others', async () => {
    const errors: unknown[] = []
    const { cs } = await open(undefined, { onListenerError: (e) => errors.push(e) })
    const g = genesis()
    await cs.putTipSet(g)
    let calls = 0
    cs.onHeadChange(() => { throw new Error('boom') })
    cs.onHeadChange(() => { calls++ })
    await cs.setHead(g)
    assert.equal(calls, 1)
    assert.equal(errors.length, 1)
    cs.close()
  })
})
