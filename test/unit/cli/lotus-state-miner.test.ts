// `lotus state` over the storage actors (miner-info, power, sectors, sector, market balance,
// get-deal, list-miners, …) run in-process against a fake FullNode API: Lotus v1.20's exact
// lines, `--tipset` reaching every call, and the refusals of bad arguments.
import { test } from 'node:test'
import assert from 'node:assert/strict'
import { CID } from 'multiformats/cid'
import { create as digest } from 'multiformats/hashes/digest'
import type { Contract } from '../../../src/api/index.js'
import { builtinActorCode } from '../../../src/chain/actors/index.js'
import type { CliIo } from '../../../src/cli/io.js'
import { lotusProgram } from '../../../src/cli/lotus/index.js'
import { executeProgram } from '../../../src/cli/program.js'
import { parseAddress } from '../../../src/core/address/index.js'

const FIL = 10n ** 18n
const a = (s: string): ReturnType<typeof parseAddress> => parseAddress(s)
const sealed = (n: number): CID => CID.create(1, 0xf102, digest(0x1012, new Uint8Array(32).fill(n)))
const pieceCid = CID.create(1, 0xf101, digest(0x1012, new Uint8Array(32).fill(9)))

// /ip4/127.0.0.1/tcp/24001 and /ip6/::1/udp/1234/quic-v1 in binary.
const ip4 = Uint8Array.from([0x04, 127, 0, 0, 1, 0x06, 0x5d, 0xc1])
const ip6 = Uint8Array.from([0x29, ...new Uint8Array(15), 1, 0x91, 0x02, 0x04, 0xd2, 0xcd, 0x03])

interface FakeTipSet { key: { name: string }, height: number, minTimestamp: number, cids: CID[] }
const head: FakeTipSet = { key: { name: 'head' }, height: 100, minTimestamp: 1_800_000_000, cids: [] }
const at5: FakeTipSet = { key: { name: '@5' }, height: 5, minTimestamp: 1_799_997_150, cids: [] }

const minerInfo = {
  Owner: a('t0100'),
  Worker: a('t0101'),
  NewWorker: null,
  ControlAddresses: [a('t0102'), a('t0103')],
  WorkerChangeEpoch: -1,
  PeerId: '12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf',
  Multiaddrs: [ip4, ip6],
  WindowPoStProofType: 5,
  SectorSize: 2048,
  WindowPoStPartitionSectors: 2349,
  ConsensusFaultElapsed: -1,
  PendingOwnerAddress: null,
  Beneficiary: a('t0104'),
  BeneficiaryTerm: { Quota: FIL, UsedQuota: 0n, Expiration: 5000 },
  PendingBeneficiaryTerm: { NewBeneficiary: a('t0105'), NewQuota: 2n * FIL, NewExpiration: 6000, ApprovedByBeneficiary: true, ApprovedByNominee: false }
}

const sectorInfo = (n: number): object => ({
  SectorNumber: n,
  SealProof: 5,
  SealedCID: sealed(n),
  DealIDs: n === 1 ? [5, 7] : [],
  Activation: 10,
  Expiration: 2980,
  DealWeight: 123n,
  VerifiedDealWeight: 0n,
  InitialPledge: FIL / 10n,
  ExpectedDayReward: 0n,
  ExpectedStoragePledge: 25n * FIL / 1000n,
  ReplacedSectorAge: 0,
  ReplacedDayReward: 0n,
  SectorKeyCID: null,
  SimpleQAPower: false
})

const deal = (provider: string, started: boolean): object => ({
  Proposal: {
    PieceCID: pieceCid,
    PieceSize: 2048,
    VerifiedDeal: false,
    Client: a('t0100'),
    Provider: a(provider),
    Label: 'hello <x>',
    StartEpoch: 200,
    EndEpoch: 600000,
    StoragePricePerEpoch: 0n,
    ProviderCollateral: 0n,
    ClientCollateral: 0n
  },
  State: { SectorStartEpoch: started ? 150 : -1, LastUpdatedEpoch: -1, SlashEpoch: -1, VerifiedClaim: 0 }
})

