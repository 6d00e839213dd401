import { test } from 'node:test'
import assert from 'node:assert/strict'
import { BitField } from '../../../src/core/bitfield/index.js'
import { decodeCbor, encodeCbor } from '../../../src/core/cbor/index.js'
import { commPToPieceCid } from '../../../src/core/piece/index.js'
import type { ChainEpoch, DealId, SectorNumber } from '../../../src/core/types.js'
import { BurntFundsActorAddr, StorageMarketActorAddr } from '../../../src/chain/actors/index.js'
import {
  batchActivateDealsParamsCbor, batchActivateDealsResultCbor, MarketMethods, onMinerSectorsTerminateParamsCbor,
  readMarketBalance, readMarketDeal, verifyDealsForActivationParamsCbor, verifyDealsForActivationReturnCbor
} from '../../../src/chain/actors/builtin/market/index.js'
import { ExitCode } from '../../../src/chain/vm/index.js'
import type { Address } from '../../../src/core/address/index.js'
import { FIL } from '../actors-power/kit.js'
import { marketFixture, MinDuration, proposal, publishParams, signDeal, type MarketFixture } from './market-kit.js'

const M = MarketMethods
const End = 100 + MinDuration

async function publishOne (f: MarketFixture, seed = 1): Promise<void> {
  const ret = await f.send(0, StorageMarketActorAddr, M.PublishStorageDeals, publishParams([signDeal(proposal(f, f.miner, {}, seed), f.keys[1]!)]))
  assert.equal(ret.receipt.ExitCode, 0, ret.error ?? '')
}

function activateParams (deals: number[], sector = 1, expiry = End + 100, computeCid = false): Uint8Array {
  return encodeCbor(batchActivateDealsParamsCbor, {
    Sectors: [{ SectorNumber: sector as SectorNumber, SectorType: 5, SectorExpiry: expiry as ChainEpoch, DealIDs: deals as DealId[] }],
    ComputeCid: computeCid
  })
}

async function activate (f: MarketFixture, miner: Address, deals: number[]): Promise<ReturnType<typeof batchActivateDealsResultCbor.fromCbor>> {
  const ret = await f.asMiner(miner, StorageMarketActorAddr, M.BatchActivateDeals, activateParams(deals))
  assert.equal(ret.receipt.ExitCode, 0, ret.error ?? '')
  return decodeCbor(batchActivateDealsResultCbor, decodeCbor({ name: 'bytes', toCbor: (v: Uint8Array) => v, fromCbor: (v) => v as Uint8Array }, ret.receipt.Return))
}

test('a deal not activated by its start epoch is slashed by cron: provider collateral burnt, client unlocked', async () => {
  const f = await marketFixture()
  await publishOne(f)
  const burnt = await f.balance(BurntFundsActorAddr)
  assert.equal((await f.cron(99)).receipt.ExitCode, 0)
  assert.ok(await readMarketDeal(f.tree, 0 as DealId) !== undefined, 'still pending before its start')
  assert.equal((await f.cron(100)).receipt.ExitCode, 0)
  assert.equal(await readMarketDeal(f.tree, 0 as DealId), undefined, 'proposal removed')
  assert.deepEqual(await readMarketBalance(f.tree, f.miner), { Escrow: 10n * FIL - 5000n, Locked: 0n })
  assert.deepEqual(await readMarketBalance(f.tree, f.addrs[1]!), { Escrow: 10n * FIL, Locked: 0n })
  assert.equal(await f.balance(BurntFundsActorAddr) - burnt, 5000n)
  // Too late to activate now: the deal is gone (DealExpired), and the batch reports the sector's failure.
  f.setEpoch(101)
  const res = await activate(f, f.miner, [0])
  assert.deepEqual(res.ActivationResults, { SuccessCount: 0, FailCodes: [{ Idx: 0, Code: 32 }] })
})

test('an activated deal is paid from the client\'s locked escrow to the provider by cron, per elapsed epoch', async () => {
  const f = await marketFixture()
  await publishOne(f)
  f.setEpoch(50)
  const res = await activate(f, f.miner, [0])
  assert.equal(res.ActivationResults.SuccessCount, 1)
  assert.deepEqual(res.Activations[0]!.Activated.map((d) => [d.Client, d.AllocationId, d.Size]), [[f.ids[1]!.id(), 0n, 2048]])
  assert.equal(res.Activations[0]!.UnsealedCid, null)
  const deal = (await readMarketDeal(f.tree, 0 as DealId))!
  assert.deepEqual(deal.State, { SectorNumber: 1, SectorStartEpoch: 50, LastUpdatedEpoch: -1, SlashEpoch: -1 })
  // Activating it again fails that sector only.
  const again = await activate(f, f.miner, [0])
  assert.deepEqual(again.ActivationResults.FailCodes, [{ Idx: 0, Code: ExitCode.ErrIllegalArgument }])

  const clientLocked = 1000n * BigInt(MinDuration) + 700n
  await f.cron(100) // first update at the start epoch: nothing elapsed yet
  assert.deepEqual(await readMarketBalance(f.tree, f.addrs[1]!), { Escrow: 10n * FIL, Locked: clientLocked })
  assert.equal((await readMarketDeal(f.tree, 0 as DealId))!.State.LastUpdatedEpoch, 100)
  await f.cron(119)
  assert.equal((await readMarketBalance(f.tree, f.miner)).Escrow, 10n * FIL, 'not due before the next update epoch')
  await f.cron(120) // devnet updates every 20 epochs
  assert.deepEqual(await readMarketBalance(f.tree, f.addrs[1]!), { Escrow: 10n * FIL - 20_000n, Locked: clientLocked - 20_000n })
  assert.deepEqual(await readMarketBalance(f.tree, f.miner), { Escrow: 10n * FIL + 20_000n, Locked: 5000n })
  await f.cron(140)
  assert.equal((await readMarketBalance(f.tree, f.miner)).Escrow, 10n * FIL + 40_000n)
})

