/**
 * The miner's blocks for `lotus-miner info`: how many it won lately (Nelumbo's addition, from a
 * bounded walk back from the head) and `--blocks N` (Lotus v1.20 `producedBlocks`): its N newest
 * blocks with their rewards, miner fees excluded.
 */
import type { FullNodeApi } from '../../api/fullnode/index.js'
import { RewardActorAddr } from '../../chain/actors/builtin/addresses.js'
import { ExpectedLeadersPerEpoch } from '../../chain/actors/builtin/reward/state.js'
import type { TipSet } from '../../chain/types/index.js'
import type { Address } from '../../core/address/index.js'
import { NelumboError } from '../../core/errors.js'
import { bigIntFromBytes, formatFil } from '../../core/token/index.js'
import type { TokenAmount } from '../../core/types.js'

/** How far back `info` looks for blocks the miner won, in epochs. */
export const BLOCKS_WON_WINDOW = 1000

/** Tipsets from `from` back towards genesis, while `more` holds for the next one's height. */
async function * walkBack (full: Pick<FullNodeApi, 'ChainGetTipSet'>, from: TipSet, more: (height: number) => boolean): AsyncGenerator<TipSet> {
  let ts = from
  for (;;) {
    yield ts
    if (ts.height === 0 || ts.parents.isEmpty) return
    ts = await full.ChainGetTipSet(ts.parents)
    if (!more(ts.height)) return
  }
}

/** `Blocks won: N in the last W epochs (last at epoch E)`, over the last {@link BLOCKS_WON_WINDOW} epochs. */
export async function blocksWonLine (full: Pick<FullNodeApi, 'ChainGetTipSet'>, head: TipSet, maddr: Address): Promise<string> {
  const window = Math.min(BLOCKS_WON_WINDOW, head.height)
  const from = head.height - window
  let won = 0
  let last: number | undefined
  for await (const ts of walkBack(full, head, (h) => h > from)) {
    for (const b of ts.blocks) {
      if (!b.Miner.equals(maddr)) continue
      won++
      last ??= ts.height
    }
  }
  return `Blocks won: ${won} in the last ${window} epochs${last === undefined ? '' : ` (last at epoch ${last})`}`
}

/**
 * Lotus `producedBlocks`: the miner's `count` newest blocks, each with WinCount × the reward
 * actor's ThisEpochReward / ExpectedLeadersPerEpoch at its tipset. Stops early at genesis.
 */
export async function producedBlocks (full: Pick<FullNodeApi, 'ChainGetTipSet' | 'StateReadState'>, head: TipSet, maddr: Address, count: number): Promise<string> {
  let text = ' Epoch   | Block ID                                                       | Reward\n'
  let left = count
  for await (const ts of walkBack(full, head, () => left > 0)) {
    for (const [i, b] of ts.blocks.entries()) {
      if (left <= 0 || !b.Miner.equals(maddr)) continue
      const perEpoch = await epochReward(full, ts)
      const reward = BigInt(b.ElectionProof?.WinCount ?? 0) * perEpoch / ExpectedLeadersPerEpoch
      text += `${String(ts.height).padStart(8)} | ${ts.cids[i]!.toString()} | ${formatFil(reward)}\n`
      left--
    }
    if (left <= 0) break
  }
  return text
}

/** ThisEpochReward from the reward actor's state at `ts` (the first field of Nelumbo's reward state tuple). */
async function epochReward (full: Pick<FullNodeApi, 'StateReadState'>, ts: TipSet): Promise<TokenAmount> {
  const st = await full.StateReadState(RewardActorAddr, ts.key)
  const first = Array.isArray(st.State) ? (st.State as unknown[])[0] : undefined
  if (typeof first !== 'string') {
    throw new NelumboError('ERR_REWARD_STATE', `the reward actor state at epoch ${ts.height} has no ThisEpochReward (state read: ${JSON.stringify(st.State)})`)
  }
  return bigIntFromBytes(Buffer.from(first, 'base64'), `reward actor ThisEpochReward at epoch ${ts.height}`) as TokenAmount
}
