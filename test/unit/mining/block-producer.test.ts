import { strict as assert } from 'node:assert'
import { after, before, describe, it } from 'node:test'
import { Registry } from 'prom-client'
import { TipSet } from '../../../src/chain/types/index.js'
import { winningPoStRandomness } from '../../../src/proofs/election.js'
import type { ChainEpoch, SectorNumber } from '../../../src/core/types.js'
import {
  BlockProducer, blockProductionMetrics, counterValue, sectorDirFiles, walletSigner, type BlockProducerOptions, type MiningChainApi,
  type RoundResult
} from '../../../src/mining/index.js'
import { DevProver, DevVerifier } from '../../../src/proofs/index.js'
import { makeHeader } from '../chain-types/fixtures.js'
import { bytes32, FakeChain, MINER, quietLog, SectorFolder, until, WORKER } from './fakes.js'

const BLOCK_DELAY = 60

let folder: SectorFolder
before(async () => {
  folder = await SectorFolder.create()
  await folder.seal(1)
})
after(async () => { await folder.cleanup() })

interface Setup {
  /** Power per round: 1n makes the miner the whole network (wins ~99% of rounds), 0n never wins. */
  power?: (round: number) => bigint
  eligible?: (round: number) => boolean | null
  /** Called as MinerCreateBlock makes a block for `epoch`. */
  onCreate?: (epoch: number) => void
  /** Epoch length in ms; default BLOCK_DELAY. Timing-sensitive checks use a longer one so a loaded machine stays on time. */
  blockDelayMs?: number
}

interface Run {
  chain: FakeChain
  producer: BlockProducer
  rounds: RoundResult[]
  created: number
  submitted: TipSet[]
  calls: Set<string>
  metrics: ReturnType<typeof blockProductionMetrics>
}

async function run (setup: Setup = {}, options: Partial<BlockProducerOptions> = {}): Promise<Run> {
  const blockDelayMs = setup.blockDelayMs ?? BLOCK_DELAY
  const genesisTimestamp = Math.floor(Date.now() / 1000) - 1
  const startEpoch = Math.floor((Date.now() - genesisTimestamp * 1000) / blockDelayMs)
  const chain = new FakeChain(startEpoch)
  const r: Run = { chain, producer: undefined as never, rounds: [], created: 0, submitted: [], calls: new Set(), metrics: blockProductionMetrics(new Registry()) }
  chain.hooks.MinerGetBaseInfo = async (_m, round) => {
    const e = setup.eligible === undefined ? true : setup.eligible(round)
    if (e === null) return null
    const power = setup.power?.(round) ?? 1n
    return {
      MinerPower: power,
      NetworkPower: 1n,
      Sectors: [{ SealProof: 5, SectorNumber: 1 as SectorNumber, SectorKey: null, SealedCID: folder.sealed.get(1)! }],
      WorkerKey: WORKER,
      SectorSize: 2048,
      PrevBeaconEntry: { Round: 1, Data: bytes32('beacon') },
      BeaconEntries: [{ Round: round, Data: bytes32(`beacon-${round}`) }],
      EligibleForMining: e
    }
  }
  chain.hooks.MinerCreateBlock = async (bt) => {
    r.created++
    setup.onCreate?.(bt.Epoch)
    const header = makeHeader({
      Miner: bt.Miner, Height: bt.Epoch, Parents: [...bt.Parents.cids], Ticket: bt.Ticket, ElectionProof: bt.Eproof, Timestamp: bt.Timestamp,
      WinPoStProof: bt.WinningPoStProof, BeaconEntries: bt.BeaconValues
    })
    return { Header: header, BlsMessages: [], SecpkMessages: [] }
  }
  chain.hooks.SyncSubmitBlock = async (blk) => {
    const ts = TipSet.create([blk.Header!])
    r.submitted.push(ts)
    chain.head = ts
    chain.advanceTo(ts)
  }
  // Records every method the producer calls on the node.
  const api = new Proxy(chain.api, {
    get: (target, key: string) => {
      r.calls.add(key)
      return target[key as keyof MiningChainApi]
    }
  })
  r.producer = new BlockProducer(
    { chain: api, sign: walletSigner(api), prover: new DevProver(), sectors: sectorDirFiles(folder.dir), log: quietLog, metrics: r.metrics },
    { miner: MINER, blockDelayMs, propagationDelayMs: 5, genesisTimestamp, onRound: (x) => { r.rounds.push(x) }, ...options })
  await r.producer.start()
  return r
}

