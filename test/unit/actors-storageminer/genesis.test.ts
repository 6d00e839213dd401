import { test } from 'node:test'
import assert from 'node:assert/strict'
import { newIdAddress } from '../../../src/core/address/index.js'
import { FilecoinPrecision } from '../../../src/core/token/index.js'
import type { TokenAmount } from '../../../src/core/types.js'
import { CronActorAddr, CronMethods, StorageMinerActorCode, StorageMarketActorAddr, SystemActorAddr } from '../../../src/chain/actors/index.js'
import { devnetPolicy } from '../../../src/chain/actors/policy.js'
import { storageActors } from '../../../src/chain/actors/builtin/power/storage-genesis.js'
import { readMinerPower } from '../../../src/chain/actors/builtin/power/index.js'
import {
  newDeadlineInfo, readActiveSectors, readFaults, readMinerInfo, readMinerState, readPartitions, readPreCommitInfo, readSectorLocation
} from '../../../src/chain/actors/builtin/miner/index.js'
import {
  activateGenesisSectors, InternalSectorSetupForPresealMethod, internalSectorSetupForPresealParamsCbor, presealFunding, storageMinerActor
} from '../../../src/chain/actors/builtin/storageminer/index.js'
import { StateTree } from '../../../src/chain/state/index.js'
import { applyImplicitMessage, ExitCode, type VmContext } from '../../../src/chain/vm/index.js'
import { encodeCbor } from '../../../src/core/cbor/index.js'
import type { ChainEpoch, MethodNum } from '../../../src/core/types.js'
import { addMiners, makeGenesis, newTemplate, presealExpiration, storageGenesis, type GenesisVm } from '../../../src/chain/genesis/index.js'
import type { ActivateGenesisSectors } from '../../../src/chain/genesis/genesis-miners.js'
import { devProofVerifier } from '../../../src/chain/actors/builtin/miner/index.js'
import { newActorRegistry } from '../../../src/chain/actors/index.js'
import { message } from '../vm/kit.js'
import { fakeMiner } from '../genesis/kit.js'

const FIL = FilecoinPrecision

/**
 * A genesis with two miners whose pre-seals are then activated by {@link activateGenesisSectors}
 * through a genesis-style VM (epoch 0, implicit messages) that has the dev proof syscalls, which
 * the market needs for CommD (the genesis VM of `genesis-vm.ts` has none yet).
 */
async function genesisWithMiners (): Promise<{ tree: StateTree, vm: VmContext }> {
  const { template } = newTemplate({ accounts: 1, timestamp: 1_700_000_000 })
  const m0 = { ...fakeMiner(1000n), MarketBalance: (1n * FIL) as TokenAmount }
  const withMiners = addMiners(template, new Map([['t01000', m0], ['t01001', fakeMiner(1001n)]]), (1000n * FIL) as TokenAmount, 'pre-seal.json')
  const captured: Array<Parameters<ActivateGenesisSectors>[1]> = []
  const actors = [...storageActors, storageMinerActor]
  const storage = storageGenesis({ actors, activateSectors: async (_vm, ctx) => { captured.push(ctx) } })
  const g = await makeGenesis(withMiners, { storage })
  const tree = await StateTree.load(g.store, g.stateRoot)
  const vm: VmContext = {
    epoch: 0 as ChainEpoch, networkVersion: 25, baseFee: 0n as TokenAmount, registry: newActorRegistry(actors), proofs: devProofVerifier()
  }
  const gvm: GenesisVm = {
    exec: async (step, from, to, value, methodNum, codec, params) => {
      const ret = await applyImplicitMessage(tree, message({
        From: from, To: to, Value: value, Method: BigInt(methodNum) as MethodNum, GasLimit: 1_000_000_000_000n,
        Params: codec === null || params === null ? new Uint8Array(0) : encodeCbor(codec, params)
      }), vm)
      if (ret.receipt.ExitCode !== ExitCode.Ok) throw new Error(`${step}: exit ${ret.receipt.ExitCode} ${ret.error ?? ''}`)
      return ret.receipt.Return
    }
  }
  for (const ctx of captured) await activateGenesisSectors(gvm, ctx)
  return { tree, vm }
}

test('the registered miner actor is the miner actor with method 17 added', () => {
  assert.ok(storageMinerActor.code.equals(StorageMinerActorCode))
  assert.equal(storageMinerActor.methods.get(17n)?.name, 'InternalSectorSetupForPreseal')
  assert.equal(storageMinerActor.methods.get(5n)?.name, 'SubmitWindowedPoSt')
  assert.equal(presealFunding({ SealProof: 5 }), 2048n * 11n * (FIL / (32n << 30n)))
})

