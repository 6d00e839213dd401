// Info and control methods, balances, and pre-commit refusals and expiry.
import { strict as assert } from 'node:assert'
import { test } from 'node:test'
import { decodeCbor, encodeCbor } from '../../../src/core/cbor/index.js'
import { sealedCidFor } from './cids.js'
import {
  changeMultiaddrsParamsCbor, changePeerIdParamsCbor, changeWorkerAddressParamsCbor, getControlAddressesReturnCbor, MinerMethods,
  preCommitSectorBatchParams2Cbor, proveCommitSectorParamsCbor, readMinerInfo, readPreCommitInfo, withdrawBalanceParamsCbor,
  withdrawBalanceReturnCbor
} from '../../../src/chain/actors/builtin/miner/index.js'
import { FIL, minerFixture, policy, SealProof } from './kit.js'

test('control addresses, peer ID, multiaddrs and the delayed worker change', async () => {
  const f = await minerFixture()
  try {
    const ctl = await f.call(MinerMethods.ControlAddresses, undefined, 1)
    assert.equal(ctl.receipt.ExitCode, 0)
    const ret = decodeCbor(getControlAddressesReturnCbor, ctl.receipt.Return)
    assert.ok(ret.Owner.equals(f.ids[0]!) && ret.Worker.equals(f.ids[0]!))

    const peer = encodeCbor(changePeerIdParamsCbor, { NewID: new Uint8Array([9, 9]) })
    assert.equal((await f.call(MinerMethods.ChangePeerID, peer, 1)).receipt.ExitCode, 18)
    assert.equal((await f.call(MinerMethods.ChangePeerID, peer)).receipt.ExitCode, 0)
    const tooLong = encodeCbor(changePeerIdParamsCbor, { NewID: new Uint8Array(policy.MaxPeerIDLength + 1) })
    assert.equal((await f.call(MinerMethods.ChangePeerID, tooLong)).receipt.ExitCode, 16)
    const addrs = encodeCbor(changeMultiaddrsParamsCbor, { NewMultiaddrs: [new Uint8Array([4, 127, 0, 0, 1])] })
    assert.equal((await f.call(MinerMethods.ChangeMultiaddrs, addrs)).receipt.ExitCode, 0)
    let info = await readMinerInfo(f.store, await f.state())
    assert.deepEqual([...info.PeerId], [9, 9])
    assert.equal(info.Multiaddrs.length, 1)

    const change = encodeCbor(changeWorkerAddressParamsCbor, { NewWorker: f.addrs[1]!, NewControlAddrs: [f.addrs[2]!] })
    assert.equal((await f.call(MinerMethods.ChangeWorkerAddress, change, 1)).receipt.ExitCode, 18, 'only the owner')
    assert.equal((await f.call(MinerMethods.ChangeWorkerAddress, change)).receipt.ExitCode, 0)
    info = await readMinerInfo(f.store, await f.state())
    assert.ok(info.Worker.equals(f.ids[0]!))
    assert.ok(info.ControlAddresses[0]!.equals(f.ids[2]!))
    assert.equal(info.PendingWorkerKey?.EffectiveAt, 10 + policy.WorkerKeyChangeDelay)
    assert.equal((await f.call(MinerMethods.ConfirmChangeWorkerAddress)).receipt.ExitCode, 18, 'too early')
    f.vm.epoch = (10 + policy.WorkerKeyChangeDelay) as never
    assert.equal((await f.call(MinerMethods.ConfirmChangeWorkerAddress)).receipt.ExitCode, 0)
    info = await readMinerInfo(f.store, await f.state())
    assert.ok(info.Worker.equals(f.ids[1]!))
    assert.equal(info.PendingWorkerKey, null)
    assert.equal((await f.call(MinerMethods.ConfirmChangeWorkerAddress)).receipt.ExitCode, 20, 'nothing pending')
  } finally { await f.cleanup() }
})

test('withdraw balance: owner only, capped at the available balance', async () => {
  const f = await minerFixture()
  try {
    await f.send(0, f.miner, 0, undefined, 5n * FIL)
    const params = encodeCbor(withdrawBalanceParamsCbor, { AmountRequested: (7n * FIL) as never })
    assert.equal((await f.call(MinerMethods.WithdrawBalance, params, 1)).receipt.ExitCode, 18)
    const ret = await f.call(MinerMethods.WithdrawBalance, params)
    assert.equal(ret.receipt.ExitCode, 0)
    assert.equal(decodeCbor(withdrawBalanceReturnCbor, ret.receipt.Return), 5n * FIL)
    assert.equal(await f.balance(f.miner), 0n)
  } finally { await f.cleanup() }
})

test('pre-commit refusals, and an expired pre-commit loses its deposit in cron', async () => {
  const f = await minerFixture()
  try {
    f.vm.epoch = 100 as never
    const expiration = 100 + policy.MaxProveCommitDuration + policy.MinSectorExpiration + 5000
    const pc = (over: Record<string, unknown>): Uint8Array => encodeCbor(preCommitSectorBatchParams2Cbor, {
      Sectors: [{ SealProof, SectorNumber: 3, SealedCID: sealedCidFor(3), SealRandEpoch: 99, DealIDs: [], Expiration: expiration, UnsealedCid: null, ...over }]
    })
    assert.equal((await f.call(MinerMethods.PreCommitSectorBatch2, pc({}))).receipt.ExitCode, 19, 'no funds for the deposit')
    await f.send(0, f.miner, 0, undefined, 10n * FIL)
    assert.equal((await f.call(MinerMethods.PreCommitSectorBatch2, pc({}), 1)).receipt.ExitCode, 18, 'not the worker')
    assert.equal((await f.call(MinerMethods.PreCommitSectorBatch2, pc({ SealProof: 8 }))).receipt.ExitCode, 16, 'wrong proof type')
    assert.equal((await f.call(MinerMethods.PreCommitSectorBatch2, pc({ SealRandEpoch: 100 }))).receipt.ExitCode, 16, 'rand epoch not past')
    assert.equal((await f.call(MinerMethods.PreCommitSectorBatch2, pc({ Expiration: 1000 }))).receipt.ExitCode, 16, 'too short')
    assert.equal((await f.call(MinerMethods.PreCommitSectorBatch2, pc({}))).receipt.ExitCode, 0)
    const deposit = (await readPreCommitInfo(f.store, await f.state(), 3))!.PreCommitDeposit
    assert.ok(deposit > 0n)

    const late = 100 + policy.MaxProveCommitDuration + 1
    f.vm.epoch = late as never
    const proof = encodeCbor(proveCommitSectorParamsCbor, { SectorNumber: 3, Proof: new Uint8Array(8) })
    assert.equal((await f.call(MinerMethods.ProveCommitSector, proof)).receipt.ExitCode, 16, 'expired pre-commit')

    const before = await f.balance(f.miner)
    // The deadline cron catches up one deadline per call; the first call past the clean-up epoch burns the deposit.
    assert.equal((await f.cron(100 + policy.MaxProveCommitDuration + policy.ExpiredPreCommitCleanUpDelay + 1)).receipt.ExitCode, 0)
    const st = await f.state()
    assert.equal(await readPreCommitInfo(f.store, st, 3), null)
    assert.equal(st.PreCommitDeposits, 0n)
    assert.equal(await f.balance(f.miner), before - deposit)
  } finally { await f.cleanup() }
})
