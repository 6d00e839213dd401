import { describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { MessagePool, MpoolRejectedError, computeMinRBF, type MessagePoolOptions } from '../../../src/chain/mpool/index.js'
import { signedMessageCid } from '../../../src/core/message/index.js'
import type { TokenAmount } from '../../../src/core/types.js'
import { FakeHead, FakeState, MemoryDatastore, FIL, newSender, signed } from './fakes.js'

async function setup (options: MessagePoolOptions = {}) {
  const state = new FakeState()
  const head = new FakeHead()
  const datastore = new MemoryDatastore()
  const mpool = await MessagePool.open({ state, head, datastore }, options)
  const alice = newSender()
  state.set(alice.addr, 0n, FIL)
  return { state, head, datastore, mpool, alice }
}

function rejects (reason: string, pattern: RegExp) {
  return (err: unknown) => {
    assert.ok(err instanceof MpoolRejectedError, String(err))
    assert.equal(err.reason, reason)
    assert.match(err.message, pattern)
    return true
  }
}

describe('MpoolPush checks', () => {
  test('accepts a valid message and persists it as local', async () => {
    const { mpool, alice, datastore } = await setup()
    const m = signed(alice, 0n)
    const c = await mpool.push(m)
    assert.ok(c.equals(signedMessageCid(m)))
    assert.deepEqual(await mpool.pendingAt(), [m])
    assert.ok(datastore.map.has(`/mpool/local/${c.toString()}`))
  })

  test('nonce below the state nonce is refused with Lotus text', async () => {
    const { mpool, alice, state } = await setup()
    state.set(alice.addr, 5n, FIL)
    await assert.rejects(mpool.push(signed(alice, 3n)), rejects('NonceTooLow', /^minimum expected nonce is 5, got 3: message nonce too low$/))
  })

  test('a bad signature is refused', async () => {
    const { mpool, alice } = await setup()
    const mallory = newSender()
    const forged = { ...signed(mallory, 0n), Message: signed(alice, 0n).Message }
    await assert.rejects(mpool.push(forged), rejects('BadSignature', /^signature verification failed: /))
    const tampered = signed(alice, 0n)
    await assert.rejects(mpool.push({ ...tampered, Message: { ...tampered.Message, Value: 1n as TokenAmount } }), rejects('BadSignature', /not by/))
  })

  test('BLS messages are checked too', async () => {
    const { mpool, state } = await setup()
    const bob = newSender('bls')
    state.set(bob.addr, 0n, FIL)
    await mpool.push(signed(bob, 0n))
    assert.equal(await mpool.getNonce(bob.addr), 1n)
  })

  test('not enough funds, alone and with pending messages', async () => {
    const { mpool, alice, state } = await setup()
    // each message holds GasFeeCap × GasLimit = 1000 × 1e6 = 1e9, plus its Value
    state.set(alice.addr, 0n, 2_500_000_000n)
    await assert.rejects(mpool.push(signed(alice, 0n, { Value: 2_000_000_000n as TokenAmount })),
      rejects('NotEnoughFunds', /^not enough funds \(required: 0\.000000003 FIL, balance: 0\.0000000025 FIL\): not enough funds to execute transaction$/))
    await mpool.push(signed(alice, 0n))
    await mpool.push(signed(alice, 1n))
    await assert.rejects(mpool.push(signed(alice, 2n)), rejects('NotEnoughFunds', /^not enough funds including pending messages \(required: 0\.000000003 FIL/))
    // replacing a pending message does not count the message it replaces
    await mpool.push(signed(alice, 1n, { GasPremium: 200n as TokenAmount }))
  })

  test('gas limit bounds and fee cap floor', async () => {
    const { mpool, alice } = await setup()
    await assert.rejects(mpool.push(signed(alice, 0n, { GasLimit: 10_000_000_001n })), rejects('InvalidMessage', /cannot be greater than a block's gas limit/))
    await assert.rejects(mpool.push(signed(alice, 0n, { GasLimit: 0n })), rejects('InvalidMessage', /'GasLimit' field 0 must be positive/))
    await assert.rejects(mpool.push(signed(alice, 0n, { GasLimit: 1000n })), rejects('InvalidMessage', /less than the cost of storing a message on chain 1000 < \d+/))
    await assert.rejects(mpool.push(signed(alice, 0n, { GasFeeCap: 99n as TokenAmount, GasPremium: 1n as TokenAmount })), rejects('GasFeeCapTooLow', /gas fee cap too low$/))
    await assert.rejects(mpool.push(signed(alice, 0n, { GasPremium: 2000n as TokenAmount })), rejects('InvalidMessage', /'GasFeeCap' less than 'GasPremium'/))
  })

  test('oversized messages are refused', async () => {
    const { mpool, alice } = await setup()
    await assert.rejects(mpool.push(signed(alice, 0n, { Params: new Uint8Array(70_000) })), rejects('MessageTooBig', /mpool message too large \(\d+B\): message too big/))
  })

  test('an unknown sender is refused', async () => {
    const { mpool } = await setup()
    await assert.rejects(mpool.push(signed(newSender(), 0n)), rejects('UnknownSender', /^failed to look up actor state nonce: actor not found/))
  })
})

describe('nonces, gaps, replace-by-fee, limits', () => {
  test('a gapped message is held, not selectable, until the gap is filled', async () => {
    const { mpool, alice } = await setup()
    await mpool.push(signed(alice, 0n))
    await mpool.push(signed(alice, 2n))
    assert.equal(await mpool.getNonce(alice.addr), 1n)
    assert.deepEqual((await mpool.selectMessages(100n)).map((m) => m.Message.Nonce), [0n])
    await mpool.push(signed(alice, 1n))
    assert.equal(await mpool.getNonce(alice.addr), 3n)
    assert.deepEqual((await mpool.selectMessages(100n)).map((m) => m.Message.Nonce), [0n, 1n, 2n])
  })

  test('getNonce starts at the state nonce', async () => {
    const { mpool, alice, state } = await setup()
    state.set(alice.addr, 7n, FIL)
    assert.equal(await mpool.getNonce(alice.addr), 7n)
  })

  test('replace-by-fee needs GasPremium >= floor(old × 110 / 100) + 1', async () => {
    assert.equal(computeMinRBF(100n), 111n)
    assert.equal(computeMinRBF(105n), 116n)
    assert.equal(computeMinRBF(100n, 125), 126n)
    const { mpool, alice } = await setup()
    const first = signed(alice, 0n)
    await mpool.push(first)
    await assert.rejects(mpool.push(first), rejects('ExistingNonce', /with nonce 0 already in mpool: message with nonce already exists$/))
    await assert.rejects(mpool.push(signed(alice, 0n, { GasPremium: 110n as TokenAmount })),
      rejects('RBFTooLowPremium', /already in mpool, increase GasPremium to 111 from 110 to trigger replace by fee: replace by fee has too low GasPremium$/))
    const better = signed(alice, 0n, { GasPremium: 111n as TokenAmount })
    await mpool.push(better)
    assert.deepEqual(await mpool.pendingAt(), [better])
  })

  test('the replaced local message leaves the datastore', async () => {
    const { mpool, alice, datastore } = await setup()
    await mpool.push(signed(alice, 0n))
    const better = signed(alice, 0n, { GasPremium: 200n as TokenAmount })
    await mpool.push(better)
    assert.deepEqual([...datastore.map.keys()], [`/mpool/local/${signedMessageCid(better).toString()}`])
  })

  test('per-sender pending limit', async () => {
    const { mpool, alice } = await setup({ maxActorPendingMessages: 3 })
    for (let n = 0n; n < 3n; n++) await mpool.push(signed(alice, n))
    await assert.rejects(mpool.push(signed(alice, 3n)), rejects('TooManyPendingMessages', /too many pending messages for actor$/))
    // replacing is still allowed at the limit
    await mpool.push(signed(alice, 2n, { GasPremium: 500n as TokenAmount }))
  })

  test('an ID-address sender is resolved to its key address', async () => {
    const { mpool, alice, state } = await setup()
    const { newIdAddress } = await import('../../../src/core/address/index.js')
    const id = newIdAddress(1234)
    state.ids.set(id.toString(), alice.addr)
    await mpool.push(signed(alice, 0n))
    assert.equal(await mpool.getNonce(id), 1n)
    assert.equal((await mpool.pendingFor(id)).length, 1)
  })

  test('clear(true) drops everything including local records', async () => {
    const { mpool, alice, datastore } = await setup()
    await mpool.push(signed(alice, 0n))
    await mpool.clear(false)
    assert.equal((await mpool.pendingAt()).length, 1)
    await mpool.clear(true)
    assert.equal((await mpool.pendingAt()).length, 0)
    assert.equal(datastore.map.size, 0)
  })
})
