import { test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { CarReader } from '@ipld/car'
import { newIdAddress } from '../../../src/core/address/index.js'
import { MemoryBlockstore } from '../../../src/core/ipld/index.js'
import { FilecoinPrecision } from '../../../src/core/token/index.js'
import type { TokenAmount } from '../../../src/core/types.js'
import {
  CronActorAddr, cronStateCbor, InitActorAddr, RewardActorAddr, StoragePowerActorAddr, StoragePowerActorCode, SystemActorAddr
} from '../../../src/chain/actors/index.js'
import { decodeCbor } from '../../../src/core/cbor/index.js'
import { getBlock } from '../../../src/core/ipld/index.js'
import { StateTree } from '../../../src/chain/state/index.js'
import { blockHeaderCid, readMsgMeta } from '../../../src/chain/types/index.js'
import {
  addMiners, GENESIS_TICKET, loadGenesisCar, loadGenesisCarFile, makeGenesis, makeGenesisFromFile, newTemplate, readNetworkParams,
  REMAINDER_ACCOUNT_ID, TOTAL_FILECOIN, VERIFREG_ROOT_ID, writeTemplate, type GenesisTemplate
} from '../../../src/chain/genesis/index.js'
import { fakeMiner } from './kit.js'

const FIL = FilecoinPrecision

function fixedTemplate (): GenesisTemplate {
  const { template } = newTemplate({ accounts: 2, accountBalance: (1000n * FIL) as TokenAmount, timestamp: 1_700_000_000, networkName: 'testnet-genesis', params: { BlockDelayMs: 200 } })
  return template
}

test('makeGenesis is deterministic for a fixed template and funds every account', async () => {
  const template = fixedTemplate()
  const a = await makeGenesis(template)
  const b = await makeGenesis(template)
  assert.equal(a.cid.toString(), b.cid.toString())
  assert.equal(blockHeaderCid(a.genesisBlock).toString(), a.cid.toString())

  const h = a.genesisBlock
  assert.equal(h.Height, 0)
  assert.equal(h.Timestamp, 1_700_000_000)
  assert.deepEqual(h.Parents, [])
  assert.ok(h.Miner.equals(SystemActorAddr))
  assert.deepEqual(h.Ticket?.VRFProof, GENESIS_TICKET)
  assert.deepEqual(h.BeaconEntries, [{ Round: 0, Data: new Uint8Array(32) }])
  assert.ok(h.ParentStateRoot.equals(a.stateRoot))
  assert.deepEqual(await readMsgMeta(a.store, h.Messages), { bls: [], secpk: [] })

  const tree = await StateTree.load(a.store, a.stateRoot)
  let total = 0n
  for await (const [, actor] of tree.actors()) total += actor.Balance
  assert.equal(total, TOTAL_FILECOIN, 'the supply adds up to 2 billion FIL')
  for (const [i, acct] of template.Accounts.entries()) {
    assert.ok(acct.Type === 'account')
    const actor = await tree.requireActor(acct.Meta.Owner)
    assert.equal(actor.Balance, 1000n * FIL)
    assert.equal((await tree.lookupId(acct.Meta.Owner))!.toString(), `t0${100 + i}`)
  }
  assert.ok(template.VerifregRootKey.Type === 'account' && template.RemainderAccount.Type === 'account')
  assert.equal((await tree.lookupId(template.VerifregRootKey.Meta.Owner))!.toString(), newIdAddress(VERIFREG_ROOT_ID).toString())
  assert.equal((await tree.lookupId(template.RemainderAccount.Meta.Owner))!.toString(), newIdAddress(REMAINDER_ACCOUNT_ID).toString())
  const reward = await tree.requireActor(RewardActorAddr)
  assert.equal((await tree.requireActor(newIdAddress(REMAINDER_ACCOUNT_ID))).Balance, TOTAL_FILECOIN - reward.Balance - 2000n * FIL)
  assert.ok(await tree.getActor(InitActorAddr))

  // The network parameters ride on the state root.
  assert.deepEqual(await readNetworkParams(a.store, a.stateRoot), template.NetworkParams)
  const other = await makeGenesis({ ...template, NetworkParams: { ...template.NetworkParams, BlockDelayMs: 300 } })
  assert.notEqual(other.cid.toString(), a.cid.toString())
})

test('a template without a timestamp takes the time the genesis is made', async () => {
  const g = await makeGenesis({ ...fixedTemplate(), Timestamp: 0 }, { now: () => 1_800_000_000 })
  assert.equal(g.genesisBlock.Timestamp, 1_800_000_000)
  assert.equal(g.template.Timestamp, 1_800_000_000)
})

test('the genesis CAR round-trips into a fresh blockstore', async (t) => {
  const g = await makeGenesis(fixedTemplate())
  const reader = await CarReader.fromBytes(g.car)
  assert.deepEqual((await reader.getRoots()).map(String), [g.cid.toString()])
  const store = new MemoryBlockstore()
  const loaded = await loadGenesisCar(g.car, store)
  assert.equal(loaded.cid.toString(), g.cid.toString())
  assert.deepEqual(loaded.genesis, g.genesisBlock)
  assert.deepEqual(loaded.params, g.params)
  // Every actor of the state can be read from what the CAR brought.
  const tree = await StateTree.load(store, loaded.genesis.ParentStateRoot)
  let n = 0
  for await (const [, actor] of tree.actors()) { assert.ok(await store.has(actor.Head)); n++ }
  assert.ok(n >= 8)
  assert.deepEqual(await readMsgMeta(store, loaded.genesis.Messages), { bls: [], secpk: [] })

  const dir = await mkdtemp(join(tmpdir(), 'nelumbo-genesis-'))
  t.after(async () => { await rm(dir, { recursive: true, force: true }) })
  const file = join(dir, 'devgen.car')
  await writeFile(file, g.car)
  assert.equal((await loadGenesisCarFile(file, new MemoryBlockstore())).cid.toString(), g.cid.toString())
  await assert.rejects(loadGenesisCarFile(join(dir, 'nope.car'), new MemoryBlockstore()), /nope\.car: cannot read the genesis file: no such file/)
  await writeFile(file, 'not a car')
  await assert.rejects(loadGenesisCarFile(file, new MemoryBlockstore()), /devgen\.car: not a CAR file/)
  // A flipped byte inside a block is caught.
  const bad = g.car.slice()
  bad[bad.length - 3] = bad[bad.length - 3]! ^ 0xff
  await assert.rejects(loadGenesisCar(bad, new MemoryBlockstore(), 'bad.car'), /bad\.car: block .* does not hash to its CID/)
})

test('templates genesis cannot be made from are refused with their file and field', async (t) => {
  const template = fixedTemplate()
  const withMiner = addMiners(template, new Map([['t01000', fakeMiner(1000n)]]), (50n * FIL) as TokenAmount, 'p.json')
  await assert.rejects(makeGenesis(withMiner, { source: 'localnet.json', storage: null }), /localnet\.json: Miners: the template has 1 genesis miner\(s\), but this build has no storage actors/)
  const msig = { ...template, VerifregRootKey: { Type: 'multisig' as const, Balance: 0n as TokenAmount, Meta: { Signers: [], Threshold: 1, VestingDuration: 0, VestingStart: 0 } } }
  await assert.rejects(makeGenesis(msig, { source: 'l.json' }), /l\.json: VerifregRootKey\.Type: multisig actors are not supported/)
  const dup = { ...template, Accounts: [template.Accounts[0]!, template.Accounts[0]!] }
  await assert.rejects(makeGenesis(dup, { source: 'l.json' }), /l\.json: Accounts\[1\]: account .* is listed twice \(also at l\.json: Accounts\[0\]\)/)
  const rich = { ...template, Accounts: [{ ...template.Accounts[0]!, Balance: TOTAL_FILECOIN }] }
  await assert.rejects(makeGenesis(rich, { source: 'l.json' }), /l\.json: Accounts: the accounts hold .* more than/)

  const dir = await mkdtemp(join(tmpdir(), 'nelumbo-genesis-'))
  t.after(async () => { await rm(dir, { recursive: true, force: true }) })
  const path = join(dir, 'localnet.json')
  await writeTemplate(path, template)
  assert.equal((await makeGenesisFromFile(path)).cid.toString(), (await makeGenesis(template)).cid.toString())
})

test('the storage actors this build has are in the genesis: power at f04, on cron', async () => {
  const g = await makeGenesis(fixedTemplate())
  const tree = await StateTree.load(g.store, g.stateRoot)
  const power = await tree.requireActor(StoragePowerActorAddr)
  assert.ok(power.Code.equals(StoragePowerActorCode))
  const cron = await tree.requireActor(CronActorAddr)
  const entries = decodeCbor(cronStateCbor, await getBlock(g.store, cron.Head), 'cron').Entries
  assert.ok(entries.some((e) => e.Receiver.equals(StoragePowerActorAddr)))
  const basic = await makeGenesis(fixedTemplate(), { storage: null })
  assert.equal(await (await StateTree.load(basic.store, basic.stateRoot)).getActor(StoragePowerActorAddr), null)
})
