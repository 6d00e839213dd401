// The mining part of `lotus-miner info` in-process against fake miner and full node APIs: the
// expected win rate from the QA power share (or the minimum-power line), the blocks won in the
// walked window, and `--blocks N` with each block's reward.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { MinerPower } from '../../../src/api/fullnode/types/miner.js'
import { TipSet, type TipSetKey } from '../../../src/chain/types/index.js'
import { winRateLines } from '../../../src/cli/lotus-miner/info.js'
import { newIdAddress, parseAddress } from '../../../src/core/address/index.js'
import { bigIntToBytes } from '../../../src/core/token/index.js'
import type { ChainEpoch } from '../../../src/core/types.js'
import { fakeCid, makeHeader } from '../chain-types/fixtures.js'
import { runLotusMiner, type CliRun } from '../../kit/miner-cli.js'

// A chain of heights 0..10, one block each; t01000 won at 3, 7 and 10 (twice at 10: WinCount 2).
const WINS = new Map([[3, 1], [7, 1], [10, 2]])
const chain: TipSet[] = []
for (let h = 0; h <= 10; h++) {
  const win = WINS.get(h)
  chain.push(TipSet.create([makeHeader({
    Height: h as ChainEpoch,
    Miner: win === undefined ? newIdAddress(1001) : newIdAddress(1000),
    ElectionProof: { WinCount: win ?? 1, VRFProof: new Uint8Array([1]) },
    Parents: h === 0 ? [fakeCid('genesis')] : [...chain[h - 1]!.cids],
    Timestamp: Math.floor(Date.now() / 1000)
  })]))
}
const byKey = new Map(chain.map((ts) => [ts.key.toString(), ts]))

function power (mine: bigint, total: bigint, hasMin = true): MinerPower {
  return { MinerPower: { RawBytePower: mine, QualityAdjPower: mine }, TotalPower: { RawBytePower: total, QualityAdjPower: total }, HasMinPower: hasMin }
}

let pow = power(1024n, 40960n)
const miner = {
  RuntimeSubsystems: async () => ['Mining', 'Sealing', 'SectorStorage'],
  StartTime: async () => new Date(),
  ActorAddress: async () => parseAddress('t01000'),
  ActorSectorSize: async () => 2048,
  close: async () => {}
}
const full = {
  ChainHead: async () => chain[10]!,
  ChainGetTipSet: async (key: TipSetKey) => byKey.get(key.toString()) ?? assert.fail(`unknown tipset ${key.toString()}`),
  Version: async () => ({ Version: 'fake', APIVersion: 0, BlockDelay: 30 }),
  StateMinerPower: async () => pow,
  StateMinerSectorCount: async () => ({ Live: 1, Active: 1, Faulty: 0 }),
  // Nelumbo's reward state as StateReadState prints it: a tuple whose first field is ThisEpochReward (100 FIL).
  StateReadState: async () => ({ Balance: 0n, Code: fakeCid('reward'), State: [Buffer.from(bigIntToBytes(100n * 10n ** 18n)).toString('base64')] }),
  close: async () => {}
}

const run = async (args: string[]): Promise<CliRun> => await runLotusMiner(args, { miner, full })

test('info: win rate and blocks won after the power lines, then a blank line', async () => {
  pow = power(1024n, 40960n)
  const r = await run(['info', '--hide-sectors-info'])
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /\tProving: 2 KiB\nExpected block win rate: 360\.0000\/day \(every 4m0s\)\nBlocks won: 3 in the last 10 epochs \(last at epoch 10\)\n\nMiner Balance:/)
})

test('info: below the minimum power no block will be won', async () => {
  pow = power(1024n, 40960n, false)
  const r = await run(['info', '--hide-sectors-info'])
  assert.equal(r.code, 0, r.stderr)
  assert.match(r.stdout, /\nBelow minimum power threshold, no blocks will be won\nBlocks won: 3 in the last 10 epochs \(last at epoch 10\)\n/)
})

test('info --blocks N: the newest blocks with WinCount × ThisEpochReward / 5', async () => {
  pow = power(1024n, 40960n)
  const r = await run(['info', '--hide-sectors-info', '--blocks', '2'])
  assert.equal(r.code, 0, r.stderr)
  const tail = r.stdout.slice(r.stdout.indexOf('Produced newest blocks:'))
  assert.equal(tail, [
    'Produced newest blocks:',
    ' Epoch   | Block ID                                                       | Reward',
    `      10 | ${chain[10]!.cids[0]!.toString()} | 40 FIL`,
    `       7 | ${chain[7]!.cids[0]!.toString()} | 20 FIL`,
    ''
  ].join('\n'))
  const all = await run(['info', '--hide-sectors-info', '--blocks', '9'])
  assert.equal(all.stdout.slice(all.stdout.indexOf('Produced newest blocks:')).split('\n').length, 6, 'stops at genesis with the 3 blocks there are')
  const bad = await run(['info', '--blocks', 'x'])
  assert.equal(bad.code, 1)
  assert.match(bad.stderr, /invalid value "x" for flag --blocks/)
})

test('win rate: Lotus\'s millionths share, capped at one win an epoch', () => {
  assert.deepEqual(winRateLines(power(1n, 1n), 30), ['Expected block win rate: 2880.0000/day (every 30s)'])
  assert.deepEqual(winRateLines(power(1n, 10_000_000n), 30), [], 'a share below a millionth prints nothing, as Lotus')
  assert.deepEqual(winRateLines(power(3n, 1000n), 4), ['Expected block win rate: 324.0000/day (every 4m26s)'])
})