function fakeFullNode (calls: Array<[string, unknown]>): Record<string, unknown> {
  // Every State* call records the tipset key it was asked about.
  const state = (name: string, answer: (...args: never[]) => unknown) => async (...args: unknown[]) => {
    calls.push([name, args[args.length - 1]])
    return answer(...(args as never[]))
  }
  const codeOf = (addr: { toString: () => string }): CID =>
    builtinActorCode(addr.toString() === 't01000' ? 'storageminer' : 'account')
  return {
    ChainHead: async () => head,
    ChainGetTipSetByHeight: async (h: number) => { assert.equal(h, 5); return at5 },
    Version: async () => ({ Version: 'fake', APIVersion: 0, BlockDelay: 30 }),
    StateGetActor: state('StateGetActor', (addr: { toString: () => string }) => ({ Code: codeOf(addr), Head: sealed(0), Nonce: 0, Balance: 0n, DelegatedAddress: null })),
    StateMinerInfo: state('StateMinerInfo', () => minerInfo),
    StateMinerAvailableBalance: state('StateMinerAvailableBalance', () => 3n * FIL / 2n),
    StateMinerPower: state('StateMinerPower', (addr: { toString: () => string } | null) => ({
      MinerPower: addr?.toString() === 't01000' ? { RawBytePower: 6144n, QualityAdjPower: 61440n } : { RawBytePower: 0n, QualityAdjPower: 0n },
      TotalPower: { RawBytePower: 196608n, QualityAdjPower: 1024000n },
      HasMinPower: true
    })),
    StateMinerProvingDeadline: state('StateMinerProvingDeadline', () => ({
      CurrentEpoch: 100, PeriodStart: 60, Index: 1, Open: 80, Close: 140, Challenge: 60, FaultCutoff: 10,
      WPoStPeriodDeadlines: 48, WPoStProvingPeriod: 2880, WPoStChallengeWindow: 60, WPoStChallengeLookback: 20, FaultDeclarationCutoff: 70
    })),
    StateMinerSectors: state('StateMinerSectors', () => [sectorInfo(0), sectorInfo(1)]),
    StateMinerActiveSectors: state('StateMinerActiveSectors', () => [sectorInfo(1)]),
    StateSectorGetInfo: state('StateSectorGetInfo', (_m: unknown, n: number) => n === 1 ? sectorInfo(1) : null),
    StateSectorPartition: state('StateSectorPartition', () => ({ Deadline: 3, Partition: 0 })),
    StateMarketBalance: state('StateMarketBalance', () => ({ Escrow: 5n * FIL, Locked: FIL / 4n })),
    StateMarketStorageDeal: state('StateMarketStorageDeal', () => deal('t01000', true)),
    StateMarketDeals: state('StateMarketDeals', () => ({
      1: deal('t01001', true), 2: deal('t01000', true), 3: deal('t01001', true), 4: deal('t01002', false)
    })),
    StateListMiners: state('StateListMiners', () => [a('t01000'), a('t01001'), a('t01002')]),
    StateListActors: state('StateListActors', () => [a('t00'), a('t01'), a('t0100')]),
    close: async () => {}
  }
}

interface Run { code: number, stdout: string, stderr: string, calls: Array<[string, unknown]> }

async function lotus (...args: string[]): Promise<Run> {
  let stdout = ''
  let stderr = ''
  const calls: Array<[string, unknown]> = []
  const io: CliIo = {
    env: { FULLNODE_API_INFO: 'a.b.c:/ip4/127.0.0.1/tcp/1234/http' },
    home: '/home/op',
    fs: { exists: () => false, readText: () => undefined },
    stdout: (t) => { stdout += t },
    stderr: (t) => { stderr += t },
    sleep: async () => {},
    connect: <C extends Contract>(_c: C) => fakeFullNode(calls) as never
  }
  const code = await executeProgram(lotusProgram(io), args, { from: 'user', output: { stdout: io.stdout, stderr: io.stderr } })
  return { code, stdout, stderr, calls }
}

async function ok (...args: string[]): Promise<Run> {
  const r = await lotus(...args)
  assert.equal(r.code, 0, r.stderr)
  return r
}

async function refused (args: string[], message: RegExp): Promise<void> {
  const r = await lotus(...args)
  assert.equal(r.code, 1, `${args.join(' ')} should fail`)
  assert.match(r.stderr, message)
  assert.equal(r.stdout, '')
}

