import assert from 'node:assert/strict'
import { blake2b } from '@noble/hashes/blake2.js'
import { describe, it } from 'node:test'
import type { ChainEpoch } from '../../../src/core/types.js'
import { StateTree } from '../../../src/chain/state/index.js'
import { TipSetExecutor } from '../../../src/chain/sync/index.js'
import { newActorRegistry } from '../../../src/chain/actors/index.js'
import { blockHeaderCid, TipSetKey, type HeadChange, type TipSet } from '../../../src/chain/types/index.js'
import { FIL, makeDevnet, mine, mineAndSubmit, transfer } from './kit.js'

async function balanceAt (net: Awaited<ReturnType<typeof makeDevnet>>, ts: TipSet, addr: Parameters<StateTree['getActor']>[0]): Promise<bigint> {
  const { stateRoot } = await net.svc.executeTipset(ts)
  const tree = await StateTree.load(net.chain.blockstore, stateRoot)
  return (await tree.getActor(addr))!.Balance
}

describe('chain service', () => {
  it('accepts a chain of blocks made with createBlock, executing their messages', async () => {
    const net = await makeDevnet()
    const { secp, bls, blsId, secpId } = net.accounts
    let head = net.genesis
    for (let e = 1; e <= 4; e++) {
      const msgs = e === 2 ? [transfer(secp, blsId, 0n), transfer(bls, secpId, 0n)] : []
      await mineAndSubmit(net, net.minerA, head, e, msgs)
      head = net.chain.requireHead()
      assert.equal(head.height, e)
    }
    const h2 = await net.chain.getTipsetByHeight(2 as ChainEpoch)
    // The transfers of the block at 2 are in the state its child (height 3) carries.
    const before = await balanceAt(net, await net.chain.getTipsetByHeight(1 as ChainEpoch), blsId)
    const after = await balanceAt(net, h2, blsId)
    assert.ok(after > before - FIL, `bls account got 1 FIL and paid fees (${before} -> ${after})`)
    const h3 = await net.chain.getTipsetByHeight(3 as ChainEpoch)
    assert.equal(h3.parentState.toString(), (await net.svc.executeTipset(h2)).stateRoot.toString())
    assert.equal(net.svc.syncState().VMApplied, 2)
    assert.equal(net.svc.syncState().ActiveSyncs[0]!.Stage, 4)
  })

  it('recomputes state and receipts roots identically', async () => {
    const net = await makeDevnet()
    const { secp, blsId } = net.accounts
    await mineAndSubmit(net, net.minerA, net.genesis, 1, [transfer(secp, blsId, 0n)])
    const ts = net.chain.requireHead()
    const first = await net.svc.executeTipset(ts)
    const registry = newActorRegistry()
    const fresh = new TipSetExecutor({
      chain: { ...bind(net.chain), getExecution: () => undefined, recordExecution: () => {} },
      randomness: (tsk) => net.svc.randomness.forTipSet(tsk),
      vm: () => ({ networkVersion: 25, registry })
    })
    const again = await fresh.executeTipset(ts)
    assert.equal(again.stateRoot.toString(), first.stateRoot.toString())
    assert.equal(again.receiptsRoot.toString(), first.receiptsRoot.toString())
  })

  it('forms a tipset from two blocks with the same parents and height', async () => {
    const net = await makeDevnet()
    const epoch = await firstEpochBothWin(net, net.genesis)
    const a = await mine(net, net.minerA, net.genesis, epoch)
    const b = await mine(net, net.minerB, net.genesis, epoch)
    await net.svc.submitBlock(a)
    await net.svc.submitBlock(b)
    const head = net.chain.requireHead()
    assert.equal(head.blocks.length, 2)
    assert.ok(head.contains(blockHeaderCid(a.Header!)) && head.contains(blockHeaderCid(b.Header!)))
    // A child of the two-block tipset validates (its parent state covers both blocks).
    await mineAndSubmit(net, net.minerA, head, epoch + 1)
    assert.equal(net.chain.requireHead().height, epoch + 1)
  })

  it('accepts null rounds, carrying the skipped beacon rounds', async () => {
    const net = await makeDevnet()
    await mineAndSubmit(net, net.minerA, net.genesis, 1)
    const blk = await mineAndSubmit(net, net.minerA, net.chain.requireHead(), 4)
    assert.deepEqual(blk.Header!.BeaconEntries.map((e) => e.Round), [2, 3, 4])
    const head = net.chain.requireHead()
    assert.equal(head.height, 4)
    // Randomness at a null round draws from the next tipset's ticket (Lotus, network version 13+).
    const entropy = Uint8Array.of(0xde, 0xad)
    const atNull = await net.svc.randomness.getChainRandomness(head.key, 2, 3 as ChainEpoch, entropy)
    assert.deepEqual(atNull, handDrawn(2, blake2b(head.minTicket.VRFProof, { dkLen: 32 }), 3, entropy))
    // Beacon randomness at 3 is the round-3 entry the block at 4 carries.
    const beacon = await net.svc.randomness.getBeaconRandomness(head.key, 5, 3 as ChainEpoch, entropy)
    assert.deepEqual(beacon, handDrawn(5, blake2b(blk.Header!.BeaconEntries[1]!.Data, { dkLen: 32 }), 3, entropy))
  })

  it('beacon randomness of the null epochs before the first block reads as the genesis entry', async () => {
    const net = await makeDevnet()
    // The first block after genesis carries only its own round (Lotus), so rounds 1..3 are on no block.
    const blk = await mineAndSubmit(net, net.minerA, net.genesis, 4)
    assert.deepEqual(blk.Header!.BeaconEntries.map((e) => e.Round), [4])
    const head = net.chain.requireHead()
    const entropy = Uint8Array.of(0xbe, 0xef)
    const early = await net.svc.randomness.getBeaconRandomness(head.key, 5, 3 as ChainEpoch, entropy)
    assert.deepEqual(early, handDrawn(5, blake2b(new Uint8Array(32), { dkLen: 32 }), 3, entropy))
    const own = await net.svc.randomness.getBeaconRandomness(head.key, 5, 4 as ChainEpoch, entropy)
    assert.deepEqual(own, handDrawn(5, blake2b(blk.Header!.BeaconEntries[0]!.Data, { dkLen: 32 }), 4, entropy))
  })

  it('reorganises to a heavier fork and reports revert/apply', async () => {
    const net = await makeDevnet()
    const changes: HeadChange[][] = []
    net.chain.onHeadChange((c) => changes.push([...c]))
    await mineAndSubmit(net, net.minerA, net.genesis, 1)
    const a1 = net.chain.requireHead()
    await mineAndSubmit(net, net.minerA, a1, 2)
    const a2 = net.chain.requireHead()
    // Fork from genesis by miner B, now with all the power: three blocks with more wins.
    net.minerA.qaPower = 0n
    let fork = net.genesis
    const forkTips: TipSet[] = []
    for (const e of [2, 3, 4]) {
      const blk = await mine(net, net.minerB, fork, e)
      await net.svc.submitBlock(blk)
      fork = await net.chain.loadTipSet(TipSetKey.fromCids([blockHeaderCid(blk.Header!)]))
      forkTips.push(fork)
    }
    assert.ok(net.chain.requireHead().equals(forkTips[2]!))
    const last = changes.at(-1)!
    const reorg = changes.find((c) => c.some((x) => x.Type === 'revert'))!
    assert.deepEqual(reorg.filter((x) => x.Type === 'revert').map((x) => x.Val.key.id), [a2.key.id, a1.key.id])
    const applied = reorg.filter((x) => x.Type === 'apply').map((x) => x.Val.key.id)
    assert.deepEqual(applied, forkTips.slice(0, applied.length).map((t) => t.key.id))
    assert.equal(last.at(-1)!.Val.height, 4)
  })
})