test('OnMinerSectorsTerminate pays up to the termination, refunds the rest and burns the provider collateral', async () => {
  const f = await marketFixture()
  await publishOne(f)
  f.setEpoch(50)
  await activate(f, f.miner, [0])
  await f.cron(100)
  await f.cron(120)
  f.setEpoch(130)
  const held = await f.balance(StorageMarketActorAddr)
  const params = encodeCbor(onMinerSectorsTerminateParamsCbor, { Epoch: 130 as ChainEpoch, Sectors: BitField.fromArray([1]) })
  assert.equal((await f.send(0, StorageMarketActorAddr, M.OnMinerSectorsTerminate, params)).receipt.ExitCode, ExitCode.ErrForbidden)
  const ret = await f.asMiner(f.miner, StorageMarketActorAddr, M.OnMinerSectorsTerminate, params)
  assert.equal(ret.receipt.ExitCode, 0, ret.error ?? '')
  assert.equal(await readMarketDeal(f.tree, 0 as DealId), undefined)
  assert.deepEqual(await readMarketBalance(f.tree, f.addrs[1]!), { Escrow: 10n * FIL - 30_000n, Locked: 0n })
  assert.deepEqual(await readMarketBalance(f.tree, f.miner), { Escrow: 10n * FIL + 30_000n - 5000n, Locked: 0n })
  assert.equal(held - await f.balance(StorageMarketActorAddr), 5000n, 'collateral left the market (burnt)')
  await f.cron(160) // the deal's later schedule finds nothing
})

test('VerifyDealsForActivation returns each sector\'s CommD and refuses deals that cannot go in the sector', async () => {
  const f = await marketFixture()
  const commD = commPToPieceCid(new Uint8Array(32).fill(0x0d))
  f.vm.proofs = {
    verifySeal: async () => true,
    verifyWindowPoSt: async () => true,
    computeUnsealedSectorCid: async (_proof, pieces) => pieces.length === 1 ? commD : commPToPieceCid(new Uint8Array(32))
  }
  await publishOne(f, 1)
  await publishOne(f, 2)
  const verify = async (miner: Address, deals: number[][], expiry = End): Promise<{ code: number, ret: Uint8Array }> => {
    const params = encodeCbor(verifyDealsForActivationParamsCbor, {
      Sectors: deals.map((d, i) => ({ SectorNumber: i as SectorNumber, SectorType: 5, SectorExpiry: expiry as ChainEpoch, DealIDs: d as DealId[] }))
    })
    const r = await f.asMiner(miner, StorageMarketActorAddr, M.VerifyDealsForActivation, params)
    return { code: r.receipt.ExitCode, ret: r.receipt.Return }
  }
  const ok = await verify(f.miner, [[0], []])
  assert.equal(ok.code, 0)
  const unsealed = decodeCbor(verifyDealsForActivationReturnCbor, decodeCbor({ name: 'b', toCbor: (v: Uint8Array) => v, fromCbor: (v) => v as Uint8Array }, ok.ret))
  assert.deepEqual(unsealed.UnsealedCIDs.map((c) => c?.toString() ?? null), [commD.toString(), null])
  assert.equal((await verify(f.miner, [[0, 1]])).code, ExitCode.ErrIllegalArgument, 'two 2 KiB pieces do not fit a 2 KiB sector')
  assert.equal((await verify(f.miner, [[0]], End - 1)).code, ExitCode.ErrIllegalArgument, 'deal outlives the sector')
  assert.equal((await verify(f.miner, [[7]])).code, ExitCode.ErrNotFound)
  const other = (await f.createMiner(2)).IDAddress
  assert.equal((await verify(other, [[0]])).code, ExitCode.ErrForbidden, 'another provider\'s deal')
  const direct = await f.send(0, StorageMarketActorAddr, M.VerifyDealsForActivation, encodeCbor(verifyDealsForActivationParamsCbor, { Sectors: [] }))
  assert.equal(direct.receipt.ExitCode, ExitCode.ErrForbidden, 'only miners')
  // ComputeCid at activation gives the same CommD.
  f.setEpoch(60)
  const ret = await f.asMiner(f.miner, StorageMarketActorAddr, M.BatchActivateDeals, activateParams([0], 3, End, true))
  const act = decodeCbor(batchActivateDealsResultCbor, decodeCbor({ name: 'b', toCbor: (v: Uint8Array) => v, fromCbor: (v) => v as Uint8Array }, ret.receipt.Return))
  assert.equal(act.Activations[0]!.UnsealedCid?.toString(), commD.toString())
})