describe('block producer', () => {
  it('wins on eligible bases: valid Winning PoSt, chained tickets, each block on the previous one, at its epoch', async () => {
    const r = await run()
    try {
      await until(() => r.submitted.length >= 4, 5000, 'four blocks')
      await r.producer.stop()
      const blocks = r.submitted.map((ts) => ts.blocks[0]!)
      for (let i = 1; i < blocks.length; i++) {
        const parent = r.submitted[i - 1]!
        const b = blocks[i]!
        if (b.Height !== parent.height + 1) continue
        assert.deepEqual(b.Parents.map((c) => c.toString()), parent.cids.map((c) => c.toString()))
      }
      for (const b of blocks) {
        assert.ok(b.ElectionProof!.WinCount >= 1)
        const ok = new DevVerifier().verifyWinningPoSt({
          randomness: winningPoStRandomness(bytes32(`beacon-${b.Height}`), b.Height, MINER),
          proofs: b.WinPoStProof.map((p) => ({ postProof: p.PoStProof as 0, proofBytes: p.ProofBytes })),
          challengedSectors: [{ sealProof: 5, sectorNumber: 1 as SectorNumber, sealedCid: folder.sealed.get(1)! }],
          prover: 1000n as never
        })
        assert.ok(ok, `block ${b.Height}: Winning PoSt verifies`)
        assert.equal(b.Timestamp, Math.floor((r.producer as unknown as { clock: { epochStartMs: (e: ChainEpoch) => number } }).clock.epochStartMs(b.Height) / 1000))
      }
      const status = r.producer.status()
      assert.equal(status.blocksWon, r.submitted.length)
      assert.equal(status.lastWinEpoch, blocks[blocks.length - 1]!.Height)
      assert.equal(status.eligible, true)
      assert.equal(await counterValue(r.metrics.blocksWon), r.submitted.length)
      assert.equal(await counterValue(r.metrics.eligible), 1)
    } finally {
      await r.producer.stop()
    }
  })

  it('skips ineligible bases and a missing base info without making blocks', async () => {
    const r = await run({ eligible: (round) => round % 2 === 0 ? false : null })
    try {
      await until(() => r.rounds.length >= 3, 5000, 'three rounds')
      assert.ok(r.rounds.every((x) => x.outcome === 'ineligible'))
      assert.ok(r.rounds.some((x) => /no mining base info/.test(x.detail ?? '')))
      assert.equal(r.created, 0)
      assert.equal(r.producer.status().eligible, false)
      assert.equal(await counterValue(r.metrics.eligible), 0)
    } finally {
      await r.producer.stop()
    }
  })

  it('tries the next epoch on the same base after null rounds', async () => {
    let asked = 0
    // Lose the first two rounds after the start, then win.
    const r = await run({ power: () => ++asked <= 2 ? 0n : 1n })
    try {
      await until(() => r.submitted.length >= 1, 5000, 'a block after two null rounds')
      const [a, b, c] = r.rounds
      assert.deepEqual([a!.outcome, b!.outcome], ['lost', 'lost'])
      assert.equal(c!.outcome, 'won')
      // Normally 0, 1, 2; a loaded machine may skip rounds that are already over.
      assert.ok(a!.nullRounds < b!.nullRounds && b!.nullRounds < c!.nullRounds, 'null rounds grow')
      assert.ok(a!.base.equals(b!.base) && b!.base.equals(c!.base), 'same base')
      const blk = r.submitted[0]!.blocks[0]!
      assert.equal(blk.Height, a!.base.height + c!.nullRounds + 1)
      assert.deepEqual(blk.Parents.map((x) => x.toString()), a!.base.cids.map((x) => x.toString()))
    } finally {
      await r.producer.stop()
    }
  })

  it('moves to a new head another miner produced', async () => {
    const r = await run({ power: () => 0n })
    try {
      await until(() => r.rounds.length >= 1, 5000, 'a round')
      const other = r.chain.advance(r.chain.head.height + 1, 'other')
      await until(() => r.rounds.some((x) => x.base.equals(other)), 5000, 'a round on the new head')
      const onNew = r.rounds.find((x) => x.base.equals(other))!
      assert.equal(onNew.round, other.height + onNew.nullRounds + 1)
      assert.ok(r.rounds.filter((x) => x.base.equals(other)).every((x) => x.round > other.height))
    } finally {
      await r.producer.stop()
    }
  })

  it('asks only the full node slice it declares: chain, mpool, wallet, and nothing else', async () => {
    const r = await run()
    try {
      await until(() => r.submitted.length >= 1, 5000, 'a block')
    } finally {
      await r.producer.stop()
    }
    const allowed = new Set(['ChainNotify', 'ChainGetGenesis', 'MinerGetBaseInfo', 'MinerCreateBlock', 'SyncSubmitBlock', 'MpoolPending', 'WalletSign'])
    for (const k of r.calls) assert.ok(allowed.has(k), `unexpected call ${k}`)
  })

  it('reports a Winning PoSt that cannot be computed as an error round and keeps going', async () => {
    const r = await run({}, { errorBackoffMs: 10 })
    try {
      // Point the sector at a sealed CID it does not have: the proof cannot be made.
      r.chain.hooks.MinerGetBaseInfo = async (_m, round) => ({
        MinerPower: 1n, NetworkPower: 1n, Sectors: [{ SealProof: 5, SectorNumber: 9 as SectorNumber, SectorKey: null, SealedCID: folder.sealed.get(1)! }],
        WorkerKey: WORKER, SectorSize: 2048, PrevBeaconEntry: { Round: 1, Data: bytes32('beacon') }, BeaconEntries: [{ Round: round, Data: bytes32(`b-${round}`) }], EligibleForMining: true
      })
      await until(() => r.rounds.filter((x) => x.outcome === 'error').length >= 2, 5000, 'two failed rounds')
      assert.equal(r.producer.status().running, true)
    } finally {
      await r.producer.stop()
    }
  })

  it('counts a block finished more than one block delay after its epoch began as late, and still submits it', async () => {
    // The producer's clock jumps three block delays ahead while the first block is being made:
    // it is then at least two block delays late, whatever the machine's load.
    const blockDelayMs = 1000
    let offset = 0
    let lateEpoch: number | undefined
    const r = await run({
      blockDelayMs,
      onCreate: (epoch) => {
        if (lateEpoch !== undefined) return
        lateEpoch = epoch
        offset = 3 * blockDelayMs
      }
    }, { now: () => Date.now() + offset })
    try {
      await until(() => r.submitted.length >= 1, 5000, 'the late block submitted')
      await r.producer.stop()
      assert.equal(r.submitted[0]!.height, lateEpoch, 'the late block is the one submitted')
      assert.equal(await counterValue(r.metrics.blocksLate), 1)
      assert.equal(await counterValue(r.metrics.blocksWon), r.submitted.length)
      const won = r.rounds.find((x) => x.outcome === 'won')!
      assert.equal(won.round, lateEpoch)
      assert.equal(won.block!.Height, lateEpoch)
      const text = await r.metrics.blocksLate.get()
      assert.equal(text.name, 'lotus_miner_blocks_late_total')
    } finally {
      await r.producer.stop()
    }
  })

  it('leaves the late-block counter at 0 for blocks made on time', async () => {
    const r = await run({ blockDelayMs: 1000 })
    try {
      await until(() => r.submitted.length >= 2, 10_000, 'two blocks')
      await r.producer.stop()
      assert.equal(await counterValue(r.metrics.blocksWon), r.submitted.length)
      assert.equal(await counterValue(r.metrics.blocksLate), 0)
    } finally {
      await r.producer.stop()
    }
  })
})