/** Lotus DrawRandomness written out: blake2b-256(DST int64 BE || digest || epoch int64 BE || entropy). */
function handDrawn (dst: number, digest: Uint8Array, epoch: number, entropy: Uint8Array): Uint8Array {
  const be = (n: number): Buffer => { const b = Buffer.alloc(8); b.writeBigInt64BE(BigInt(n)); return b }
  return blake2b(Buffer.concat([be(dst), digest, be(epoch), entropy]), { dkLen: 32 })
}

function bind (cs: Awaited<ReturnType<typeof makeDevnet>>['chain']): {
  blockstore: typeof cs.blockstore
  loadTipSet: typeof cs.loadTipSet
  getBlockMessages: typeof cs.getBlockMessages
} {
  return { blockstore: cs.blockstore, loadTipSet: cs.loadTipSet.bind(cs), getBlockMessages: cs.getBlockMessages.bind(cs) }
}

async function firstEpochBothWin (net: Awaited<ReturnType<typeof makeDevnet>>, parent: TipSet): Promise<number> {
  const { template } = await import('./kit.js')
  for (let e = 1; e < 50; e++) {
    if (await template(net, net.minerA, parent, e) !== undefined && await template(net, net.minerB, parent, e) !== undefined) return e
  }
  throw new Error('no epoch where both miners win')
}
