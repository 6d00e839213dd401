import { strict as assert } from 'node:assert'
import { rename } from 'node:fs/promises'
import { after, before, describe, it } from 'node:test'
import { Registry } from 'prom-client'
import { BitField } from '../../../src/core/bitfield/index.js'
import type { SectorNumber } from '../../../src/core/types.js'
import {
  counterValue, sectorDirFiles, windowPoStMetrics, WindowPoStScheduler, type WindowPoStEvent, type WindowPoStMetrics
} from '../../../src/mining/index.js'
import { DevProver, DevVerifier, type Prover } from '../../../src/proofs/index.js'
import type { MinerConfig } from '../../../src/repo/config/index.js'
import { bytes32, FakeChain, MINER, minerConfig, quietLog, SectorFolder, until } from './fakes.js'

let folder: SectorFolder

before(async () => {
  folder = await SectorFolder.create()
  for (let n = 1; n <= 6; n++) await folder.seal(n)
})
after(async () => { await folder.cleanup() })

interface Run {
  chain: FakeChain
  sched: WindowPoStScheduler
  events: WindowPoStEvent[]
  metrics: WindowPoStMetrics
  /** Advances the head one epoch at a time up to `height`, letting the scheduler work between epochs. */
  walk: (height: number) => Promise<void>
}

async function run (setup: (chain: FakeChain) => void, config: MinerConfig = minerConfig(), prover: Pick<Prover, 'generateWindowPoSt' | 'checkProvable'> = new DevProver()): Promise<Run> {
  const chain = new FakeChain(0)
  chain.sectorsByNumber = folder.sealed
  setup(chain)
  const events: WindowPoStEvent[] = []
  const metrics = windowPoStMetrics(new Registry())
  const sched = new WindowPoStScheduler(
    { chain: chain.api, prover, sectors: sectorDirFiles(folder.dir), config: () => config, log: quietLog, metrics },
    { miner: MINER, messageConfidence: 0, onEvent: (e) => { events.push(e) } })
  sched.start()
  const walk = async (height: number): Promise<void> => {
    while (chain.head.height < height) {
      chain.advance()
      await new Promise((resolve) => setTimeout(resolve, 15))
    }
  }
  return { chain, sched, events, metrics, walk }
}

/** Checks a submitted proof with the dev verifier over `sectors`. */
function verifies (chain: FakeChain, challenge: number, proofs: Array<{ PoStProof: number, ProofBytes: Uint8Array }>, sectors: number[]): boolean {
  return new DevVerifier().verifyWindowPoSt({
    randomness: chain.beaconRandomness(challenge),
    proofs: proofs.map((p) => ({ postProof: p.PoStProof as 10, proofBytes: p.ProofBytes })),
    challengedSectors: sectors.map((n) => ({ sealProof: 5, sectorNumber: n as SectorNumber, sealedCid: folder.sealed.get(n)! })),
    prover: 1000n as never
  })
}

