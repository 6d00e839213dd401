// A sector's life through the VM: pre-commit → prove-commit (power after the first Window PoSt)
// → Window PoSts across proving periods → missed deadline (faulty, power lost, penalty) →
// declared recovered + PoSt (power back) → terminated.
import { strict as assert } from 'node:assert'
import { readFile, writeFile } from 'node:fs/promises'
import { after, before, test } from 'node:test'
import { BitField } from '../../../src/core/bitfield/index.js'
import { encodeCbor } from '../../../src/core/cbor/index.js'
import {
  declareFaultsRecoveredParamsCbor, MinerMethods, newDeadlineInfo, nextNotElapsed, preCommitSectorBatchParams2Cbor,
  proveCommitSectorParamsCbor, readFaults, submitWindowedPoStParamsCbor, terminateSectorsParamsCbor, type DeadlineInfo
} from '../../../src/chain/actors/builtin/miner/index.js'
import { chainCommitRand, FIL, minerFixture, policy, SealProof, WindowPoStProof, type MinerFixture, type SealedSector } from './kit.js'

let f: MinerFixture
let sector: SealedSector
const PreCommitEpoch = 100

before(async () => {
  f = await minerFixture()
  assert.equal((await f.send(0, f.miner, 0, undefined, 100n * FIL)).receipt.ExitCode, 0)
})
after(async () => { await f.cleanup() })

const expiration = PreCommitEpoch + policy.MaxProveCommitDuration + policy.MinSectorExpiration + 5000

function precommitParams (n: number, sealed: SealedSector['cids']['sealed'], over: Record<string, unknown> = {}): Uint8Array {
  return encodeCbor(preCommitSectorBatchParams2Cbor, {
    Sectors: [{ SealProof, SectorNumber: n, SealedCID: sealed, SealRandEpoch: PreCommitEpoch - 1, DealIDs: [], Expiration: expiration, UnsealedCid: null, ...over }]
  })
}

async function deadlineOf (n: number): Promise<DeadlineInfo> {
  const loc = await f.location(n)
  const st = await f.state()
  return nextNotElapsed(policy, newDeadlineInfo(policy, st.ProvingPeriodStart, loc.Deadline, f.vm.epoch))
}

async function submitPoSt (d: DeadlineInfo, partition: number, proof: Uint8Array, skipped = BitField.empty()): Promise<number> {
  const commit = d.Open
  const ret = await f.call(MinerMethods.SubmitWindowedPoSt, encodeCbor(submitWindowedPoStParamsCbor, {
    Deadline: d.Index,
    Partitions: [{ Index: partition, Skipped: skipped }],
    Proofs: [{ PoStProof: WindowPoStProof, ProofBytes: proof }],
    ChainCommitEpoch: commit,
    ChainCommitRand: chainCommitRand(commit)
  }))
  return ret.receipt.ExitCode
}

test('pre-commit takes a deposit and enrolls the deadline cron', async () => {
  await f.advanceTo(PreCommitEpoch)
  sector = await f.seal(1, PreCommitEpoch - 1)
  const ret = await f.call(MinerMethods.PreCommitSectorBatch2, precommitParams(1, sector.cids.sealed))
  assert.equal(ret.receipt.ExitCode, 0, ret.error ?? undefined)
  const st = await f.state()
  assert.ok(st.PreCommitDeposits > 0n)
  assert.equal(st.DeadlineCronActive, true)
  // The same sector number again is refused.
  const again = await f.call(MinerMethods.PreCommitSectorBatch2, precommitParams(1, sector.cids.sealed))
  assert.equal(again.receipt.ExitCode, 16)
})

test('prove-commit: too early, then a corrupted replica fails, then the real proof activates the sector unproven', async () => {
  f.vm.epoch = (PreCommitEpoch + policy.PreCommitChallengeDelay) as never
  const proof = await f.proveCommitProof(sector, PreCommitEpoch)
  const early = await f.call(MinerMethods.ProveCommitSector, encodeCbor(proveCommitSectorParamsCbor, { SectorNumber: 1, Proof: proof }))
  assert.equal(early.receipt.ExitCode, 18)

  await f.advanceTo(PreCommitEpoch + policy.PreCommitChallengeDelay + 1)
  const original = await readFile(sector.sealedPath)
  const flipped = Uint8Array.from(original)
  flipped[100]! ^= 0x01
  await writeFile(sector.sealedPath, flipped)
  let badProof: Uint8Array | null
  try { badProof = await f.proveCommitProof(sector, PreCommitEpoch) } catch { badProof = null }
  await writeFile(sector.sealedPath, original)
  if (badProof !== null) {
    const bad = await f.call(MinerMethods.ProveCommitSector, encodeCbor(proveCommitSectorParamsCbor, { SectorNumber: 1, Proof: badProof }))
    assert.equal(bad.receipt.ExitCode, 16)
  }
  const tampered = Uint8Array.from(proof)
  tampered[tampered.length - 1]! ^= 0xff
  const bad2 = await f.call(MinerMethods.ProveCommitSector, encodeCbor(proveCommitSectorParamsCbor, { SectorNumber: 1, Proof: tampered }))
  assert.equal(bad2.receipt.ExitCode, 16)

  const ok = await f.call(MinerMethods.ProveCommitSector, encodeCbor(proveCommitSectorParamsCbor, { SectorNumber: 1, Proof: proof }))
  assert.equal(ok.receipt.ExitCode, 0, ok.error ?? undefined)
  const st = await f.state()
  assert.equal(st.PreCommitDeposits, 0n)
  assert.ok(st.InitialPledge > 0n)
  assert.deepEqual(await f.power(), { raw: 0n, qa: 0n }, 'unproven sectors have no power')
  const unknown = await f.call(MinerMethods.ProveCommitSector, encodeCbor(proveCommitSectorParamsCbor, { SectorNumber: 9, Proof: proof }))
  assert.equal(unknown.receipt.ExitCode, 17)
})

