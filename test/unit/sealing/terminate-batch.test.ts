// The TerminateBatcher: sectors wait in the queue (SectorTerminatePending) until a flush, a full
// batch (TerminateBatchMax) or the wait; one TerminateSectors carries every partition that is
// outside the previous/current/next deadline; sectors no longer live settle with no message.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { decode } from '@ipld/dag-cbor'
import { BitField } from '../../../src/core/bitfield/index.js'
import { defaultsOf, minerConfigSchema, type MinerConfig } from '../../../src/repo/config/index.js'
import { LogRegistry } from '../../../src/log/index.js'
import { TerminateBatcher } from '../../../src/sealing/terminate-batch.js'
import { FakeChain, MINER } from './fakes.js'

/** Sector n sits in deadline n % 4, partition 0; `live` sectors are live on chain; deadline 0 is current. */
class PartitionChain extends FakeChain {
  live = new Set([1, 2, 3, 5, 6, 7])
  current = 0
  sent: unknown[][] = []
  override StateSectorPartition: FakeChain['StateSectorPartition'] = async (_m, n) => ({ Deadline: n % 4, Partition: 0 })
  override StateMinerPartitions: FakeChain['StateMinerPartitions'] = async (_m, dl) => [{
    AllSectors: BitField.empty(), FaultySectors: BitField.empty(), RecoveringSectors: BitField.empty(), ActiveSectors: BitField.empty(),
    LiveSectors: BitField.fromArray([...this.live].filter((n) => n % 4 === dl))
  }]

  override StateMinerProvingDeadline: FakeChain['StateMinerProvingDeadline'] = async () => ({ Index: this.current, WPoStPeriodDeadlines: 4 }) as never
  constructor () {
    super()
    const push = this.MpoolPushMessage
    this.MpoolPushMessage = async (msg, spec) => {
      this.sent.push((decode(msg.Params) as unknown[][])[0]!)
      return await push({ ...msg, Params: new Uint8Array([0x80]) }, spec)
    }
  }
}

function setup (edit?: (c: MinerConfig) => void): { chain: PartitionChain, batcher: TerminateBatcher } {
  const chain = new PartitionChain()
  const config = defaultsOf(minerConfigSchema)
  edit?.(config)
  const batcher = new TerminateBatcher({ chain, miner: MINER, config: () => config, log: new LogRegistry({ levels: 'error' }).logger('sectors') })
  batcher.start()
  return { chain, batcher }
}

const declared = (chain: PartitionChain): Array<{ deadline: number, sectors: number[] }> =>
  chain.sent.flatMap((terms) => (terms as unknown[][]).map((t) => ({ deadline: t[0] as number, sectors: [...BitField.decode(t[2] as Uint8Array).values()] })))

test('queued terminations wait for a flush; partitions in the proving window stay queued', async () => {
  const { chain, batcher } = setup()
  const signal = new AbortController().signal
  const waits = [1, 2, 5, 6].map((n) => batcher.add(n, signal))
  await new Promise((resolve) => setImmediate(resolve))
  assert.deepEqual(batcher.pending(), [1, 2, 5, 6])
  assert.equal(chain.sent.length, 0, 'a batch below TerminateBatchMax is not sent on its own')
  // Current deadline 0: deadlines 3, 0 and 1 are held back, deadline 2 goes.
  const cid = await batcher.flush()
  assert.ok(cid !== null)
  assert.deepEqual(declared(chain), [{ deadline: 2, sectors: [2, 6] }])
  assert.deepEqual(batcher.pending(), [1, 5])
  assert.equal((await waits[1])?.toString(), cid.toString())
  chain.current = 3
  const second = await batcher.flush()
  assert.deepEqual(declared(chain).slice(1), [{ deadline: 1, sectors: [1, 5] }])
  assert.equal((await waits[0])?.toString(), second?.toString())
  assert.equal(await batcher.flush(), null)
  batcher.stop()
})

test('a full batch goes at once; a sector no longer live settles with no message', async () => {
  const { chain, batcher } = setup((c) => { c.Sealing.TerminateBatchMax = 2 })
  const signal = new AbortController().signal
  assert.equal(await batcher.add(4, signal), null, 'sector 4 is not live')
  const [a, b] = await Promise.all([batcher.add(2, signal), batcher.add(6, signal)])
  assert.ok(a !== null)
  assert.equal(a.toString(), b?.toString())
  assert.deepEqual(declared(chain), [{ deadline: 2, sectors: [2, 6] }])
  chain.current = 2
  const gone = batcher.add(3, signal)
  await new Promise((resolve) => setImmediate(resolve))
  chain.live.delete(3)
  chain.current = 1
  assert.equal(await batcher.flush(), null)
  assert.equal(await gone, null)
  assert.deepEqual(batcher.pending(), [])
  batcher.stop()
})
