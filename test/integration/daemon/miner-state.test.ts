// The miner actor's State* readers served by `lotus daemon` on a fresh devnet whose genesis holds
// t01000 with two pre-sealed 2 KiB sectors (Lotus's local-network sequence with our binaries).
// Read at the genesis state over JSON-RPC v1 (and v0 where the two differ), as a Lotus client
// would: typed client for values, raw HTTP for the wire shapes Lotus prints.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { parseAddress } from '../../../src/core/address/index.js'
import { BitField } from '../../../src/core/bitfield/index.js'
import { FullNodeV0Contract } from '../../../src/api/fullnode/index.js'
import { createRpcClient } from '../../../src/rpc/index.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { runBin } from '../../kit/bin.js'
import { startDaemon, type DaemonProcess } from '../../kit/daemon.js'

const dir = mkdtempSync(join(tmpdir(), 'nelumbo-miner-state-'))
const repo = join(dir, 'lotus')
const sectorDir = join(dir, 'genesis-sectors')
const template = join(dir, 'localnet.json')
const miner = parseAddress('t01000')
const head = TipSetKey.empty
let daemon: DaemonProcess | undefined
let owner = ''

async function cli (name: 'lotus' | 'lotus-seed', args: string[]): Promise<string> {
  const r = await runBin(name, args, { env: { LOTUS_PATH: repo, ...daemon?.env } })
  assert.equal(r.code, 0, `${name} ${args.join(' ')} failed:\n${r.stdout}${r.stderr}`)
  return r.stdout + r.stderr
}

/** One JSON-RPC call over plain HTTP: the wire form, not the typed client's reading of it. */
async function raw (method: string, params: unknown[], path = '/rpc/v1'): Promise<{ result?: unknown, error?: { code: number, message: string } }> {
  const port = /\/tcp\/(\d+)/.exec(daemon!.multiaddr)![1]
  const res = await fetch(`http://127.0.0.1:${port}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${daemon!.token}` },
    body: JSON.stringify({ jsonrpc: '2.0', id: 1, method, params })
  })
  return await res.json() as { result?: unknown, error?: { code: number, message: string } }
}

before(async () => {
  await cli('lotus', ['fetch-params', '2048'])
  const seal = await cli('lotus-seed', ['--sector-dir', sectorDir, 'pre-seal', '--miner-addr', 't01000', '--sector-size', '2KiB', '--num-sectors', '2'])
  owner = /Owner\/worker key (\S+)/.exec(seal)?.[1] ?? ''
  assert.notEqual(owner, '', seal)
  await cli('lotus-seed', ['genesis', 'new', template, '--block-delay', '1s', '--network-name', 'miner-state-itest',
    '--proving-period', '40', '--deadlines', '4', '--challenge-window', '10'])
  await cli('lotus-seed', ['genesis', 'add-miner', template, join(sectorDir, 'pre-seal-t01000.json')])
  daemon = await startDaemon({ repo, args: [`--lotus-make-genesis=${join(dir, 'devgen.car')}`, `--genesis-template=${template}`] })
})

