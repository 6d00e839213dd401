import type { ChainEpoch } from '../../core/types.js'
import type { BeaconEntry, TipSet, TipSetKey } from '../types/index.js'
import type { RandomBeacon } from './local-beacon.js'

/** How far back Lotus looks for the latest beacon entry (`GetLatestBeaconEntry`). */
const LatestEntrySearchDepth = 20

/** The entry a chain has before any block carries one: round 0, as Lotus's genesis block. */
export const genesisBeaconEntry: BeaconEntry = Object.freeze({ Round: 0, Data: new Uint8Array(32) })

/**
 * The last beacon entry on the chain ending at `ts` (Lotus `GetLatestBeaconEntry`): the last
 * entry of the first tipset, walking back at most 20 tipsets, that has any. A genesis without
 * entries counts as round 0.
 */
export async function latestBeaconEntry (loadTipSet: (key: TipSetKey) => Promise<TipSet>, ts: TipSet): Promise<BeaconEntry | undefined> {
  let cur = ts
  for (let i = 0; i < LatestEntrySearchDepth; i++) {
    const entries = cur.blocks[0]!.BeaconEntries
    if (entries.length > 0) return entries[entries.length - 1]!
    if (cur.height === 0) return genesisBeaconEntry
    cur = await loadTipSet(cur.parents)
  }
  return undefined
}

/**
 * The rounds a block at `epoch` must carry after the chain's latest entry `prev` (Lotus
 * `BeaconEntriesForBlock`): each round after `prev` up to the epoch's max round. After a
 * round-0 entry (genesis) only the max round is carried.
 */
export function beaconRoundsForBlock (beacon: RandomBeacon, epoch: ChainEpoch, prev: BeaconEntry): number[] {
  const maxRound = beacon.maxBeaconRoundForEpoch(epoch)
  if (maxRound === prev.Round) return []
  const from = prev.Round === 0 ? maxRound : prev.Round + 1
  const rounds: number[] = []
  for (let r = from; r <= maxRound; r++) rounds.push(r)
  return rounds
}

/** The entries a block at `epoch` carries (the miner puts them in `BeaconValues`). */
export async function beaconEntriesForBlock (beacon: RandomBeacon, epoch: ChainEpoch, prev: BeaconEntry): Promise<BeaconEntry[]> {
  const out: BeaconEntry[] = []
  for (const r of beaconRoundsForBlock(beacon, epoch, prev)) out.push(await beacon.entry(r))
  return out
}

/**
 * Why a block's beacon entries are wrong, or undefined when right (Lotus
 * `ValidateBlockValues`): exactly the rounds {@link beaconRoundsForBlock} names, in order,
 * each a valid entry of the beacon.
 */
export function beaconEntriesProblem (beacon: RandomBeacon, epoch: ChainEpoch, entries: readonly BeaconEntry[], prev: BeaconEntry): string | undefined {
  const rounds = beaconRoundsForBlock(beacon, epoch, prev)
  if (rounds.length === 0) {
    return entries.length === 0 ? undefined : `expected not to have any beacon entries in this block, got ${entries.length}`
  }
  if (entries.length === 0) return 'expected to have beacon entries in this block, but didn\'t find any'
  const last = entries[entries.length - 1]!
  const maxRound = rounds[rounds.length - 1]!
  if (last.Round !== maxRound) return `expected final beacon entry in block to be at round ${maxRound}, got ${last.Round}`
  if (entries.length !== rounds.length) return `expected beacon entries for rounds ${rounds[0]!}..${maxRound} (${rounds.length}), got ${entries.length}`
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i]!
    if (e.Round !== rounds[i]) return `beacon entry ${i} is for round ${e.Round}, expected ${rounds[i]!}`
    const check = beacon.verifyEntry(e)
    if (!check.valid) return `beacon entry ${i} (${e.Round}) was invalid: ${check.reason}`
  }
  return undefined
}
