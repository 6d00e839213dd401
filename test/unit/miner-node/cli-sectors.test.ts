// `lotus-miner sectors list` and `sectors status` in-process against fake miner and full node
// APIs: Lotus's columns (OnChain/Active from the chain, Expiration as EpochTime, CC versus deal
// counts, DealWeight), removed sectors hidden, and the status labels.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CID } from 'multiformats/cid'
import type { SectorInfo } from '../../../src/api/sealing.js'
import { parseAddress } from '../../../src/core/address/index.js'
import { runLotusMiner, type CliRun } from '../../kit/miner-cli.js'

const commD = CID.parse('baga6ea4seaqjoutusj33a5i3z6yls2ubhmpghgg42cmttjisal2twpiku4uuwcq')

function info (n: number, over: Partial<SectorInfo>): SectorInfo {
  return {
    SectorID: n, State: 'Proving', CommD: commD, CommR: null, Proof: null, Deals: [], Pieces: [], Ticket: { Value: null, Epoch: 0 },
    Seed: { Value: null, Epoch: 0 }, PreCommitMsg: null, CommitMsg: null, Retries: 0, ToUpgrade: false, ReplicaUpdateMessage: null,
    LastErr: '', Log: [{ Kind: 'event;sealing.SectorRestart', Timestamp: 1_800_000_000, Trace: '', Message: 'imported' }],
    SealProof: 5, Activation: 0, Expiration: 1000, DealWeight: 0n, VerifiedDealWeight: 0n, InitialPledge: 0n, OnTime: 0, Early: 0,
    ...over
  } as unknown as SectorInfo
}

const sectors = [
  info(0, {}),
  info(1, { Deals: [5] as never, DealWeight: 2048n * 1000n }),
  info(2, { State: 'PreCommit1', Expiration: 0 as never, LastErr: 'ticket expired' }),
  info(3, { State: 'Removed' })
]

const miner = {
  ActorAddress: async () => parseAddress('t01000'),
  SectorsList: async () => sectors.map((s) => s.SectorID),
  SectorsListInStates: async (states: string[]) => sectors.filter((s) => states.includes(s.State)).map((s) => s.SectorID),
  SectorsStatus: async (n: number) => sectors[n]!,
  close: async () => {}
}
const full = {
  ChainHead: async () => ({ height: 100 }),
  Version: async () => ({ Version: 'fake', APIVersion: 0, BlockDelay: 30 }),
  StateMinerSectors: async () => [{ SectorNumber: 0 }, { SectorNumber: 1 }],
  StateMinerActiveSectors: async () => [{ SectorNumber: 0 }],
  close: async () => {}
}

const run = async (args: string[]): Promise<CliRun> => await runLotusMiner(args, { miner, full })

test('sectors list: Lotus columns, chain membership, removed sectors hidden unless asked', async () => {
  const r = await run(['sectors', 'list'])
  assert.equal(r.code, 0, r.stderr)
  const lines = r.stdout.trimEnd().split('\n')
  assert.match(lines[0]!, /^ID {2}State {7}OnChain {2}Active {2}Expiration {20}Deals {2}DealWeight {2}$/)
  assert.match(lines[1]!, /^0 {3}Proving {5}YES {6}YES {5}1000 \(in 7 hours 30 minutes\) {2}CC/)
  assert.match(lines[2]!, /^1 {3}Proving {5}YES {6}NO {6}1000 \(in 7 hours 30 minutes\) {2}1 {6}2KiB/)
  assert.match(lines[3]!, /^2 {3}PreCommit1 {2}NO {7}NO {6}n\/a/)
  assert.equal(lines.length, 4)
  const all = await run(['sectors', 'list', '--show-removed', '--fast'])
  assert.match(all.stdout, /\n3 +Removed /)
})

test('sectors status prints the tab-aligned labels and the event log', async () => {
  const r = await run(['sectors', 'status', '--log', '2'])
  assert.equal(r.code, 0, r.stderr)
  assert.equal(r.stdout, [
    'SectorID:\t2', 'Status:\t\tPreCommit1', `CIDcommD:\t${commD.toString()}`, 'CIDcommR:\t<nil>', 'Ticket:\t\t', 'TicketH:\t0',
    'Seed:\t\t', 'SeedH:\t\t0', 'Precommit:\t<nil>', 'Commit:\t\t<nil>', 'Deals:\t\t[]', 'Retries:\t0', 'Last Error:\t\tticket expired',
    '--------', 'Event Log:', '0.\t2027-01-15 08:00:00 +0000 UTC:\t[event;sealing.SectorRestart]\timported', ''
  ].join('\n'))
  const bad = await run(['sectors', 'status', 'x'])
  assert.equal(bad.code, 1)
  assert.match(bad.stderr, /could not parse sector number/)
})