test('genesis activates pre-sealed sectors: active, proven, in a deadline, power claimed, pledge locked', async () => {
  const { tree } = await genesisWithMiners()
  for (const n of [1000n, 1001n]) {
    const maddr = newIdAddress(n)
    const power = await readMinerPower(tree, maddr)
    assert.deepEqual(power?.miner, { RawBytePower: 2048n, QualityAdjPower: 2048n }, `power of ${maddr.toString()}`)
    const actor = await tree.requireActor(maddr)
    const st = await readMinerState(tree.store, actor.Head)
    const info = await readMinerInfo(tree.store, st)
    assert.equal(info.SectorSize, 2048n)
    assert.equal(await readPreCommitInfo(tree.store, st, 0), null, 'the pre-commit is consumed')
    const active = await readActiveSectors(tree.store, st)
    assert.deepEqual(active.map((s) => s.SectorNumber), [0])
    assert.equal(active[0]!.Expiration, presealExpiration(newTemplate({ accounts: 1, timestamp: 0 }).template.NetworkParams))
    assert.equal(active[0]!.DealIDs.length, 1)
    assert.equal(st.PreCommitDeposits, 0n)
    assert.ok(st.InitialPledge > 0n, 'initial pledge locked')
    assert.ok(actor.Balance >= st.InitialPledge)
    const loc = await readSectorLocation(tree.store, st, 0)
    assert.ok(loc !== null)
    const part = (await readPartitions(tree.store, st, loc.Deadline))[loc.Partition]!
    assert.ok(part.Sectors.has(0))
    assert.ok(part.Unproven.isEmpty(), 'pre-seals need no first Window PoSt')
    assert.deepEqual(part.UnprovenPower, { Raw: 0n, QA: 0n })
    assert.equal(st.DeadlineCronActive, true)
  }
  const totals = (await readMinerPower(tree, newIdAddress(1000n)))!.network
  assert.deepEqual(totals, { RawBytePower: 4096n, QualityAdjPower: 4096n })
  assert.ok((await tree.requireActor(StorageMarketActorAddr)).Balance >= 1n * FIL)
})

test('InternalSectorSetupForPreseal is for the system actor only and skips unknown sectors', async () => {
  const { tree } = await genesisWithMiners()
  const vm: VmContext = { epoch: 1 as ChainEpoch, networkVersion: 25, baseFee: 0n as TokenAmount, registry: newActorRegistry([...storageActors, storageMinerActor]) }
  const params = encodeCbor(internalSectorSetupForPresealParamsCbor, {
    Sectors: [7], RewardSmoothed: { PositionEstimate: 0n, VelocityEstimate: 0n }, RewardBaselinePower: 0n,
    QualityAdjPowerSmoothed: { PositionEstimate: 0n, VelocityEstimate: 0n }
  })
  const send = async (from: typeof SystemActorAddr): Promise<number> => (await applyImplicitMessage(tree, message({
    From: from, To: newIdAddress(1000n), Method: BigInt(InternalSectorSetupForPresealMethod) as MethodNum, Params: params
  }), vm)).receipt.ExitCode
  assert.equal(await send(newIdAddress(1001n)), ExitCode.ErrForbidden)
  assert.equal(await send(SystemActorAddr), ExitCode.Ok)
  assert.deepEqual((await readMinerPower(tree, newIdAddress(1000n)))?.miner, { RawBytePower: 2048n, QualityAdjPower: 2048n })
})

test('a genesis miner that misses the Window PoSt of its pre-seals\' deadline turns faulty and loses its power in cron', async () => {
  const { tree, vm } = await genesisWithMiners()
  const maddr = newIdAddress(1000n)
  const st0 = await readMinerState(tree.store, (await tree.requireActor(maddr)).Head)
  const loc = (await readSectorLocation(tree.store, st0, 0))!
  const dl = newDeadlineInfo(devnetPolicy, st0.ProvingPeriodStart, loc.Deadline, 0)
  const close = dl.Close > 0 ? dl.Close : dl.Close + devnetPolicy.WPoStProvingPeriod
  // Cron at every deadline end up to (and just past) the sector's deadline.
  for (let e = devnetPolicy.WPoStChallengeWindow - 1; e <= close + devnetPolicy.WPoStChallengeWindow; e += devnetPolicy.WPoStChallengeWindow) {
    vm.epoch = e as ChainEpoch
    const ret = await applyImplicitMessage(tree, message({ From: SystemActorAddr, To: CronActorAddr, Method: BigInt(CronMethods.EpochTick) as MethodNum, GasLimit: 1_000_000_000_000n }), vm)
    assert.equal(ret.receipt.ExitCode, ExitCode.Ok, `cron at ${e}: ${ret.error ?? ""}`)
  }
  const st = await readMinerState(tree.store, (await tree.requireActor(maddr)).Head)
  assert.deepEqual((await readFaults(tree.store, st)).toArray(), [0])
  assert.deepEqual((await readMinerPower(tree, maddr))?.miner, { RawBytePower: 0n, QualityAdjPower: 0n })
  assert.deepEqual((await readMinerPower(tree, newIdAddress(1001n)))?.miner.RawBytePower, 0n, 'the other miner did not prove either')
})
