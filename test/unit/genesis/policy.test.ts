// The actors' policy from a genesis template's NetworkParams: the mapping itself (a short
// proving period shortens what depends on the challenge window, inconsistent values are refused
// naming the template field), and an in-process full node on such a template, where a small
// probe actor created by a message records `rt.policy` during tipset execution and reports it
// through StateCall.
import { after, before, describe, test } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { Address } from '../../../src/core/address/index.js'
import { decodeCbor, encodeCbor } from '../../../src/core/cbor/index.js'
import { uint } from '../../../src/core/cbor/scalars.js'
import { tuple } from '../../../src/core/cbor/struct.js'
import { cborCid } from '../../../src/core/cid.js'
import { keyAddress, type KeyInfo } from '../../../src/core/crypto/index.js'
import { signedMessageCid } from '../../../src/core/message/index.js'
import { RegisteredPoStProof, RegisteredSealProof } from '../../../src/core/sector/index.js'
import type { MethodNum, SectorNumber, TokenAmount } from '../../../src/core/types.js'
import {
  execParamsCbor, execReturnCbor, InitActorAddr, InitMethods
} from '../../../src/chain/actors/index.js'
import { devnetPolicy, mainnetPolicy, policyProblems } from '../../../src/chain/actors/policy.js'
import type { PowerView } from '../../../src/chain/consensus/index.js'
import {
  builtinStorageGenesis, DEFAULT_NETWORK_PARAMS, GenesisInputError, makeGenesis, newTemplate, preSeal, writeGenesisCarFile,
  type NetworkParams
} from '../../../src/chain/genesis/index.js'
import { policyFromNetworkParams, policySectorSizes } from '../../../src/chain/genesis/policy.js'
import { TipSetKey } from '../../../src/chain/types/index.js'
import { anyCaller, defineActor, method } from '../../../src/chain/vm/index.js'
import { chainGenesisTooling, startFullNode, type FullNode } from '../../../src/node/fullnode/index.js'
import { BlockProducer } from '../../kit/block-producer.js'

const SHORT: NetworkParams = {
  ...DEFAULT_NETWORK_PARAMS,
  BlockDelayMs: 200,
  SupportedSectorSizes: [2048],
  WPoStProvingPeriod: 48,
  WPoStPeriodDeadlines: 8,
  WPoStChallengeWindow: 6,
  PreCommitChallengeDelay: 3,
  ConsensusMinerMinPower: 4096n
}

describe('policyFromNetworkParams', () => {
  test('the default template gives the devnet policy', () => {
    const p = policyFromNetworkParams({ ...DEFAULT_NETWORK_PARAMS, SupportedSectorSizes: [2048, 8388608, 536870912, 34359738368, 68719476736] })
    assert.deepEqual({ ...p }, { ...devnetPolicy })
  })

  test('a short proving period shortens the lookback and cutoff with it', () => {
    const p = policyFromNetworkParams(SHORT)
    assert.equal(p.WPoStProvingPeriod, 48)
    assert.equal(p.WPoStPeriodDeadlines, 8)
    assert.equal(p.WPoStChallengeWindow, 6)
    assert.equal(p.WPoStChallengeLookback, 3)
    assert.equal(p.FaultDeclarationCutoff, 6)
    assert.equal(p.WPoStMaxChainCommitAge, 6)
    assert.equal(p.PreCommitChallengeDelay, 3)
    assert.equal(p.MaxProveCommitDuration, 30 * 2880 + 3)
    assert.equal(p.MinimumConsensusPower, 4096n)
    assert.deepEqual(p.ValidPreCommitProofTypes, [RegisteredSealProof.StackedDrg2KiBV1_1])
    assert.deepEqual(p.ValidPoStProofTypes, [RegisteredPoStProof.StackedDrgWindow2KiBV1_1])
    assert.deepEqual(policySectorSizes(p), [2048])
    assert.deepEqual(policyProblems(p), [])
    assert.ok(Object.isFrozen(p))
  })

  test('a one-epoch challenge window still gives a consistent policy', () => {
    const p = policyFromNetworkParams({ ...SHORT, WPoStProvingPeriod: 4, WPoStPeriodDeadlines: 4, WPoStChallengeWindow: 1 })
    assert.equal(p.WPoStChallengeLookback, 0)
    assert.equal(p.FaultDeclarationCutoff, 1)
    assert.deepEqual(policyProblems(p), [])
  })

  test('on a mainnet base, a window no shorter than mainnet keeps its lookback and cutoff', () => {
    const p = policyFromNetworkParams({ ...SHORT, WPoStProvingPeriod: 2880, WPoStPeriodDeadlines: 48, WPoStChallengeWindow: 60 }, mainnetPolicy)
    assert.equal(p.WPoStChallengeLookback, mainnetPolicy.WPoStChallengeLookback)
    assert.equal(p.FaultDeclarationCutoff, mainnetPolicy.FaultDeclarationCutoff)
  })

  test('inconsistent parameters are refused naming the template field', () => {
    const bad = (params: Partial<NetworkParams>, field: string): void => {
      assert.throws(() => policyFromNetworkParams({ ...SHORT, ...params }, devnetPolicy, 'localnet.json: NetworkParams'), (err: unknown) => {
        assert.ok(err instanceof GenesisInputError)
        assert.match(err.message, new RegExp(field))
        assert.equal(err.source, `localnet.json: NetworkParams.${field}`)
        return true
      })
    }
    bad({ WPoStProvingPeriod: 50 }, 'WPoStProvingPeriod')
    bad({ WPoStChallengeWindow: 0 }, 'WPoStChallengeWindow')
    bad({ PreCommitChallengeDelay: 0 }, 'PreCommitChallengeDelay')
    bad({ MaxDealDuration: 10 * 365 * 2880 }, 'MaxDealDuration')
  })
})