test('Window PoSt gives power, and keeps it across proving periods', async () => {
  for (let period = 0; period < 2; period++) {
    const d = await deadlineOf(1)
    await f.advanceTo(d.Open + 1)
    const proof = await f.windowPoSt([sector], d.Challenge)
    // Wrong deadline index is refused.
    const wrong = await f.call(MinerMethods.SubmitWindowedPoSt, encodeCbor(submitWindowedPoStParamsCbor, {
      Deadline: (d.Index + 1) % policy.WPoStPeriodDeadlines, Partitions: [{ Index: 0, Skipped: BitField.empty() }],
      Proofs: [{ PoStProof: WindowPoStProof, ProofBytes: proof }], ChainCommitEpoch: d.Open, ChainCommitRand: chainCommitRand(d.Open)
    }))
    assert.equal(wrong.receipt.ExitCode, 16)
    const bad = Uint8Array.from(proof)
    bad[bad.length - 1]! ^= 0xff
    assert.equal(await submitPoSt(d, 0, bad), 16)
    assert.equal(await submitPoSt(d, 0, proof), 0)
    assert.deepEqual(await f.power(), { raw: 2048n, qa: 2048n })
    await f.advanceTo(d.Close + 1)
    assert.deepEqual(await f.power(), { raw: 2048n, qa: 2048n })
  }
})

test('a missed deadline makes the sector faulty, drops power and charges a penalty', async () => {
  const d = await deadlineOf(1)
  const burntBefore = await f.balance(f.ids[0]!)
  await f.advanceTo(d.Close + 1)
  assert.deepEqual(await f.power(), { raw: 0n, qa: 0n })
  assert.deepEqual((await readFaults(f.store, await f.state())).toArray(), [1])
  assert.ok(burntBefore >= 0n)
})

test('declared recovery plus a Window PoSt restores power', async () => {
  const d = await deadlineOf(1)
  const loc = await f.location(1)
  await f.advanceTo(d.FaultCutoff - 1)
  const ret = await f.call(MinerMethods.DeclareFaultsRecovered, encodeCbor(declareFaultsRecoveredParamsCbor, {
    Recoveries: [{ Deadline: loc.Deadline, Partition: loc.Partition, Sectors: BitField.fromArray([1]) }]
  }))
  assert.equal(ret.receipt.ExitCode, 0, ret.error ?? undefined)
  await f.advanceTo(d.Open + 1)
  assert.equal(await submitPoSt(d, loc.Partition, await f.windowPoSt([sector], d.Challenge)), 0)
  assert.deepEqual(await f.power(), { raw: 2048n, qa: 2048n })
  assert.deepEqual((await readFaults(f.store, await f.state())).toArray(), [])
})

test('terminating the sector removes power and releases pledge', async () => {
  const d = await deadlineOf(1)
  await f.advanceTo(d.Close + 1)
  const loc = await f.location(1)
  const params = encodeCbor(terminateSectorsParamsCbor, { Terminations: [{ Deadline: loc.Deadline, Partition: loc.Partition, Sectors: BitField.fromArray([1]) }] })
  assert.equal((await f.call(MinerMethods.TerminateSectors, params, 1)).receipt.ExitCode, 18, 'a stranger cannot terminate')
  const ret = await f.call(MinerMethods.TerminateSectors, params)
  assert.equal(ret.receipt.ExitCode, 0, ret.error ?? undefined)
  assert.deepEqual(await f.power(), { raw: 0n, qa: 0n })
  const st = await f.state()
  assert.equal(st.InitialPledge, 0n)
  const again = await f.call(MinerMethods.TerminateSectors, params)
  assert.equal(again.receipt.ExitCode, 16)
})