test('state miner-info prints Lotus v1.20 lines: balance, addresses, beneficiary, peer, power, proving period', async () => {
  const r = await ok('state', 'miner-info', 't01000')
  assert.equal(r.stdout, [
    'Available Balance: 1.5 FIL',
    'Owner:\tt0100',
    'Worker:\tt0101',
    'Control 0: \tt0102',
    'Control 1: \tt0103',
    'Beneficiary:\tt0104',
    'Beneficiary Quota:\t1000000000000000000',
    'Beneficiary Used Quota:\t0',
    'Beneficiary Expiration:\t5000',
    'Pending Beneficiary Term:',
    'New Beneficiary:\tt0105',
    'New Quota:\t2000000000000000000',
    'New Expiration:\t6000',
    'Approved By Beneficiary:\ttrue',
    'Approved By Nominee:\tfalse',
    'PeerID:\t12D3KooWGzxzKZYveHXtpG6AsrUJBcWxHBFS2HsEoGTxrMLvKXtf',
    'Multiaddrs:\t/ip4/127.0.0.1/tcp/24001 /ip6/::1/udp/1234/quic-v1 ',
    'Consensus Fault End:\t-1',
    'SectorSize:\t2 KiB (2048)',
    'Byte Power:   6 KiB / 192 KiB (3.1250%)',
    'Actual Power: 60 Ki / 1e+03 Ki (6.0000%)',
    '',
    'Proving Period Start:\t60 (20 minutes ago)',
    ''
  ].join('\n'))
  assert.ok(r.calls.every(([, tsk]) => tsk === head.key), 'every read is at the head')
})

test('state miner-proving-deadline and sector-size', async () => {
  const dl = await ok('state', 'miner-proving-deadline', 't01000')
  assert.equal(dl.stdout, 'Period Start:\t60\nIndex:\t\t1\nOpen:\t\t80\nClose:\t\t140\nChallenge:\t60\nFaultCutoff:\t10\n')
  const size = await ok('state', 'sector-size', 't01000')
  assert.equal(size.stdout, '2 KiB (2048)\n')
})

test('state power: network total, or the miner share of it', async () => {
  assert.equal((await ok('state', 'power')).stdout, '1024000(1000 KiB)\n')
  const r = await ok('state', 'power', 't01000')
  assert.equal(r.stdout, '61440(60 KiB) / 1024000(1000 KiB) ~= 6.0000%\n')
  assert.deepEqual(r.calls.map(([m]) => m), ['StateGetActor', 'StateMinerPower'])
})

test('state sectors and active-sectors: one "number: sealed CID" line per sector', async () => {
  assert.equal((await ok('state', 'sectors', 't01000')).stdout, `0: ${sealed(0).toString()}\n1: ${sealed(1).toString()}\n`)
  assert.equal((await ok('state', 'active-sectors', 't01000')).stdout, `1: ${sealed(1).toString()}\n`)
})

test('state sector prints the on-chain info with epoch times and its deadline/partition', async () => {
  const r = await ok('state', 'sector', 't01000', '1')
  assert.equal(r.stdout, [
    'SectorNumber:  1',
    'SealProof:  5',
    `SealedCID:  ${sealed(1).toString()}`,
    'DealIDs:  [5 7]',
    '',
    'Activation:  10 (15 Jan 27 07:15 UTC, 45 minutes ago)',
    'Expiration:  2980 (16 Jan 27 08:00 UTC, in 1 day)',
    '',
    'DealWeight:  123',
    'VerifiedDealWeight:  0',
    'InitialPledge:  0.1 FIL',
    'ExpectedDayReward:  0 FIL',
    'ExpectedStoragePledge:  0.025 FIL',
    '',
    'Deadline:  3',
    'Partition:  0',
    ''
  ].join('\n'))
  const alias = await ok('state', 'sector-info', 't01000', '1')
  assert.equal(alias.stdout, r.stdout)
})