// --- an actor sees the policy during tipset execution and in StateCall ---

const probeStateCbor = tuple('PolicyProbeState', { ProvingPeriod: uint, ChallengeWindow: uint, Lookback: uint })
const probeActor = defineActor({
  name: 'nelumbo/test/policy-probe',
  code: cborCid(new TextEncoder().encode('nelumbo test policy probe actor')),
  execableBy: 'any',
  methods: {
    1: method({
      name: 'Constructor',
      params: null,
      returns: null,
      callers: anyCaller,
      handler: async (rt) => {
        await rt.state.create(probeStateCbor, {
          ProvingPeriod: rt.policy.WPoStProvingPeriod, ChallengeWindow: rt.policy.WPoStChallengeWindow, Lookback: rt.policy.WPoStChallengeLookback
        })
      }
    }),
    2: method({ name: 'ProvingPeriod', params: null, returns: uint, callers: anyCaller, handler: async (rt) => rt.policy.WPoStProvingPeriod })
  }
})

describe('a full node on a short-proving-period template', () => {
  const dir = mkdtempSync(join(tmpdir(), 'nelumbo-policy-'))
  let node: FullNode | undefined
  let producer: BlockProducer | undefined
  let funded: KeyInfo
  let miner: Address

  before(async () => {
    const { template, keys } = newTemplate({ networkName: 'policy-unit', params: SHORT, accounts: 2 })
    funded = keys[0]!
    const g = await makeGenesis(template)
    const carPath = join(dir, 'devgen.car')
    await writeGenesisCarFile(carPath, g.store, g.cid)
    // As test/unit/fullnode/mining.test.ts: all power to one account's ID, its sector pre-sealed.
    const held: { worker?: Address, sectors: Awaited<ReturnType<PowerView['provingSectors']>> } = { sectors: [] }
    const power: PowerView = {
      minerPower: async (_root, m) => m.equals(miner) ? { miner: { RawBytePower: 4096n, QualityAdjPower: 4096n }, network: { RawBytePower: 4096n, QualityAdjPower: 4096n }, hasMinPower: true } : undefined,
      minerInfo: async (_root, m) => m.equals(miner) && held.worker !== undefined ? { worker: held.worker, sectorSize: 2048 } : undefined,
      eligibleForElection: async (_root, m) => m.equals(miner),
      provingSectors: async (_root, m) => m.equals(miner) ? held.sectors : []
    }
    node = await startFullNode({
      repoPath: join(dir, 'repo'),
      apiListenAddress: '/ip4/127.0.0.1/tcp/0/http',
      genesis: { kind: 'car', carPath },
      tooling: chainGenesisTooling(),
      power,
      actors: [...builtinStorageGenesis.actors, probeActor],
      bindSignals: false
    })
    miner = await node.api.StateLookupID(keyAddress(keys[1]!), TipSetKey.empty)
    held.worker = await node.api.WalletNew('bls')
    const sectorDir = join(dir, 'sectors')
    const sealed = await preSeal({ minerAddr: miner, proofType: RegisteredSealProof.StackedDrg2KiBV1_1, numSectors: 1, sectorDir })
    held.sectors = sealed.miner.Sectors.map((s) => ({ SealProof: s.ProofType, SectorNumber: s.SectorID as SectorNumber, SectorKey: null, SealedCID: s.CommR }))
    await node.api.WalletImport(funded)
    producer = new BlockProducer(node.api, { miner, sectorDir, blockDelayMs: SHORT.BlockDelayMs })
    await producer.start()
  })

  after(async () => {
    await producer?.stop()
    await node?.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  test('the probe actor reads the template\'s policy in a block and in StateCall', async () => {
    const api = node!.api
    const smsg = await api.MpoolPushMessage({
      Version: 0,
      To: InitActorAddr,
      From: keyAddress(funded),
      Nonce: 0n,
      Value: 0n as TokenAmount,
      GasLimit: 0n,
      GasFeeCap: 0n as TokenAmount,
      GasPremium: 0n as TokenAmount,
      Method: BigInt(InitMethods.Exec) as MethodNum,
      Params: encodeCbor(execParamsCbor, { CodeCID: probeActor.code, ConstructorParams: new Uint8Array(0) })
    }, null)
    const lookup = await api.StateWaitMsg(signedMessageCid(smsg), 1, -1 as never, true)
    assert.equal(lookup?.Receipt.ExitCode, 0, lookup?.Receipt.ExitCode === undefined ? 'no receipt' : `exit ${lookup.Receipt.ExitCode}`)
    const created = decodeCbor(execReturnCbor, lookup!.Receipt.Return, 'Exec return')

    const actor = await api.StateGetActor(created.IDAddress, TipSetKey.empty)
    const state = decodeCbor(probeStateCbor, await api.ChainReadObj(actor.Head), 'probe state')
    assert.deepEqual(state, { ProvingPeriod: 48, ChallengeWindow: 6, Lookback: 3 })

    const call = await api.StateCall({
      Version: 0,
      To: created.IDAddress,
      From: keyAddress(funded),
      Nonce: 0n,
      Value: 0n as TokenAmount,
      GasLimit: 0n,
      GasFeeCap: 0n as TokenAmount,
      GasPremium: 0n as TokenAmount,
      Method: 2n as MethodNum,
      Params: new Uint8Array(0)
    }, TipSetKey.empty)
    assert.equal(call.MsgRct.ExitCode, 0, call.Error)
    assert.equal(decodeCbor(uint, call.MsgRct.Return, 'ProvingPeriod return'), 48)
  })
})
