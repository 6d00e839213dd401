import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decodeCbor, encodeCbor } from '../../../src/core/cbor/index.js'
import type { ChainEpoch, TokenAmount } from '../../../src/core/types.js'
import { StorageMarketActorAddr } from '../../../src/chain/actors/index.js'
import {
  addBalanceParamsCbor, dealProposalCid, MarketMethods, publishStorageDealsReturnCbor, readMarketBalance, readMarketDeal,
  withdrawBalanceParamsCbor, withdrawBalanceReturnCbor, EmptyDealState
} from '../../../src/chain/actors/builtin/market/index.js'
import { ExitCode } from '../../../src/chain/vm/index.js'
import { FIL } from '../actors-power/kit.js'
import { SetControlMethod } from '../actors-power/fake-miner.js'
import { cborTypes } from '../../../src/core/cbor/index.js'
import { marketFixture, MinDuration, proposal, publishParams, signDeal } from './market-kit.js'

const M = MarketMethods

test('AddBalance and WithdrawBalance: escrow minus locked, only the owner or worker for a miner', async () => {
  const f = await marketFixture()
  const zero = await f.send(1, StorageMarketActorAddr, M.AddBalance, encodeCbor(addBalanceParamsCbor, f.addrs[1]!), 0n)
  assert.equal(zero.receipt.ExitCode, ExitCode.ErrIllegalArgument)
  assert.deepEqual(await readMarketBalance(f.tree, f.addrs[1]!), { Escrow: 10n * FIL, Locked: 0n })

  // The client locks some funds with a deal; it can withdraw only the rest.
  const deal = proposal(f, f.miner)
  assert.equal((await f.send(0, StorageMarketActorAddr, M.PublishStorageDeals, publishParams([signDeal(deal, f.keys[1]!)]))).receipt.ExitCode, 0)
  const locked = 1000n * BigInt(MinDuration) + 700n
  assert.deepEqual(await readMarketBalance(f.tree, f.addrs[1]!), { Escrow: 10n * FIL, Locked: locked })
  const before = await f.balance(f.ids[1]!)
  const w = await f.send(1, StorageMarketActorAddr, M.WithdrawBalance, encodeCbor(withdrawBalanceParamsCbor, { ProviderOrClientAddress: f.addrs[1]!, Amount: (20n * FIL) as TokenAmount }))
  assert.equal(w.receipt.ExitCode, 0, w.error ?? '')
  assert.equal(decodeCbor(withdrawBalanceReturnCbor, w.receipt.Return), 10n * FIL - locked)
  assert.deepEqual(await readMarketBalance(f.tree, f.addrs[1]!), { Escrow: locked, Locked: locked })
  assert.ok(await f.balance(f.ids[1]!) > before)

  // Someone else may not withdraw a client's or a miner's escrow.
  const params = encodeCbor(withdrawBalanceParamsCbor, { ProviderOrClientAddress: f.miner, Amount: 1n as TokenAmount })
  assert.equal((await f.send(2, StorageMarketActorAddr, M.WithdrawBalance, params)).receipt.ExitCode, ExitCode.ErrForbidden)
  assert.equal((await f.send(0, StorageMarketActorAddr, M.WithdrawBalance, params)).receipt.ExitCode, 0)
  const neg = encodeCbor(withdrawBalanceParamsCbor, { ProviderOrClientAddress: f.miner, Amount: -1n as TokenAmount })
  assert.equal((await f.send(0, StorageMarketActorAddr, M.WithdrawBalance, neg)).receipt.ExitCode, ExitCode.ErrIllegalArgument)
})

test('PublishStorageDeals publishes a batch, locks funds and stores normalised proposals', async () => {
  const f = await marketFixture()
  const a = proposal(f, f.miner, {}, 1)
  const b = proposal(f, f.miner, { Label: Uint8Array.of(1, 2, 3) }, 2)
  const ret = await f.send(0, StorageMarketActorAddr, M.PublishStorageDeals, publishParams([signDeal(a, f.keys[1]!), signDeal(b, f.keys[1]!)]))
  assert.equal(ret.receipt.ExitCode, 0, ret.error ?? '')
  const out = decodeCbor(publishStorageDealsReturnCbor, ret.receipt.Return)
  assert.deepEqual(out.IDs, [0, 1])
  assert.deepEqual(out.ValidDeals.toArray(), [0, 1])
  const d0 = (await readMarketDeal(f.tree, 0 as never))!
  assert.ok(d0.Proposal.Client.equals(f.ids[1]!), 'client stored as ID address')
  assert.deepEqual(d0.State, EmptyDealState)
  assert.deepEqual((await readMarketDeal(f.tree, 1 as never))!.Proposal.Label, Uint8Array.of(1, 2, 3))
  assert.deepEqual(await readMarketBalance(f.tree, f.miner), { Escrow: 10n * FIL, Locked: 10000n })
  assert.equal(dealProposalCid(d0.Proposal).code, 0x71)
})

