// Head changes, block selection, restarts and MpoolPushMessage.
import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { MessagePool, MessagePusher, MpoolPushMessageError, capGasFee, selectMessages, type MessageSendSpec } from '../../../src/chain/mpool/index.js'
import { LocalWallet } from '../../../src/chain/wallet/index.js'
import { Keystore, openSqliteDatastore } from '../../../src/repo/index.js'
import { newIdAddress } from '../../../src/core/address/index.js'
import type { Message } from '../../../src/core/message/index.js'
import type { TokenAmount } from '../../../src/core/types.js'
import { FakeHead, FakeState, MemoryDatastore, FIL, message, newSender, signed, tipset } from './fakes.js'

describe('head changes', () => {
  test('included messages leave the pool; reverted ones come back', async () => {
    const state = new FakeState()
    const head = new FakeHead()
    const mpool = await MessagePool.open({ state, head, datastore: new MemoryDatastore() })
    const alice = newSender()
    const bob = newSender('bls')
    state.set(alice.addr, 0n, FIL)
    state.set(bob.addr, 0n, FIL)
    const a0 = signed(alice, 0n)
    const a1 = signed(alice, 1n)
    const b0 = signed(bob, 0n)
    for (const m of [a0, a1, b0]) await mpool.push(m)

    // a block includes a0 and b0 (BLS messages travel unsigned)
    const ts11 = tipset(11, [a0, b0.Message])
    state.set(alice.addr, 1n, FIL)
    state.set(bob.addr, 1n, FIL)
    await head.emit({ revert: [], apply: [ts11] })
    assert.deepEqual(await mpool.pendingAt(), [a1])
    assert.equal(mpool.currentTipSet.key, 'ts-11')
    assert.equal(await mpool.getNonce(alice.addr), 2n)

    // the block is reverted: both messages return, the BLS one with its signature
    state.set(alice.addr, 0n, FIL)
    state.set(bob.addr, 0n, FIL)
    await head.emit({ revert: [ts11], apply: [] })
    const back = await mpool.pendingAt()
    assert.equal(back.length, 3)
    assert.ok(back.some((m) => m.Message.From.equals(bob.addr) && m.Signature.data.length === 96))
    assert.equal(await mpool.getNonce(alice.addr), 2n)

    // reorg: revert and re-apply in one change keeps a message included
    const ts11b = { ...tipset(11, [a0]), key: 'ts-11b' }
    await head.emit({ revert: [], apply: [ts11b] })
    await head.emit({ revert: [ts11b], apply: [{ ...ts11b, key: 'ts-11c' }] })
    assert.deepEqual((await mpool.pendingAt()).map((m) => m.Message.Nonce).sort(), [0n, 1n])
    mpool.close()
  })

  test('a message included by someone else fills the nonce gap', async () => {
    const state = new FakeState()
    const head = new FakeHead()
    const mpool = await MessagePool.open({ state, head, datastore: new MemoryDatastore() })
    const alice = newSender()
    state.set(alice.addr, 0n, FIL)
    await mpool.push(signed(alice, 1n))
    assert.equal(await mpool.getNonce(alice.addr), 0n)
    state.set(alice.addr, 1n, FIL)
    await head.emit({ revert: [], apply: [tipset(11, [signed(alice, 0n)])] })
    assert.equal(await mpool.getNonce(alice.addr), 2n)
  })
})

describe('selection', () => {
  test('nonce order per sender, best premium first, block gas limit respected', async () => {
    const state = new FakeState()
    const mpool = await MessagePool.open({ state, head: new FakeHead(), datastore: new MemoryDatastore() })
    const alice = newSender()
    const bob = newSender()
    state.set(alice.addr, 0n, FIL)
    state.set(bob.addr, 0n, FIL)
    await mpool.push(signed(alice, 0n, { GasPremium: 10n as TokenAmount }))
    await mpool.push(signed(alice, 1n, { GasPremium: 900n as TokenAmount }))
    await mpool.push(signed(bob, 0n, { GasPremium: 500n as TokenAmount }))
    const all = await mpool.selectMessages(100n)
    assert.deepEqual(all.map((m) => [m.Message.From.equals(alice.addr) ? 'a' : 'b', m.Message.Nonce]), [['b', 0n], ['a', 0n], ['a', 1n]])
    const two = await mpool.selectMessages(100n, 2_000_000n)
    assert.equal(two.length, 2)
    const one = await mpool.selectMessages(100n, 1_500_000n)
    assert.deepEqual(one.map((m) => m.Message.From.equals(bob.addr)), [true])
    assert.equal((await mpool.selectMessages(100n, 10_000_000_000n, 1)).length, 1)
  })

  test('messages that cannot pay the base fee, or whose sender cannot pay, are left out', () => {
    const alice = newSender()
    const msgs = [
      signed(alice, 0n, { GasFeeCap: 1000n as TokenAmount }),
      signed(alice, 1n, { GasFeeCap: 300n as TokenAmount, GasPremium: 100n as TokenAmount }),
      signed(alice, 2n, { GasFeeCap: 1000n as TokenAmount })
    ]
    const chain = { from: alice.addr.toString(), nonce: 0n, balance: FIL, msgs }
    assert.equal(selectMessages([chain], { baseFee: 500n, gasLimit: 10n ** 10n, maxMessages: 100 }).length, 1)
    assert.equal(selectMessages([chain], { baseFee: 200n, gasLimit: 10n ** 10n, maxMessages: 100 }).length, 3)
    assert.equal(selectMessages([{ ...chain, balance: 1_200_000_000n }], { baseFee: 200n, gasLimit: 10n ** 10n, maxMessages: 100 }).length, 1)
    assert.equal(selectMessages([{ ...chain, nonce: 1n }], { baseFee: 200n, gasLimit: 10n ** 10n, maxMessages: 100 }).length, 2)
  })
})

