import assert from 'node:assert/strict'
import { describe, test } from 'node:test'
import type { CID } from 'multiformats/cid'
import {
  type ClientDealProposal, MarketMethods, publishStorageDealsParamsCbor, publishStorageDealsReturnCbor
} from '../../../../src/chain/actors/builtin/market/types.js'
import { StorageMarketActorAddr } from '../../../../src/chain/actors/index.js'
import { BitField } from '../../../../src/core/bitfield/index.js'
import { decodeCbor, encodeCbor } from '../../../../src/core/cbor/index.js'
import { SigType } from '../../../../src/core/crypto/index.js'
import { type Message, type SignedMessage, signedMessageCid } from '../../../../src/core/message/index.js'
import type { DealId } from '../../../../src/core/types.js'
import { signedProposalCid } from '../../../../src/protocols/index.js'
import { DealPublisher, type PublisherChain } from '../../../../src/markets/deals/publisher.js'
import type { MinerConfig } from '../../../../src/repo/index.js'
import { MINER, minerConfig, proposal, quietLog, signed, START, WORKER } from './fixtures.js'

function deals (n: number): ClientDealProposal[] {
  return Array.from({ length: n }, (_, i) => signed(proposal({ Label: `deal ${i}`, StartEpoch: (START + i) as never })))
}

interface Fake {
  chain: PublisherChain
  pushed: SignedMessage[]
  /** What StateWaitMsg answers. */
  lookup: { exitCode: number, ret: Uint8Array | null, found: boolean }
}

function fakeChain (): Fake {
  const pushed: SignedMessage[] = []
  const byCid = new Map<string, Message>()
  const f: Fake = { chain: undefined as never, pushed, lookup: { exitCode: 0, ret: null, found: true } }
  f.chain = {
    StateMinerInfo: async () => ({ Worker: WORKER }),
    MpoolPushMessage: async (msg: Message) => {
      const sm: SignedMessage = { Message: { ...msg, Nonce: BigInt(pushed.length) }, Signature: { type: SigType.Secp256k1, data: new Uint8Array(65).fill(pushed.length + 1) } }
      pushed.push(sm)
      byCid.set(signedMessageCid(sm).toString(), sm.Message)
      return sm
    },
    StateWaitMsg: async (cid: CID) => f.lookup.found
      ? { Message: cid, Receipt: { ExitCode: f.lookup.exitCode, Return: f.lookup.ret, GasUsed: 0n }, ReturnDec: null, TipSet: null, Height: 10 }
      : null,
    ChainGetMessage: async (cid: CID) => {
      const m = byCid.get(cid.toString())
      if (m === undefined) throw new Error(`no message ${cid.toString()}`)
      return m
    }
  } as unknown as PublisherChain
  return f
}

function publisher (f: Fake, config: MinerConfig): DealPublisher {
  return new DealPublisher({ chain: f.chain, config: () => config, log: quietLog() }, { miner: MINER })
}

async function cidsOf (ds: ClientDealProposal[]): Promise<string[]> {
  return await Promise.all(ds.map(async (d) => (await signedProposalCid(d)).toString()))
}

function sentDeals (sm: SignedMessage): ClientDealProposal[] {
  return decodeCbor(publishStorageDealsParamsCbor, sm.Message.Params).Deals
}