test('a batch with one bad client signature publishes the others and reports which failed', async () => {
  const f = await marketFixture()
  const deals = [1, 2, 3].map((seed) => signDeal(proposal(f, f.miner, {}, seed), f.keys[1]!))
  deals[1] = { ...deals[1]!, ClientSignature: signDeal(deals[1]!.Proposal, f.keys[2]!).ClientSignature }
  const ret = await f.send(0, StorageMarketActorAddr, M.PublishStorageDeals, publishParams(deals))
  assert.equal(ret.receipt.ExitCode, 0, ret.error ?? '')
  const out = decodeCbor(publishStorageDealsReturnCbor, ret.receipt.Return)
  assert.deepEqual(out.ValidDeals.toArray(), [0, 2])
  assert.deepEqual(out.IDs, [0, 1])
  assert.equal((await readMarketDeal(f.tree, 1 as never))!.Proposal.PieceCID.toString(), deals[2]!.Proposal.PieceCID.toString())
})

test('PublishStorageDeals refusals: sender, provider, and every invalid deal kind', async () => {
  const f = await marketFixture()
  const good = signDeal(proposal(f, f.miner), f.keys[1]!)
  const publish = async (from: number, deals: typeof good[]): Promise<number> =>
    (await f.send(from, StorageMarketActorAddr, M.PublishStorageDeals, publishParams(deals))).receipt.ExitCode
  assert.equal(await publish(2, [good]), ExitCode.ErrForbidden, 'not the worker')
  assert.equal(await publish(0, []), ExitCode.ErrIllegalArgument, 'empty batch')
  assert.equal(await publish(0, [signDeal(proposal(f, f.ids[2]!), f.keys[1]!)]), ExitCode.ErrIllegalArgument, 'provider not a miner')

  const bad = (over: Parameters<typeof proposal>[2]): typeof good => signDeal(proposal(f, f.miner, over, 9), f.keys[1]!)
  const invalid = [
    bad({ StartEpoch: 5 as ChainEpoch, EndEpoch: (5 + MinDuration) as ChainEpoch }), // start epoch passed
    bad({ PieceSize: 1000 }), // not a power of two
    bad({ PieceSize: 64 }), // below 128
    bad({ PieceCID: dealProposalCid(good.Proposal) }), // not a piece CID
    bad({ EndEpoch: (100 + MinDuration - 1) as ChainEpoch }), // too short
    bad({ EndEpoch: 99 as ChainEpoch }), // ends before it starts
    bad({ Label: 'x'.repeat(257) }), // label too long
    bad({ StoragePricePerEpoch: -1n as TokenAmount }), // negative price
    bad({ ClientCollateral: (10n * FIL) as TokenAmount }), // more than the client's escrow
    bad({ ProviderCollateral: (11n * FIL) as TokenAmount }) // more than the provider's escrow
  ]
  for (const [i, d] of invalid.entries()) assert.equal(await publish(0, [d]), ExitCode.ErrIllegalArgument, `invalid deal ${i}`)

  // A control address may publish; a duplicate proposal is refused, in the batch and across messages.
  await f.asMiner(f.miner, f.miner, SetControlMethod, encodeCbor(cborTypes.array(cborTypes.address), [f.ids[2]!]))
  const dup = await f.send(2, StorageMarketActorAddr, M.PublishStorageDeals, publishParams([good, good]))
  assert.equal(dup.receipt.ExitCode, 0, dup.error ?? '')
  assert.deepEqual(decodeCbor(publishStorageDealsReturnCbor, dup.receipt.Return).ValidDeals.toArray(), [0])
  assert.equal(await publish(0, [good]), ExitCode.ErrIllegalArgument, 'duplicate of a published deal')
})

test('client escrow is checked cumulatively across the batch', async () => {
  const f = await marketFixture()
  const price = (10n * FIL / BigInt(MinDuration) / 2n + 1n) as TokenAmount // each deal needs just over half the escrow
  const deals = [1, 2].map((seed) => signDeal(proposal(f, f.miner, { StoragePricePerEpoch: price, ClientCollateral: 0n as TokenAmount }, seed), f.keys[1]!))
  const ret = await f.send(0, StorageMarketActorAddr, M.PublishStorageDeals, publishParams(deals))
  assert.equal(ret.receipt.ExitCode, 0)
  assert.deepEqual(decodeCbor(publishStorageDealsReturnCbor, ret.receipt.Return).ValidDeals.toArray(), [0])
})