describe('restart', () => {
  test('local messages survive a reopen of the datastore and are re-validated', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nelumbo-mpool-'))
    try {
      const file = join(dir, 'metadata.sqlite')
      const state = new FakeState()
      const alice = newSender()
      state.set(alice.addr, 0n, FIL)
      let ds = openSqliteDatastore(file)
      let mpool = await MessagePool.open({ state, head: new FakeHead(), datastore: ds.namespace('/metadata') })
      const msgs = [signed(alice, 0n), signed(alice, 1n), signed(alice, 2n)]
      for (const m of msgs) await mpool.push(m)
      mpool.close()
      ds.close()

      // while the node was down, nonce 0 was included
      state.set(alice.addr, 1n, FIL)
      ds = openSqliteDatastore(file)
      mpool = await MessagePool.open({ state, head: new FakeHead(), datastore: ds.namespace('/metadata') })
      assert.deepEqual((await mpool.pendingAt()).map((m) => m.Message.Nonce), [1n, 2n])
      assert.equal(await mpool.getNonce(alice.addr), 3n)
      assert.equal(ds.count('/metadata/mpool/local'), 2)
      mpool.close()
      ds.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('MpoolPushMessage', () => {
  async function setup () {
    const dir = mkdtempSync(join(tmpdir(), 'nelumbo-mpool-ks-'))
    const state = new FakeState()
    const mpool = await MessagePool.open({ state, head: new FakeHead(), datastore: new MemoryDatastore() })
    const wallet = new LocalWallet({ keystore: Keystore.create(join(dir, 'keystore')) })
    const from = wallet.walletNew('secp256k1')
    state.set(from, 0n, FIL)
    const gas = {
      async estimateMessageGas (msg: Message, spec?: MessageSendSpec): Promise<Message> {
        return capGasFee({ ...msg, GasLimit: msg.GasLimit || 1_000_000n, GasFeeCap: (msg.GasFeeCap || 2000n) as TokenAmount, GasPremium: (msg.GasPremium || 150n) as TokenAmount }, 10n ** 17n, spec)
      }
    }
    const pusher = new MessagePusher({ mpool, gas, signer: wallet, state })
    return { dir, state, mpool, wallet, from, pusher }
  }

  test('concurrent pushes from one sender get distinct consecutive nonces', async () => {
    const { dir, mpool, from, pusher } = await setup()
    try {
      const out = await Promise.all(Array.from({ length: 8 }, () => pusher.pushMessage(message(from, 0n, { GasLimit: 0n, GasFeeCap: 0n as TokenAmount, GasPremium: 0n as TokenAmount }))))
      assert.deepEqual(out.map((m) => m.Message.Nonce).sort((a, b) => Number(a - b)), [0n, 1n, 2n, 3n, 4n, 5n, 6n, 7n])
      assert.equal((await mpool.pendingAt()).length, 8)
      assert.equal(out[0]?.Message.GasFeeCap, 2000n)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  test('MaxFee caps the fee; nonce must be 0; balance is checked; ID senders become key addresses', async () => {
    const { dir, state, from, pusher } = await setup()
    try {
      const capped = await pusher.pushMessage(message(from, 0n, { GasFeeCap: 0n as TokenAmount }), { MaxFee: 1_000_000_000n as TokenAmount })
      assert.equal(capped.Message.GasFeeCap, 1000n)
      await assert.rejects(pusher.pushMessage(message(from, 3n)), (err: unknown) => err instanceof MpoolPushMessageError && /expects message nonce to be 0, was 3/.test(err.message))
      await assert.rejects(pusher.pushMessage(message(from, 0n, { Value: FIL as TokenAmount })), /mpool push: not enough funds: /)
      const id = newIdAddress(1500)
      state.ids.set(id.toString(), from)
      const viaId = await pusher.pushMessage(message(id, 0n))
      assert.ok(viaId.Message.From.equals(from))
      assert.equal(viaId.Message.Nonce, 1n)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('MpoolPending at a tipset ahead of the pool', () => {
  test('adds the messages included between the pool\'s tipset and the one asked for', async () => {
    const state = new FakeState()
    const alice = newSender()
    const bob = newSender()
    state.set(alice.addr, 0n, FIL)
    const b0 = signed(bob, 0n)
    const b1 = signed(bob, 1n)
    const tipsets = new Map([[`ts-11`, tipset(11, [b0])], ['ts-12', tipset(12, [b1, b0])]])
    const chain = { loadTipSet: (k: string) => tipsets.get(k) ?? tipset(10) }
    const mpool = await MessagePool.open({ state, head: new FakeHead(), datastore: new MemoryDatastore(), chain })
    const a0 = signed(alice, 0n)
    await mpool.push(a0)
    assert.deepEqual(await mpool.pendingAt('ts-10'), [a0])
    const ahead = await mpool.pendingAt('ts-12')
    assert.deepEqual(ahead, [a0, b1, b0])
  })
})
