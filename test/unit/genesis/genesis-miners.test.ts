import { test } from 'node:test'
import assert from 'node:assert/strict'
import type { Address } from '../../../src/core/address/index.js'
import { tuple } from '../../../src/core/cbor/struct.js'
import { address, array } from '../../../src/core/cbor/scalars.js'
import { FilecoinPrecision } from '../../../src/core/token/index.js'
import type { TokenAmount } from '../../../src/core/types.js'
import { InitActorAddr, StorageMinerActorCode, StoragePowerActorCode } from '../../../src/chain/actors/index.js'
import { storageActors } from '../../../src/chain/actors/builtin/power/storage-genesis.js'
import { minerConstructorParamsCbor } from '../../../src/chain/actors/builtin/power/types.js'
import { getControlAddressesReturnCbor, MinerControlAddressesMethod } from '../../../src/chain/actors/builtin/market/types.js'
import { anyCaller, callerIs, defineActor, ExitCode, method } from '../../../src/chain/vm/index.js'
import { StateTree } from '../../../src/chain/state/index.js'
import {
  addMiners, makeGenesis, newTemplate, presealExpiration, storageGenesis, type GenesisSector
} from '../../../src/chain/genesis/index.js'
import { fakeMiner } from './kit.js'

const FIL = FilecoinPrecision
const controlCbor = tuple('FakeMinerState', { Owner: address, Worker: address, Control: array(address) })

/** Just enough of a miner actor for genesis: a constructor power may call, and ControlAddresses. */
const fakeMinerActor = defineActor({
  name: 'storageminer',
  code: StorageMinerActorCode,
  execableBy: [StoragePowerActorCode],
  methods: {
    1: method({
      name: 'Constructor',
      params: minerConstructorParamsCbor,
      returns: null,
      callers: callerIs(InitActorAddr),
      handler: async (rt, p) => {
        const owner = await rt.resolveAddress(p.OwnerAddr)
        const worker = await rt.resolveAddress(p.WorkerAddr)
        if (owner === null || worker === null) return rt.abort(ExitCode.ErrIllegalArgument, 'unknown owner or worker')
        await rt.state.create(controlCbor, { Owner: owner, Worker: worker, Control: [] })
      }
    }),
    [MinerControlAddressesMethod]: method({
      name: 'ControlAddresses',
      params: null,
      returns: getControlAddressesReturnCbor,
      callers: anyCaller,
      handler: async (rt) => {
        const st = await rt.state.read(controlCbor)
        return { Owner: st.Owner, Worker: st.Worker, ControlAddresses: st.Control }
      }
    })
  }
})

test('genesis miners are created through power, their self-deals published and their sectors handed to the miner actor', async () => {
  const { template } = newTemplate({ accounts: 1, timestamp: 1_700_000_000, params: { WPoStChallengeWindow: 2, WPoStProvingPeriod: 96 } })
  const m0 = { ...fakeMiner(1000n), MarketBalance: (5n * FIL) as TokenAmount, PowerBalance: (1n * FIL) as TokenAmount }
  const withMiners = addMiners(template, new Map([['t01000', m0], ['t01001', fakeMiner(1001n)]]), (1000n * FIL) as TokenAmount, 'pre-seal.json')
  const activated: Array<{ miner: Address, worker: Address, sectors: readonly GenesisSector[] }> = []
  const storage = storageGenesis({
    actors: [...storageActors, fakeMinerActor],
    activateSectors: async (_vm, ctx) => { activated.push(ctx) }
  })
  const g = await makeGenesis(withMiners, { storage })
  assert.equal(activated.length, 2)
  assert.equal(activated[0]!.miner.toString(), 't01000')
  assert.equal(activated[1]!.miner.toString(), 't01001')
  const s = activated[0]!.sectors[0]!
  assert.equal(s.SectorNumber, 0)
  assert.equal(s.SealedCID.toString(), m0.Sectors[0]!.CommR.toString())
  assert.equal(s.Expiration, presealExpiration(withMiners.NetworkParams))
  assert.equal(s.Expiration, Math.floor(1_555_200 / 96 - 1) * 96 - 1)
  // Deal IDs are the market's, one per sector, in order across miners.
  assert.deepEqual(activated.map((a) => a.sectors.map((x) => x.DealIDs)), [[[0]], [[1]]])

  const tree = await StateTree.load(g.store, g.stateRoot)
  const minerActor = await tree.requireActor(m0.ID)
  assert.ok(minerActor.Code.equals(StorageMinerActorCode))
  assert.equal(minerActor.Balance, 1n * FIL, 'PowerBalance goes to the miner')
})

test('without a miner actor, or without its genesis activation, miners with sectors are refused clearly', async () => {
  const { template } = newTemplate({ accounts: 0, timestamp: 1_700_000_000 })
  const t = addMiners(template, new Map([['t01000', fakeMiner(1000n)]]), (1000n * FIL) as TokenAmount, 'p.json')
  await assert.rejects(makeGenesis(t, { source: 'l.json', storage: storageGenesis({ actors: storageActors }) }),
    /l\.json: Miners: the template has 1 genesis miner\(s\), but this build has no storage miner actor/)
  await assert.rejects(makeGenesis(t, { source: 'l.json', storage: storageGenesis({ actors: [...storageActors, fakeMinerActor] }) }),
    /l\.json: Miners\[0\]\.Sectors: miner t01000 has 1 pre-sealed sector\(s\), but this build's miner actor cannot activate sectors at genesis/)
})