after(async () => {
  await daemon?.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('lotus daemon serves the miner actor state', () => {
  test('StateMinerInfo prints the genesis miner as Lotus does', async () => {
    const info = await daemon!.api.StateMinerInfo(miner, head)
    const ownerId = await daemon!.api.StateLookupID(parseAddress(owner), head)
    assert.equal(info.Owner.toString(), ownerId.toString())
    assert.equal(info.Worker.toString(), ownerId.toString())
    assert.equal(info.SectorSize, 2048)
    assert.equal(info.WindowPoStPartitionSectors, 2)
    assert.match(info.PeerId ?? '', /^12D3KooW/)
    const wire = (await raw('Filecoin.StateMinerInfo', ['t01000', null])).result as Record<string, unknown>
    assert.equal(wire.NewWorker, '<empty>')
    assert.equal(wire.WorkerChangeEpoch, -1)
    assert.equal(wire.ControlAddresses, null)
    assert.equal(wire.SectorSize, 2048)
  })

  test('sectors: all, active, counts, allocation, one sector, its location', async () => {
    const all = await daemon!.api.StateMinerSectors(miner, null, head)
    assert.deepEqual(all.map((s) => s.SectorNumber), [0, 1])
    assert.match(all[0]!.SealedCID.toString(), /^bagboea4/)
    const only1 = await daemon!.api.StateMinerSectors(miner, BitField.fromArray([1]), head)
    assert.deepEqual(only1.map((s) => s.SectorNumber), [1])
    assert.deepEqual((await daemon!.api.StateMinerActiveSectors(miner, head)).map((s) => s.SectorNumber), [0, 1])
    assert.deepEqual(await daemon!.api.StateMinerSectorCount(miner, head), { Live: 2, Active: 2, Faulty: 0 })
    assert.equal(await daemon!.api.StateMinerSectorAllocated(miner, 1 as never, head), true)
    assert.equal(await daemon!.api.StateMinerSectorAllocated(miner, 7 as never, head), false)
    const s1 = await daemon!.api.StateSectorGetInfo(miner, 1 as never, head)
    assert.equal(s1?.SectorNumber, 1)
    assert.ok((s1?.Expiration ?? 0) > 0)
    assert.equal(await daemon!.api.StateSectorGetInfo(miner, 9 as never, head), null)
    const loc = await daemon!.api.StateSectorPartition(miner, 1 as never, head)
    assert.ok(loc.Deadline < 4)
    assert.equal(loc.Partition, 0)
    await assert.rejects(daemon!.api.StateSectorPartition(miner, 9 as never, head), /sector 9 not found/)
  })

  test('pre-commit info: null on v1, an error on v0', async () => {
    assert.equal(await daemon!.api.StateSectorPreCommitInfo(miner, 0 as never, head), null)
    const port = /\/tcp\/(\d+)/.exec(daemon!.multiaddr)![1]
    const v0 = createRpcClient(FullNodeV0Contract, { url: `http://127.0.0.1:${port}/rpc/v0`, token: daemon!.token })
    try {
      await assert.rejects(v0.StateSectorPreCommitInfo(miner, 0 as never, head), /precommit info is not exists/)
    } finally {
      await v0.close()
    }
  })

  test('deadlines, partitions, proving deadline, faults and recoveries follow the genesis policy', async () => {
    const dls = await daemon!.api.StateMinerDeadlines(miner, head)
    assert.equal(dls.length, 4)
    const loc = await daemon!.api.StateSectorPartition(miner, 0 as never, head)
    const parts = await daemon!.api.StateMinerPartitions(miner, loc.Deadline, head)
    assert.ok(parts[0]!.AllSectors.has(0))
    assert.ok(parts[0]!.ActiveSectors.has(0))
    assert.equal(parts[0]!.FaultySectors.count(), 0)
    await assert.rejects(daemon!.api.StateMinerPartitions(miner, 4, head), /deadline index 4 out of range/)
    const di = await daemon!.api.StateMinerProvingDeadline(miner, head)
    assert.equal(di.WPoStPeriodDeadlines, 4)
    assert.equal(di.WPoStProvingPeriod, 40)
    assert.equal(di.WPoStChallengeWindow, 10)
    assert.equal(di.Close - di.Open, 10)
    assert.ok(di.CurrentEpoch < di.Close)
    assert.equal((await daemon!.api.StateMinerFaults(miner, head)).count(), 0)
    assert.equal((await daemon!.api.StateMinerRecoveries(miner, head)).count(), 0)
  })

  test('balances, pledge quotes and collateral bounds', async () => {
    const actor = await daemon!.api.StateGetActor(miner, head)
    const available = await daemon!.api.StateMinerAvailableBalance(miner, head)
    assert.ok(available >= 0n && available <= actor.Balance)
    const s0 = (await daemon!.api.StateSectorGetInfo(miner, 0 as never, head))!
    const pci = { SealProof: s0.SealProof, SectorNumber: 5 as never, SealedCID: s0.SealedCID, SealRandEpoch: 0 as never, DealIDs: [], Expiration: s0.Expiration, UnsealedCid: null }
    const pledge = await daemon!.api.StateMinerInitialPledgeCollateral(miner, pci, head)
    const deposit = await daemon!.api.StateMinerPreCommitDepositForPower(miner, pci, head)
    assert.ok(pledge > 0n, `pledge ${pledge}`)
    assert.ok(deposit > 0n, `deposit ${deposit}`)
    const bounds = await daemon!.api.StateDealProviderCollateralBounds(2048 as never, false, head)
    assert.ok(bounds.Max >= bounds.Min)
  })

  test('StateMinerPower of "<empty>" is the network total alone, as `lotus state power` asks it', async () => {
    const r = (await raw('Filecoin.StateMinerPower', ['<empty>', null])).result as { MinerPower: { RawBytePower: string }, TotalPower: { RawBytePower: string }, HasMinPower: boolean }
    assert.deepEqual(r.MinerPower, { RawBytePower: '0', QualityAdjPower: '0' })
    assert.equal(r.TotalPower.RawBytePower, '4096')
    assert.equal(r.HasMinPower, false)
  })

  test('an address that is not a miner is refused by name', async () => {
    const r = await raw('Filecoin.StateMinerInfo', [owner, null])
    assert.match(r.error?.message ?? '', new RegExp(`failed to load miner actor ${owner}: actor code \\S+ is not the storage miner actor`))
    const missing = await raw('Filecoin.StateMinerSectors', ['t09999', null, null])
    assert.match(missing.error?.message ?? '', /failed to load miner actor t09999: actor not found/)
  })
})
