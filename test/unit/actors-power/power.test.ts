import { test } from 'node:test'
import assert from 'node:assert/strict'
import { encodeCbor } from '../../../src/core/cbor/index.js'
import type { ChainEpoch, TokenAmount } from '../../../src/core/types.js'
import { RewardActorAddr, rewardStateCbor, StoragePowerActorAddr } from '../../../src/chain/actors/index.js'
import {
  currentTotalPowerReturnCbor, enrollCronEventParamsCbor, listMiners, PowerMethods, powerStateCbor, readMinerClaim,
  readMinerPower, readPowerState, updateClaimedPowerParamsCbor, updatePledgeTotalParamsCbor
} from '../../../src/chain/actors/builtin/power/index.js'
import { ExitCode } from '../../../src/chain/vm/index.js'
import { decodeCbor } from '../../../src/core/cbor/index.js'
import { fakeMinerStateCbor } from './fake-miner.js'
import { storageFixture } from './kit.js'

const claimPower = (raw: bigint, qa: bigint): Uint8Array => encodeCbor(updateClaimedPowerParamsCbor, { RawByteDelta: raw, QualityAdjustedDelta: qa })

test('CreateMiner creates a miner through init and records an empty claim', async () => {
  const f = await storageFixture()
  const m = await f.createMiner(0)
  assert.equal(m.IDAddress.toString(), 't01000')
  assert.equal(m.RobustAddress.protocol, 2)
  assert.deepEqual(await readMinerClaim(f.tree, m.IDAddress), { WindowPoStProofType: 5, RawBytePower: 0n, QualityAdjPower: 0n })
  assert.deepEqual(await readMinerClaim(f.tree, m.RobustAddress), { WindowPoStProofType: 5, RawBytePower: 0n, QualityAdjPower: 0n })
  const st = await readPowerState(f.tree)
  assert.equal(st.MinerCount, 1n)
  assert.equal(st.MinerAboveMinPowerCount, 0n)
  assert.deepEqual((await listMiners(f.tree)).map((a) => a.toString()), ['t01000'])
  const miner = await f.readState(m.IDAddress, fakeMinerStateCbor)
  assert.ok(miner.Owner.equals(f.ids[0]!))
})

test('UpdateClaimedPower moves the claim and the totals across the consensus minimum', async () => {
  const f = await storageFixture()
  const a = (await f.createMiner(0)).IDAddress
  const b = (await f.createMiner(1)).IDAddress
  assert.equal((await f.asMiner(a, StoragePowerActorAddr, PowerMethods.UpdateClaimedPower, claimPower(2048n, 20480n))).receipt.ExitCode, 0)
  assert.equal((await f.asMiner(b, StoragePowerActorAddr, PowerMethods.UpdateClaimedPower, claimPower(1024n, 1024n))).receipt.ExitCode, 0)
  let st = await readPowerState(f.tree)
  assert.equal(st.TotalRawBytePower, 2048n, 'only the miner above 2 KiB counts')
  assert.equal(st.TotalQualityAdjPower, 20480n)
  assert.equal(st.TotalBytesCommitted, 3072n)
  assert.equal(st.TotalQABytesCommitted, 21504n)
  assert.equal(st.MinerAboveMinPowerCount, 1n)
  assert.deepEqual(await readMinerPower(f.tree, a), {
    miner: { RawBytePower: 2048n, QualityAdjPower: 20480n }, network: { RawBytePower: 2048n, QualityAdjPower: 20480n }, hasMinPower: true
  })
  // Fewer than 4 miners meet the minimum, so any positive power counts for eligibility.
  assert.equal((await readMinerPower(f.tree, b))!.hasMinPower, true)

  // Dropping back below the minimum takes the miner out of the totals.
  await f.asMiner(a, StoragePowerActorAddr, PowerMethods.UpdateClaimedPower, claimPower(-1024n, -10240n))
  st = await readPowerState(f.tree)
  assert.equal(st.TotalRawBytePower, 0n)
  assert.equal(st.MinerAboveMinPowerCount, 0n)
  assert.equal(st.TotalBytesCommitted, 2048n)

  // Negative claims are refused.
  const neg = await f.asMiner(b, StoragePowerActorAddr, PowerMethods.UpdateClaimedPower, claimPower(-4096n, 0n))
  assert.equal(neg.receipt.ExitCode, ExitCode.ErrIllegalState)
})

