import { test } from 'node:test'
import assert from 'node:assert/strict'
import { newIdAddress, parseAddress } from '../../../src/core/address/index.js'
import { decodeCbor, encodeCbor } from '../../../src/core/cbor/index.js'
import { cborCid, parseCid } from '../../../src/core/cid.js'
import { keyAddress } from '../../../src/core/crypto/index.js'
import { MemoryBlockstore } from '../../../src/core/ipld/index.js'
import type { TokenAmount } from '../../../src/core/types.js'
import { actorCbor, actorJson, StateTree, type Actor } from '../../../src/chain/state/index.js'
import { AccountActorCode, InitActorAddr, makeInitialState, SystemActorCode } from '../../../src/chain/actors/index.js'
import { testKey } from '../vm/kit.js'

const someActor = (balance: bigint, nonce = 0n): Actor => ({
  Code: AccountActorCode, Head: cborCid(Uint8Array.of(0x80)), Nonce: nonce, Balance: balance as TokenAmount, DelegatedAddress: null
})

test('actor entries encode as Lotus ActorV5 5-tuples', () => {
  const a = { ...someActor(1000n, 3n), DelegatedAddress: newIdAddress(5) }
  const bytes = encodeCbor(actorCbor, a)
  assert.equal(bytes[0], 0x85, 'array of 5')
  const back = decodeCbor(actorCbor, bytes)
  assert.ok(back.Code.equals(a.Code) && back.Head.equals(a.Head))
  assert.equal(back.Nonce, 3n)
  assert.equal(back.Balance, 1000n)
  assert.ok(back.DelegatedAddress!.equals(newIdAddress(5)))
  // Nonce 0, balance 0 (empty BigInt bytes) and no delegated address end the tuple as 00 40 f6.
  const zero = encodeCbor(actorCbor, someActor(0n))
  assert.deepEqual([...zero.slice(-3)], [0x00, 0x40, 0xf6])
})

test('actor Lotus JSON matches Forest\'s ActorState snapshot', () => {
  // forest src/lotus_json/actor_state.rs snapshot: default CIDs, zero balance, no delegated address.
  const json = { Balance: '0', Code: { '/': 'baeaaaaa' }, DelegatedAddress: null, Head: { '/': 'baeaaaaa' }, Nonce: 0 }
  const actor = actorJson.fromJson(json, 'actor')
  assert.ok(actor.Code.equals(parseCid('baeaaaaa')))
  assert.deepEqual(actorJson.toJson(actor), json)
  assert.throws(() => actorJson.fromJson({ ...json, Balance: 12 }, 'params[0]'), /params\[0\]\.Balance/)
})

test('set, get, delete, snapshot and revert', async () => {
  const { tree } = await makeInitialState(new MemoryBlockstore(), { networkName: 'test' })
  const id = newIdAddress(1234)
  assert.equal(await tree.getActor(id), null)
  await tree.setActor(id, someActor(5n))
  assert.equal((await tree.getActor(id))!.Balance, 5n)

  tree.snapshot()
  await tree.setActor(id, someActor(6n))
  tree.snapshot()
  await tree.deleteActor(id)
  assert.equal(await tree.getActor(id), null)
  tree.revert()
  assert.equal((await tree.getActor(id))!.Balance, 6n, 'inner revert restores the outer snapshot value')
  tree.revert()
  assert.equal((await tree.getActor(id))!.Balance, 5n)

  tree.snapshot()
  await tree.setActor(id, someActor(7n))
  tree.clearSnapshot()
  assert.equal((await tree.getActor(id))!.Balance, 7n)
  assert.equal(tree.snapshotDepth, 0)
  await assert.rejects(tree.deleteActor(newIdAddress(999_999)), /actor not found/)
})

test('flush gives a StateRoot that loads back to the same actors; the root is order-independent', async () => {
  const store = new MemoryBlockstore()
  const a = StateTree.create(store)
  const b = StateTree.create(store)
  for (let i = 0; i < 50; i++) await a.setActor(newIdAddress(i), someActor(BigInt(i)))
  for (let i = 49; i >= 0; i--) await b.setActor(newIdAddress(i), someActor(BigInt(i)))
  const root = await a.flush()
  assert.ok(root.equals(await b.flush()))
  const loaded = await StateTree.load(store, root)
  assert.equal((await loaded.getActor(newIdAddress(42)))!.Balance, 42n)
  let n = 0
  for await (const [addr, actor] of loaded.actors()) {
    assert.equal(actor.Balance, addr.id())
    n++
  }
  assert.equal(n, 50)
  a.snapshot()
  await assert.rejects(a.flush(), /snapshots on the stack/)
})

test('the empty state root is a version-5 StateRoot with an empty info object', async () => {
  const store = new MemoryBlockstore()
  const root = await StateTree.create(store).flush()
  const { stateRootCbor } = await import('../../../src/chain/state/index.js')
  const sr = decodeCbor(stateRootCbor, (await store.get(root))!)
  assert.equal(sr.Version, 5)
  assert.ok(sr.Info.equals(cborCid(Uint8Array.of(0x80))))
})

test('ID lookup goes through the init actor; key addresses resolve from account state', async () => {
  const store = new MemoryBlockstore()
  const k1 = keyAddress(testKey(1))
  const k2 = keyAddress(testKey(2))
  const { root, accountIds } = await makeInitialState(store, {
    networkName: 'test',
    accounts: [{ address: k1, balance: 10n as TokenAmount }, { address: k2, balance: 20n as TokenAmount }]
  })
  const tree = await StateTree.load(store, root)
  assert.equal((await tree.lookupId(k1))!.id(), 100n)
  assert.equal((await tree.lookupId(k2))!.id(), 101n)
  assert.equal(accountIds.get(k2.toString())!.id(), 101n)
  assert.equal((await tree.getActor(k2))!.Balance, 20n)
  assert.ok((await tree.resolveToKeyAddress(newIdAddress(100))).equals(k1))
  assert.ok((await tree.resolveToKeyAddress(k1)).equals(k1))
  assert.equal(await tree.lookupId(keyAddress(testKey(3))), null)
  await assert.rejects(tree.resolveToKeyAddress(InitActorAddr), /not an account actor/)
  assert.ok((await tree.getActor(parseAddress('f00')))!.Code.equals(SystemActorCode))

  // A new address gets the next ID from the init actor (1000 after genesis), and a revert forgets it.
  tree.snapshot()
  const k3 = keyAddress(testKey(3))
  assert.equal((await tree.registerNewAddress(k3)).id(), 1000n)
  assert.equal((await tree.lookupId(k3))!.id(), 1000n)
  tree.revert()
  assert.equal(await tree.lookupId(k3), null)
})