describe('DealPublisher', () => {
  test('MaxDealsPerPublishMsg deals go out at once, in one message from the worker to the market actor', async () => {
    const f = fakeChain()
    const p = publisher(f, minerConfig({ MaxDealsPerPublishMsg: 2, PublishMsgPeriod: '1h0m0s' }))
    try {
      const ds = deals(2)
      const started = Date.now()
      const [a, b] = await Promise.all(ds.map(async (d) => await p.publish(d)))
      assert.ok(Date.now() - started < 1000)
      assert.equal(f.pushed.length, 1)
      const sm = f.pushed[0]!
      assert.ok(a!.equals(signedMessageCid(sm)))
      assert.ok(b!.equals(a!))
      assert.ok(sm.Message.To.equals(StorageMarketActorAddr))
      assert.ok(sm.Message.From.equals(WORKER))
      assert.equal(Number(sm.Message.Method), MarketMethods.PublishStorageDeals)
      assert.equal(sm.Message.Value, 0n)
      assert.deepEqual(await cidsOf(sentDeals(sm)), await cidsOf(ds))
    } finally {
      p.stop()
    }
  })

  test('a single deal waits PublishMsgPeriod', async () => {
    const f = fakeChain()
    const p = publisher(f, minerConfig({ MaxDealsPerPublishMsg: 8, PublishMsgPeriod: '100ms' }))
    try {
      const started = Date.now()
      const ds = deals(1)
      const sent = p.publish(ds[0]!)
      await new Promise((resolve) => setTimeout(resolve, 40))
      assert.equal(f.pushed.length, 0, 'not yet')
      const cid = await sent
      assert.ok(Date.now() - started >= 95, `waited ${Date.now() - started} ms`)
      assert.equal(f.pushed.length, 1)
      assert.ok(cid.equals(signedMessageCid(f.pushed[0]!)))
      assert.deepEqual(await cidsOf(sentDeals(f.pushed[0]!)), await cidsOf(ds))
    } finally {
      p.stop()
    }
  })

  test('three deals with a maximum of two: two at once, the third after the period', async () => {
    const f = fakeChain()
    const p = publisher(f, minerConfig({ MaxDealsPerPublishMsg: 2, PublishMsgPeriod: '100ms' }))
    try {
      const ds = deals(3)
      const all = ds.map(async (d) => await p.publish(d))
      const [a, b] = await Promise.all(all.slice(0, 2))
      assert.equal(f.pushed.length, 1)
      assert.ok(a!.equals(b!))
      const c = await all[2]!
      assert.equal(f.pushed.length, 2)
      assert.ok(!c.equals(a!))
      assert.deepEqual(await cidsOf(sentDeals(f.pushed[1]!)), await cidsOf([ds[2]!]))
    } finally {
      p.stop()
    }
  })

  test('a failed push rejects every deal of the batch', async () => {
    const f = fakeChain()
    ;(f.chain as { MpoolPushMessage: unknown }).MpoolPushMessage = async () => { throw new Error('not enough funds') }
    const p = publisher(f, minerConfig({ MaxDealsPerPublishMsg: 2 }))
    try {
      const ds = deals(2)
      const rs = await Promise.allSettled(ds.map(async (d) => await p.publish(d)))
      assert.deepEqual(rs.map((r) => r.status === 'rejected' ? (r.reason as Error).message : 'ok'), ['not enough funds', 'not enough funds'])
    } finally {
      p.stop()
    }
  })

  test('stop rejects the deals still waiting', async () => {
    const f = fakeChain()
    const p = publisher(f, minerConfig({ MaxDealsPerPublishMsg: 8, PublishMsgPeriod: '1h0m0s' }))
    const waiting = p.publish(deals(1)[0]!)
    p.stop()
    await assert.rejects(waiting, { message: 'the deal publisher stopped' })
    assert.equal(f.pushed.length, 0)
  })

  test('dealId maps each deal through ValidDeals to its ID', async () => {
    const f = fakeChain()
    const p = publisher(f, minerConfig({ MaxDealsPerPublishMsg: 3 }))
    try {
      const ds = deals(3)
      const cids = await Promise.all(ds.map(async (d) => await p.publish(d)))
      const cid = cids[0]!
      f.lookup.ret = encodeCbor(publishStorageDealsReturnCbor, { IDs: [10, 11] as DealId[], ValidDeals: BitField.fromArray([0, 2]) })
      assert.deepEqual(await p.dealId(cid, ds[0]!), { id: 10 })
      assert.deepEqual(await p.dealId(cid, ds[1]!), { error: `the market actor refused the deal in publish message ${cid.toString()}` })
      assert.deepEqual(await p.dealId(cid, ds[2]!), { id: 11 })
      const stranger = signed(proposal({ Label: 'not published' }))
      assert.deepEqual(await p.dealId(cid, stranger), { error: `deal not found in publish message ${cid.toString()}` })
    } finally {
      p.stop()
    }
  })

  test('dealId: a failed or missing publish message is an error', async () => {
    const f = fakeChain()
    const p = publisher(f, minerConfig({ MaxDealsPerPublishMsg: 1 }))
    try {
      const d = deals(1)[0]!
      const cid = await p.publish(d)
      f.lookup.exitCode = 16
      assert.deepEqual(await p.dealId(cid, d), { error: `publish message ${cid.toString()} failed with exit code 16` })
      f.lookup.found = false
      assert.deepEqual(await p.dealId(cid, d), { error: `publish message ${cid.toString()} not found on chain` })
    } finally {
      p.stop()
    }
  })
})