describe('Window PoSt scheduler', () => {
  it('submits one valid proof per deadline with live sectors, and nothing for empty deadlines', async () => {
    const r = await run((c) => {
      c.setPartition(1, 0, [1, 2])
      c.setPartition(2, 0, [3])
    })
    try {
      await r.walk(36)
      await until(() => r.chain.posts().length >= 2, 2000, 'two posts')
      const posts = r.chain.posts()
      assert.deepEqual(posts.map((p) => p.Deadline), [1, 2])
      const [p1, p2] = posts
      assert.deepEqual(p1!.Partitions.map((p) => [p.Index, p.Skipped.toArray()]), [[0, []]])
      assert.ok(verifies(r.chain, 7, p1!.Proofs, [1, 2]), 'deadline 1 proof verifies')
      assert.ok(verifies(r.chain, 17, p2!.Proofs, [3]), 'deadline 2 proof verifies')
      // Submitted once the head is SubmitConfidence (4) into the window, committing to a past ticket.
      const sent = r.chain.sent.filter((s) => s.post !== undefined)
      assert.equal(sent.length, 2)
      sent.forEach((s, i) => {
        const open = 10 * (i + 1)
        assert.ok(s.height >= open + 4 && s.height < open + 10, `sent at ${s.height}, inside the window after SubmitConfidence`)
      })
      for (const s of sent) {
        assert.ok(s.post!.ChainCommitEpoch >= s.height - 3 - 1 && s.post!.ChainCommitEpoch < s.height)
        assert.deepEqual(s.post!.ChainCommitRand, bytes32(`ticket-${s.post!.ChainCommitEpoch}`))
        assert.equal(s.msg.To.toString(), MINER.toString())
        assert.equal(s.msg.Method, 5n)
      }
      assert.equal(await counterValue(r.metrics.submitted), 2)
      assert.equal(await counterValue(r.metrics.late), 0)
      assert.equal(await counterValue(r.metrics.failed), 0)
    } finally {
      await r.sched.stop()
    }
  })

  it('skips a missing sector in the proof and declares a missing sector two deadlines ahead faulty before the cutoff', async () => {
    await rename(folder.sealedPath(2), `${folder.sealedPath(2)}.gone`)
    await rename(folder.sealedPath(6), `${folder.sealedPath(6)}.gone`)
    const r = await run((c) => {
      c.setPartition(1, 0, [1, 2])
      c.setPartition(3, 0, [5, 6])
    })
    try {
      await r.walk(15)
      await until(() => r.chain.posts().length >= 1, 2000, 'post for deadline 1')
      const post = r.chain.posts()[0]!
      assert.deepEqual(post.Partitions.map((p) => [p.Index, p.Skipped.toArray()]), [[0, [2]]])
      assert.ok(verifies(r.chain, 7, post.Proofs, [1]), 'the proof covers the readable sector only')
      const faults = r.chain.sent.filter((s) => s.faults !== undefined)
      assert.equal(faults.length, 1)
      assert.deepEqual(faults[0]!.faults!.map((f) => [f.Deadline, f.Partition, f.Sectors.toArray()]), [[3, 0, [6]]])
      assert.ok(faults[0]!.height < 30 - 5, `declared at ${faults[0]!.height}, before deadline 3's fault cutoff (25)`)
      assert.equal(faults[0]!.msg.Method, 10n)
      assert.equal(await counterValue(r.metrics.faultsDeclared), 1)
    } finally {
      await r.sched.stop()
      await rename(`${folder.sealedPath(2)}.gone`, folder.sealedPath(2))
      await rename(`${folder.sealedPath(6)}.gone`, folder.sealedPath(6))
    }
  })

  it('declares a faulty sector recovered once its file is back, and proves it as recovering', async () => {
    await rename(folder.sealedPath(6), `${folder.sealedPath(6)}.gone`)
    const r = await run((c) => { c.setPartition(3, 0, [5, 6], [6]) })
    try {
      await r.walk(12)
      assert.equal(r.chain.sent.filter((s) => s.recoveries !== undefined).length, 0, 'no recovery while the file is missing')
      await rename(`${folder.sealedPath(6)}.gone`, folder.sealedPath(6))
      await r.walk(50)
      await until(() => r.chain.sent.some((s) => s.recoveries !== undefined), 2000, 'recovery declaration')
      const rec = r.chain.sent.find((s) => s.recoveries !== undefined)!
      assert.deepEqual(rec.recoveries!.map((d) => [d.Deadline, d.Partition, d.Sectors.toArray()]), [[3, 0, [6]]])
      assert.equal(rec.msg.Method, 11n)
      assert.ok(rec.height < 70 - 5, 'before the next deadline 3 fault cutoff')
      // Once the chain shows it recovering, the next proof covers it.
      r.chain.setPartition(3, 0, [5, 6], [6], [6])
      await r.walk(76)
      await until(() => r.chain.posts().some((p) => p.Deadline === 3 && p.Partitions[0]!.Skipped.isEmpty() && verifies(r.chain, 67, p.Proofs, [5, 6])), 2000, 'proof with the recovered sector')
    } finally {
      await r.sched.stop()
    }
  })

  it('submits again after the tipset that included the proof is reverted, unless the chain already shows it', async () => {
    const r = await run((c) => { c.setPartition(1, 0, [1, 2]) })
    try {
      await r.walk(14)
      await until(() => r.events.some((e) => e.type === 'landed'), 2000, 'first post landed')
      const included = r.chain.head
      r.chain.reorg([included], 'b')
      await until(() => r.chain.posts().length === 2, 2000, 'resubmission')
      await until(() => r.events.filter((e) => e.type === 'landed').length === 2, 2000, 'second post landed')
      r.chain.posted.set(1, BitField.fromArray([0]))
      r.chain.reorg([r.chain.head], 'c')
      await r.walk(19)
      assert.equal(r.chain.posts().length, 2, 'no third message: the new head already records the proof')
      assert.ok(r.events.some((e) => e.type === 'reverted'))
    } finally {
      await r.sched.stop()
    }
  })

  it('batches partitions by MaxPartitionsPerPoStMessage (and the network limit of 3)', async () => {
    const setup = (c: FakeChain): void => {
      for (let i = 0; i < 4; i++) c.setPartition(1, i, [i + 1])
    }
    const limited = await run(setup, minerConfig((c) => { c.Proving.MaxPartitionsPerPoStMessage = 2 }))
    try {
      await limited.walk(15)
      await until(() => limited.chain.posts().length >= 2, 2000, 'two batches')
      assert.deepEqual(limited.chain.posts().map((p) => p.Partitions.map((x) => x.Index)), [[0, 1], [2, 3]])
      assert.ok(verifies(limited.chain, 7, limited.chain.posts()[1]!.Proofs, [3, 4]))
    } finally {
      await limited.sched.stop()
    }
    const network = await run(setup)
    try {
      await network.walk(15)
      await until(() => network.chain.posts().length >= 2, 2000, 'two batches')
      assert.deepEqual(network.chain.posts().map((p) => p.Partitions.map((x) => x.Index)), [[0, 1, 2], [3]])
    } finally {
      await network.sched.stop()
    }
  })

  it('does nothing when DisableBuiltinWindowPoSt is set', async () => {
    const r = await run((c) => { c.setPartition(1, 0, [1, 2]) }, minerConfig((c) => { c.Proving.DisableBuiltinWindowPoSt = true }))
    try {
      await r.walk(25)
      assert.equal(r.chain.sent.length, 0)
      assert.equal(r.chain.calls.length, 0, 'not even the partitions were read')
    } finally {
      await r.sched.stop()
    }
  })

  it('counts a proof that is not ready when the deadline closes as late, and stops cleanly', async () => {
    const hanging: Pick<Prover, 'generateWindowPoSt' | 'checkProvable'> = {
      checkProvable: async (m, s) => await new DevProver().checkProvable(m, s),
      generateWindowPoSt: async () => await new Promise(() => {})
    }
    const r = await run((c) => { c.setPartition(1, 0, [1]) }, minerConfig(), hanging)
    try {
      await r.walk(21)
      await until(() => r.events.some((e) => e.type === 'late'), 2000, 'late')
      assert.equal(await counterValue(r.metrics.late), 1)
      assert.equal(r.chain.posts().length, 0)
    } finally {
      await r.sched.stop()
    }
  })

  it('skips sectors whose check exceeds SingleCheckTimeout', async () => {
    const slow: Pick<Prover, 'generateWindowPoSt' | 'checkProvable'> = {
      checkProvable: async (m, s) => s[0]!.sectorNumber === 2 ? await new Promise(() => {}) : await new DevProver().checkProvable(m, s),
      generateWindowPoSt: async (i) => await new DevProver().generateWindowPoSt(i)
    }
    const r = await run((c) => { c.setPartition(1, 0, [1, 2]) }, minerConfig((c) => { c.Proving.SingleCheckTimeout = '50ms' }), slow)
    try {
      await r.walk(15)
      await until(() => r.chain.posts().length >= 1, 2000, 'post')
      assert.deepEqual(r.chain.posts()[0]!.Partitions[0]!.Skipped.toArray(), [2])
    } finally {
      await r.sched.stop()
    }
  })
})