test('only miner actors may update claims, pledge and cron events', async () => {
  const f = await storageFixture()
  await f.createMiner(0)
  assert.equal((await f.send(0, StoragePowerActorAddr, PowerMethods.UpdateClaimedPower, claimPower(1n, 1n))).receipt.ExitCode, ExitCode.ErrForbidden)
  assert.equal((await f.send(0, StoragePowerActorAddr, PowerMethods.UpdatePledgeTotal, encodeCbor(updatePledgeTotalParamsCbor, 5n as TokenAmount))).receipt.ExitCode, ExitCode.ErrForbidden)
  assert.equal((await f.send(0, StoragePowerActorAddr, PowerMethods.OnEpochTickEnd)).receipt.ExitCode, ExitCode.ErrForbidden)
})

test('UpdatePledgeTotal and CurrentTotalPower after cron freezes the epoch values', async () => {
  const f = await storageFixture()
  const a = (await f.createMiner(0)).IDAddress
  await f.asMiner(a, StoragePowerActorAddr, PowerMethods.UpdateClaimedPower, claimPower(4096n, 40960n))
  assert.equal((await f.asMiner(a, StoragePowerActorAddr, PowerMethods.UpdatePledgeTotal, encodeCbor(updatePledgeTotalParamsCbor, 77n as TokenAmount))).receipt.ExitCode, 0)
  const under = await f.asMiner(a, StoragePowerActorAddr, PowerMethods.UpdatePledgeTotal, encodeCbor(updatePledgeTotalParamsCbor, -100n as TokenAmount))
  assert.equal(under.receipt.ExitCode, ExitCode.ErrIllegalState)
  let ret = await f.send(1, StoragePowerActorAddr, PowerMethods.CurrentTotalPower)
  assert.equal(decodeCbor(currentTotalPowerReturnCbor, ret.receipt.Return).RawBytePower, 0n, 'not frozen before cron')
  assert.equal((await f.cron(11)).receipt.ExitCode, 0)
  ret = await f.send(1, StoragePowerActorAddr, PowerMethods.CurrentTotalPower)
  const cur = decodeCbor(currentTotalPowerReturnCbor, ret.receipt.Return)
  assert.equal(cur.RawBytePower, 4096n)
  assert.equal(cur.QualityAdjPower, 40960n)
  assert.equal(cur.PledgeCollateral, 77n)
  const reward = await f.readState(RewardActorAddr, rewardStateCbor)
  assert.equal(reward.CurrRealizedPower, 4096n, 'reward actor told the network raw power')
  assert.equal(reward.Epoch, 11)
})

test('cron calls a miner\'s deferred event at its epoch, once; a failing callback loses the claim', async () => {
  const f = await storageFixture()
  const a = (await f.createMiner(0)).IDAddress
  const b = (await f.createMiner(1)).IDAddress
  const enroll = (epoch: number, payload: number[]): Uint8Array => encodeCbor(enrollCronEventParamsCbor, { EventEpoch: epoch as ChainEpoch, Payload: Uint8Array.from(payload) })
  assert.equal((await f.asMiner(a, StoragePowerActorAddr, PowerMethods.EnrollCronEvent, enroll(13, [7]))).receipt.ExitCode, 0)
  assert.equal((await f.asMiner(b, StoragePowerActorAddr, PowerMethods.EnrollCronEvent, enroll(13, [0xff]))).receipt.ExitCode, 0)
  assert.equal((await f.asMiner(a, StoragePowerActorAddr, PowerMethods.EnrollCronEvent, enroll(-1, []))).receipt.ExitCode, ExitCode.ErrIllegalArgument)
  await f.asMiner(b, StoragePowerActorAddr, PowerMethods.UpdateClaimedPower, claimPower(2048n, 2048n))

  await f.cron(12)
  assert.equal((await f.readState(a, fakeMinerStateCbor)).CronCalls, 0n)
  await f.cron(13)
  const st = await f.readState(a, fakeMinerStateCbor)
  assert.equal(st.CronCalls, 1n)
  assert.deepEqual([...st.LastPayload], [7])
  await f.cron(14)
  assert.equal((await f.readState(a, fakeMinerStateCbor)).CronCalls, 1n, 'events run once')

  assert.equal(await readMinerClaim(f.tree, b), undefined, 'failing miner lost its claim')
  const power = await f.readState(StoragePowerActorAddr, powerStateCbor)
  assert.equal(power.MinerCount, 1n)
  assert.equal(power.TotalBytesCommitted, 0n)
  assert.equal(power.FirstCronEpoch, 15)
})