test('state market balance and get-deal', async () => {
  assert.equal((await ok('state', 'market', 'balance', 't0100')).stdout, 'Escrow: 5 FIL\nLocked: 0.25 FIL\n')
  const r = await ok('state', 'get-deal', '2')
  assert.equal(r.stdout, [
    '{',
    '  "Proposal": {',
    '    "PieceCID": {',
    `      "/": "${pieceCid.toString()}"`,
    '    },',
    '    "PieceSize": 2048,',
    '    "VerifiedDeal": false,',
    '    "Client": "t0100",',
    '    "Provider": "t01000",',
    '    "Label": "hello \\u003cx\\u003e",',
    '    "StartEpoch": 200,',
    '    "EndEpoch": 600000,',
    '    "StoragePricePerEpoch": "0",',
    '    "ProviderCollateral": "0",',
    '    "ClientCollateral": "0"',
    '  },',
    '  "State": {',
    '    "SectorStartEpoch": 150,',
    '    "LastUpdatedEpoch": -1,',
    '    "SlashEpoch": -1,',
    '    "VerifiedClaim": 0',
    '  }',
    '}',
    ''
  ].join('\n'))
})

test('state list-actors, list-miners and list-miners --sort-by num-deals', async () => {
  assert.equal((await ok('state', 'list-actors')).stdout, 't00\nt01\nt0100\n')
  assert.equal((await ok('state', 'list-miners')).stdout, 't01000\nt01001\nt01002\n')
  assert.equal((await ok('state', 'list-miners', '--sort-by', 'none')).stdout, 't01000\nt01001\nt01002\n')
  assert.equal((await ok('state', 'list-miners', '--sort-by', 'num-deals')).stdout, 't01001 2\nt01000 1\nt01002 0\n')
})

test('--tipset @<height> reaches every state read', async () => {
  const runs = [
    await ok('state', '--tipset', '@5', 'miner-info', 't01000'),
    await ok('state', '--tipset', '@5', 'power', 't01000'),
    await ok('state', '--tipset', '@5', 'sectors', 't01000'),
    await ok('state', '--tipset', '@5', 'sector', 't01000', '1'),
    await ok('state', '--tipset', '@5', 'market', 'balance', 't0100'),
    await ok('state', '--tipset', '@5', 'get-deal', '2'),
    await ok('state', '--tipset', '@5', 'list-actors')
  ]
  for (const r of runs) {
    assert.ok(r.calls.length > 0)
    for (const [method, tsk] of r.calls) assert.equal(tsk, at5.key, `${method} read at the --tipset`)
  }
  // Epoch times count from the chosen tipset.
  assert.match(runs[3]!.stdout, /^Activation: {2}10 \(15 Jan 27 07:15 UTC, in 2 minutes 30 seconds\)$/m)
})

test('refusals name the bad value and exit non-zero', async () => {
  await refused(['state', 'miner-info'], /must specify miner to get information for/)
  await refused(['state', 'miner-info', 'notanaddress'], /notanaddress/)
  await refused(['state', 'sectors'], /must specify miner to list sectors for/)
  await refused(['state', 'active-sectors', 'x1'], /x1/)
  await refused(['state', 'sector-size'], /must pass miner's address/)
  await refused(['state', 'miner-proving-deadline', 'f0'], /minerAddress/)
  await refused(['state', 'power', 'bogus'], /bogus/)
  await refused(['state', 'power', 't0100'], /t0100 does not correspond to a miner actor/)
  await refused(['state', 'sector', 't01000'], /incorrect number of arguments to 'sector', got 1, expected 2/)
  await refused(['state', 'sector', 't01000', 'abc'], /sectorNumber: parsing sector number: "abc" is not a non-negative integer/)
  await refused(['state', 'sector', 't01000', '99999999999999999999'], /larger than/)
  await refused(['state', 'sector', 't01000', '9'], /sector 9 for miner t01000 not found/)
  await refused(['state', 'market', 'balance'], /must specify address to print market balance for/)
  await refused(['state', 'get-deal'], /must specify deal ID/)
  await refused(['state', 'get-deal', '1.5'], /dealId: parsing deal ID: "1.5"/)
  await refused(['state', 'list-miners', '--sort-by', 'power'], /--sort-by: unrecognized sorting order "power"/)
  await refused(['state', '--tipset', '@x', 'list-actors'], /@x/)
})
