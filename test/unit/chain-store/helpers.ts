// Builds small chains of tipsets for the chain-store tests.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseCid } from '../../../src/core/cid.js'
import type { ChainEpoch } from '../../../src/core/types.js'
import { TipSet, type BlockHeader } from '../../../src/chain/types/index.js'
import type { ChainStore } from '../../../src/chain/store/index.js'
import { devnetWeight } from '../../../src/chain/store/index.js'
import { fakeCid, makeHeader } from '../chain-types/fixtures.js'

export function tempDir (): { dir: string, cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'nelumbo-chain-'))
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) }
}

/** The MsgMeta of a block without messages (store it with `putBlockMessages([], [])`). */
export const EMPTY_MSGMETA = parseCid('bafy2bzacecmda75ovposbdateg7eyhwij65zklgyijgcjwynlklmqazpwlhba')

export function genesis (): TipSet {
  return TipSet.create([makeHeader({ Height: 0 as ChainEpoch, Parents: [fakeCid('genesis-dummy')], ParentWeight: 0n, ElectionProof: null, Messages: EMPTY_MSGMETA })])
}

/** A child of `parent` at `height` with one block per label (labels make tickets differ). */
export function child (parent: TipSet, height: number, labels: string[] = ['a'], over: Partial<BlockHeader> = {}): TipSet {
  return TipSet.create(labels.map((l) => makeHeader({
    Height: height as ChainEpoch,
    Parents: [...parent.cids],
    ParentWeight: devnetWeight(parent),
    Ticket: { VRFProof: new TextEncoder().encode(`${l}@${height}`) },
    Messages: EMPTY_MSGMETA,
    ...over
  })))
}

/** Stores and returns a chain: genesis then one tipset per height in `heights`. */
export async function buildChain (cs: ChainStore, from: TipSet, heights: number[], label = 'a'): Promise<TipSet[]> {
  const out: TipSet[] = []
  let cur = from
  for (const h of heights) {
    cur = child(cur, h, [label])
    await cs.putTipSet(cur)
    out.push(cur)
  }
  return out
}
